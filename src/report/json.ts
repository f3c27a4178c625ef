/**
 * -r json: the Report as JSON.
 *   { "schemaVersion": 1, "tool": {…}, "outcome": "failed", "stats": {…},
 *     "runs": [{ "collection": {…}, "scenarios": [{ "steps": [{ "checks": [{ "check": "status", … }] }] }] }] }
 */
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';
import type { RunResult, RunStats } from '../model/result.js';
import type { FileReporter } from './types.js';

export const REPORT_SCHEMA_ID = 'https://gatecheck.dev/schema/report.schema.json';

export function buildReport(runs: RunResult[], version: string): Report {
  const startedAt = runs[0]?.startedAt ?? new Date().toISOString();
  const end = Math.max(...runs.map((r) => Date.parse(r.startedAt) + r.durationMs), Date.parse(startedAt));
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'gatecheck', version },
    startedAt,
    durationMs: Math.round(end - Date.parse(startedAt)),
    outcome: runs.some((r) => r.outcome === 'failed') ? 'failed' : 'passed',
    interrupted: runs.some((r) => r.interrupted),
    stats: sumStats(runs.map((r) => r.stats)),
    runs,
  };
}

export const jsonReporter: FileReporter = {
  name: 'json',
  defaultPath: 'reports/gatecheck.json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};

function sumStats(all: RunStats[]): RunStats {
  const total: RunStats = {
    scenarios: { total: 0, passed: 0, failed: 0, skipped: 0 },
    steps: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
    checks: { total: 0, passed: 0, failed: 0 },
    requests: 0,
    tokenFetches: 0,
    retries: 0,
  };
  for (const s of all) {
    for (const k of Object.keys(total.scenarios) as (keyof RunStats['scenarios'])[])
      total.scenarios[k] += s.scenarios[k];
    for (const k of Object.keys(total.steps) as (keyof RunStats['steps'])[]) total.steps[k] += s.steps[k];
    for (const k of Object.keys(total.checks) as (keyof RunStats['checks'])[]) total.checks[k] += s.checks[k];
    total.requests += s.requests;
    total.tokenFetches += s.tokenFetches;
    total.retries += s.retries;
  }
  return total;
}
