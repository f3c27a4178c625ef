/** Totals of scenarios, steps, checks, requests, token fetches and retries, from results. */
import type { RunStats, ScenarioResult } from './result.js';

export function emptyStats(): RunStats {
  return {
    scenarios: { total: 0, passed: 0, failed: 0, skipped: 0 },
    steps: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
    checks: { total: 0, passed: 0, failed: 0 },
    requests: 0,
    tokenFetches: 0,
    retries: 0,
  };
}

/** Counts one scenario into running totals: a long run keeps these, not every result. */
export function addScenarioStats(stats: RunStats, s: ScenarioResult): void {
  stats.scenarios.total++;
  stats.scenarios[s.outcome === 'error' ? 'failed' : s.outcome]++;
  for (const step of s.steps) {
    stats.steps.total++;
    if (step.outcome === 'error') stats.steps.errored++;
    else stats.steps[step.outcome]++;
    for (const c of step.checks) {
      stats.checks.total++;
      stats.checks[c.passed ? 'passed' : 'failed']++;
    }
    for (const e of step.exchanges) {
      if (e.kind === 'token') stats.tokenFetches++;
      else stats.requests++;
    }
    if (step.retried) stats.retries++;
  }
}

/** The sum of several runs' totals. */
export function addStats(into: RunStats, from: RunStats): void {
  for (const key of ['scenarios', 'steps', 'checks'] as const) {
    const a = into[key] as Record<string, number>;
    const b = from[key] as Record<string, number>;
    for (const k of Object.keys(b)) a[k] = (a[k] ?? 0) + b[k]!;
  }
  into.requests += from.requests;
  into.tokenFetches += from.tokenFetches;
  into.retries += from.retries;
}

export function computeStats(scenarios: readonly ScenarioResult[]): RunStats {
  const stats = emptyStats();
  for (const s of scenarios) addScenarioStats(stats, s);
  return stats;
}

/** The sum of several totals (runs, files, shards). */
export function sumStats(all: Iterable<RunStats>): RunStats {
  const total = emptyStats();
  for (const stats of all) addStats(total, stats);
  return total;
}
