/**
 * The verdict of a whole `gatecheck run`, over every file: one function decides
 * both the last line and the exit code, so they cannot disagree.
 *   PASSED       every scenario that ran passed                      exit 0
 *   FAILED       a check failed or a request/token could not be had  exit 1
 *   NO TESTS     no scenario ran (a --grep that matched nothing)     exit 1 (0 with --pass-with-no-tests)
 *   INTERRUPTED  a signal stopped the run                            exit 130
 */
import type { RunResult, RunStats } from './result.js';
import { sumStats } from './stats.js';

export type Verdict = 'PASSED' | 'FAILED' | 'NO TESTS' | 'INTERRUPTED';

export interface RunVerdict {
  verdict: Verdict;
  exitCode: number;
  /** Totals over every file. */
  stats: RunStats;
  /** Steps that ended in an error (no response, no token), apart from failed checks. */
  errors: number;
  /** When no request got an answer: the origins that did not answer. */
  unreachable: string[];
}

export interface VerdictOptions {
  passWithNoTests?: boolean;
  /** The exit code for an interrupted run (130 for SIGINT). */
  interruptedCode?: number;
  interrupted?: boolean;
}

export function runVerdict(results: readonly RunResult[], options: VerdictOptions = {}): RunVerdict {
  const stats = totalStats(results);
  const errors = stats.steps.errored;
  // Results may keep failed scenarios only: a passed scenario had an answer.
  const base = { stats, errors, unreachable: stats.scenarios.passed > 0 ? [] : unreachableOrigins(results) };
  if (options.interrupted || results.some((r) => r.interrupted))
    return { ...base, verdict: 'INTERRUPTED', exitCode: options.interruptedCode ?? 130 };
  if (stats.scenarios.total === 0)
    return { ...base, verdict: 'NO TESTS', exitCode: options.passWithNoTests ? 0 : 1 };
  const failed = results.some((r) => r.outcome === 'failed') || stats.scenarios.failed > 0 || errors > 0;
  return { ...base, verdict: failed ? 'FAILED' : 'PASSED', exitCode: failed ? 1 : 0 };
}

export function totalStats(results: readonly RunResult[]): RunStats {
  return sumStats(results.map((r) => r.stats));
}

/** Origins of the requests made, when not one of them got an answer; [] otherwise. */
function unreachableOrigins(results: readonly RunResult[]): string[] {
  const exchanges = results.flatMap((r) => r.scenarios.flatMap((s) => s.steps.flatMap((st) => st.exchanges)));
  if (exchanges.length === 0 || exchanges.some((e) => e.status !== undefined)) return [];
  const origins = new Set<string>();
  for (const e of exchanges) {
    try {
      origins.add(new URL(e.url).origin);
    } catch {
      origins.add(e.url);
    }
  }
  return [...origins];
}
