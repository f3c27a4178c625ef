/**
 * Shard reports -> the report of the whole run: each collection's scenarios put
 * back in their unsharded order, renumbered, with totals recomputed.
 */
import type { Report } from '../model/report.js';
import type { RunResult } from '../model/result.js';
import { computeStats } from '../run/stats.js';

export function mergeRuns(reports: readonly Report[]): RunResult[] {
  const byFile = new Map<string, RunResult[]>();
  for (const report of reports) {
    for (const run of report.runs)
      byFile.set(run.collection.file, [...(byFile.get(run.collection.file) ?? []), run]);
  }
  return [...byFile.values()].map((runs) => {
    const scenarios = runs
      .flatMap((r) => r.scenarios)
      .sort((a, b) => (a.order ?? a.index) - (b.order ?? b.index))
      .map((s, index) => ({ ...s, index }));
    const start = Math.min(...runs.map((r) => Date.parse(r.startedAt)));
    const end = Math.max(...runs.map((r) => Date.parse(r.startedAt) + r.durationMs));
    const stats = computeStats(scenarios);
    return {
      collection: runs[0]!.collection,
      startedAt: new Date(start).toISOString(),
      durationMs: end - start,
      outcome: stats.scenarios.failed > 0 ? 'failed' : 'passed',
      interrupted: runs.some((r) => r.interrupted),
      scenarios,
      stats,
    } satisfies RunResult;
  });
}
