/**
 * -r json: the Report as JSON.
 *   { "schemaVersion": 1, "tool": {…}, "outcome": "failed", "stats": {…},
 *     "runs": [{ "collection": {…}, "scenarios": [{ "steps": [{ "checks": [{ "check": "status", … }] }] }] }] }
 */
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';
import type { RunResult } from '../model/result.js';
import { computeStats } from '../run/stats.js';
import { roundTimings } from './round-timings.js';
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
    stats: computeStats(runs.flatMap((r) => r.scenarios)),
    runs,
  };
}

export const jsonReporter: FileReporter = {
  name: 'json',
  defaultPath: 'reports/gatecheck.json',
  render: (report) => `${JSON.stringify(report, roundTimings, 2)}\n`,
};
