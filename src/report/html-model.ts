/**
 * The HTML report as an accumulator: each scenario is folded into aggregates as
 * it arrives (failure groups, the endpoint × caller grid, per-endpoint latency,
 * a waterfall sample, per-scenario counts) and nothing else of a passing result
 * is kept, so a report of 100,000 scenarios costs what its distinct scenarios
 * and failures cost. render() writes the page.
 *
 *   const model = createHtmlModel({ version });
 *   model.addRun(run);            // collection, target, startedAt
 *   model.addScenario(result);    // as each scenario finishes
 *   model.endRun(run);            // outcome, stats, duration
 *   model.render();
 */
import type { RunResult, RunStats, ScenarioResult } from '../model/result.js';
import { emptyStats, sumStats } from '../model/stats.js';
import { createFailureGroups, type FailureGroups } from './failure-groups.js';
import { createLatencyStats, quantile, type LatencyStats } from './latency.js';
import { createSecurityGrid, type SecurityGrid } from './html-grid.js';
import { createWaterfall, type Waterfall } from './html-waterfall.js';

export type RunMeta = Pick<RunResult, 'collection' | 'startedAt' | 'target'>;
export type RunEnd = Pick<RunResult, 'durationMs' | 'outcome' | 'interrupted' | 'stats' | 'target'>;

/** Per scenario name: how its instances went, durations (bounded), one instance to show. */
export interface ScenarioSummary {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  durations: number[];
  /** The first failed instance, else the first one. */
  sample: ScenarioResult;
}

export interface RunModel {
  meta: RunMeta;
  end?: RunEnd;
  failures: FailureGroups;
  grid: SecurityGrid;
  latency: LatencyStats;
  waterfall: Waterfall;
  scenarios: Map<string, ScenarioSummary>;
}

export interface HtmlModel {
  addRun(meta: RunMeta): void;
  addScenario(result: ScenarioResult): void;
  endRun(end: RunEnd): void;
  runs(): readonly RunModel[];
  version: string;
}

const MAX_DURATIONS = 1000;

export function createHtmlModel(options: { version: string }): HtmlModel {
  const runs: RunModel[] = [];
  const current = () => {
    const run = runs[runs.length - 1];
    if (!run) throw new Error('addScenario before addRun');
    return run;
  };
  return {
    version: options.version,
    addRun(meta) {
      runs.push({
        meta,
        failures: createFailureGroups(),
        grid: createSecurityGrid(),
        latency: createLatencyStats(),
        waterfall: createWaterfall(),
        scenarios: new Map(),
      });
    },
    addScenario(s) {
      const run = current();
      run.failures.add(run.meta.collection.file, s);
      run.latency.add(s);
      run.waterfall.addScenario(s);
      run.grid.addScenario(run.meta.collection.file, s);
      let summary = run.scenarios.get(s.name);
      if (!summary) {
        summary = { name: s.name, passed: 0, failed: 0, skipped: 0, durations: [], sample: s };
        run.scenarios.set(s.name, summary);
      }
      const failed = s.outcome === 'failed' || s.outcome === 'error';
      if (failed && summary.failed === 0) summary.sample = s;
      summary[failed ? 'failed' : s.outcome === 'skipped' ? 'skipped' : 'passed']++;
      if (s.outcome !== 'skipped' && summary.durations.length < MAX_DURATIONS)
        summary.durations.push(s.durationMs);
    },
    endRun(end) {
      current().end = end;
    },
    runs: () => runs,
  };
}

export function medianOf(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Totals over runs (what the cards show). */
export function totalStats(runs: readonly RunModel[]): RunStats {
  return sumStats(runs.map((r) => r.end?.stats ?? emptyStats()));
}
