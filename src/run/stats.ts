/** Totals of scenarios, steps, checks, requests, token fetches and retries, from results. */
import type { RunStats, ScenarioResult } from '../model/result.js';

export function computeStats(scenarios: readonly ScenarioResult[]): RunStats {
  const stats: RunStats = {
    scenarios: { total: scenarios.length, passed: 0, failed: 0, skipped: 0 },
    steps: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
    checks: { total: 0, passed: 0, failed: 0 },
    requests: 0,
    tokenFetches: 0,
    retries: 0,
  };
  for (const s of scenarios) {
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
  return stats;
}
