/**
 * -r json: the Report as JSON, written as scenarios finish. The document is the
 * same schemaVersion 1 shape as ever; only the key order tells it was streamed
 * (what is known at the end comes at the end of its object) and each scenario
 * is one line:
 *   { "$schema": …, "schemaVersion": 1, "tool": {…}, "shard": {…}, "startedAt": …,
 *     "runs": [{ "collection": {…}, "startedAt": …, "scenarios": [{…}, …], "durationMs": …, "stats": {…} }],
 *     "durationMs": …, "outcome": "failed", "interrupted": false, "stats": {…} }
 */
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';
import type { RunResult } from '../model/result.js';
import { computeStats } from '../model/stats.js';
import { roundTimings } from './round-timings.js';
import type { FileReporter, ReportMeta, ReportOutput, ReportSink, StreamingReporter } from './types.js';

export const REPORT_SCHEMA_ID = 'https://gatecheck.dev/schema/report.schema.json';

/** The whole report in memory, for the programmatic API and tests. */
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

export const jsonReporter: FileReporter & StreamingReporter = {
  name: 'json',
  defaultPath: 'reports/gatecheck.json',
  render: (report) => `${JSON.stringify(report, roundTimings, 2)}\n`,
  open: openJsonSink,
};

/** JSON.stringify(value, roundTimings, 2) for a value nested `depth` levels down. */
function nested(value: unknown, depth: number): string {
  const text = JSON.stringify(value, roundTimings, 2);
  return depth === 0 || !text.includes('\n') ? text : text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** `"key": value` lines of an object being written at `depth`. */
function fields(entries: Record<string, unknown>, depth: number): string[] {
  const pad = '  '.repeat(depth + 1);
  return Object.entries(entries)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${pad}${JSON.stringify(k)}: ${nested(roundTimings(k, v), depth + 1)}`);
}

function openJsonSink(out: ReportOutput, meta: ReportMeta): ReportSink {
  const head = fields(
    {
      $schema: REPORT_SCHEMA_ID,
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'gatecheck', version: meta.version },
      shard: meta.shard,
      startedAt: meta.startedAt,
    },
    0,
  );
  out.write(`{\n${head.join(',\n')},\n  "runs": [`);
  let runs = 0;
  let scenarios = 0;
  return {
    runStart(run) {
      const head = fields({ collection: run.collection, startedAt: run.startedAt }, 2).join(',\n');
      out.write(`${runs++ > 0 ? ',' : ''}\n    {\n${head},\n      "scenarios": [`);
      scenarios = 0;
    },
    scenario(result) {
      // One line per scenario: cheap to write a million of, and easy to grep.
      out.write(`${scenarios++ > 0 ? ',' : ''}\n        ${JSON.stringify(result, roundTimings)}`);
    },
    runEnd(summary) {
      const { durationMs, outcome, interrupted, stats } = summary;
      const tail = fields({ durationMs, outcome, interrupted, stats }, 2).join(',\n');
      out.write(`${scenarios > 0 ? '\n      ' : ''}],\n${tail}\n    }`);
    },
    close(totals) {
      out.write(`${runs > 0 ? '\n  ' : ''}],\n${fields({ ...totals }, 0).join(',\n')}\n}\n`);
    },
  };
}
