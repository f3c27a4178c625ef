/**
 * Failures folded as they arrive: identical failures (same scenario, step, check,
 * expected and actual) become one group with a count and the iterations or data
 * rows they came from. 200 iterations of one failure are one group, not 200, and
 * memory grows with distinct failures, not with the run.
 *
 *   wrong expectation › GET /public/items › status: expected 201, got 200  × 200 (iterations 1–200)
 */
import type { ScenarioResult, StepResult } from '../model/result.js';
import { show } from './format.js';

/** At most this many instances are remembered per group; the count stays exact. */
const MAX_INSTANCES = 500;
/** Distinct failures kept; beyond it (say, an actual value that differs every time) they are only counted. */
const MAX_GROUPS = 2000;
/** Iteration ranges printed before "…". */
const MAX_RANGES = 8;

export interface FailureGroup {
  collection: string;
  scenario: string;
  /** The step as the reports name it, and its METHOD URL as sent (first occurrence). */
  step: string;
  request?: string;
  /** The check ('status', 'json $.x', …), or 'error' for a request that could not be made. */
  check: string;
  expected: string;
  actual: string;
  message?: string;
  count: number;
  /** Iteration numbers (1-based) or data row names, first MAX_INSTANCES of them. */
  iterations: number[];
  rows: string[];
  /** One failing step kept whole, for the detail view. */
  sample: StepResult;
}

export interface ScenarioFailures {
  collection: string;
  scenario: string;
  /** Failed instances of this scenario (iterations × rows). */
  failed: number;
  groups: FailureGroup[];
}

export interface FailureGroups {
  add(collection: string, scenario: ScenarioResult): void;
  /** Failing scenarios in the order they first failed, each with its groups. */
  byScenario(): ScenarioFailures[];
  /** Every group, in order of first occurrence. */
  all(): FailureGroup[];
  /** Failures not grouped because MAX_GROUPS distinct ones were kept already. */
  ungrouped(): number;
}

export function createFailureGroups(): FailureGroups {
  const groups = new Map<string, FailureGroup>();
  const scenarios = new Map<string, ScenarioFailures>();
  let ungrouped = 0;
  return {
    add(collection, s) {
      if (s.outcome !== 'failed' && s.outcome !== 'error') return;
      const scenarioKey = `${collection}\0${s.name}`;
      let entry = scenarios.get(scenarioKey);
      if (!entry) {
        entry = { collection, scenario: s.name, failed: 0, groups: [] };
        scenarios.set(scenarioKey, entry);
      }
      entry.failed++;
      for (const step of s.steps) {
        for (const f of stepFailures(step)) {
          const key = [
            scenarioKey,
            step.index,
            step.name,
            f.check,
            f.expected,
            f.actual,
            f.message ?? '',
          ].join('\0');
          let group = groups.get(key);
          if (!group && groups.size >= MAX_GROUPS) {
            ungrouped++;
            continue;
          }
          if (!group) {
            group = {
              collection,
              scenario: s.name,
              step: step.name,
              request: step.request ? `${step.request.method} ${step.request.url}` : undefined,
              ...f,
              count: 0,
              iterations: [],
              rows: [],
              sample: step,
            };
            groups.set(key, group);
            entry.groups.push(group);
          }
          group.count++;
          if (s.iteration !== undefined && group.iterations.length < MAX_INSTANCES)
            group.iterations.push(s.iteration);
          if (s.row && group.rows.length < MAX_INSTANCES) group.rows.push(s.row.name);
        }
      }
    },
    byScenario: () => [...scenarios.values()],
    all: () => [...groups.values()],
    ungrouped: () => ungrouped,
  };
}

function stepFailures(step: StepResult): Pick<FailureGroup, 'check' | 'expected' | 'actual' | 'message'>[] {
  if (step.error)
    return [{ check: 'error', expected: 'a response', actual: `${step.error.code}: ${step.error.message}` }];
  return step.checks
    .filter((c) => !c.passed)
    .map((c) => ({
      check: c.check,
      expected: show(c.expected),
      actual: show(c.actual),
      ...(c.message ? { message: c.message } : {}),
    }));
}

/** "iterations 1–3, 7 · rows alice, bob" (ranges compressed); '' when neither applies. */
export function describeInstances(group: Pick<FailureGroup, 'count' | 'iterations' | 'rows'>): string {
  const parts: string[] = [];
  if (group.iterations.length > 0) {
    const sorted = [...new Set(group.iterations)].sort((a, b) => a - b);
    const ranges: string[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      ranges.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
      i = j + 1;
    }
    const truncated =
      ranges.length > MAX_RANGES || (group.iterations.length < group.count && group.rows.length === 0);
    const shown = ranges.slice(0, MAX_RANGES).join(', ');
    parts.push(`${sorted.length === 1 ? 'iteration' : 'iterations'} ${shown}${truncated ? ', …' : ''}`);
  }
  if (group.rows.length > 0) {
    const names = [...new Set(group.rows)];
    const shown = names.slice(0, 10);
    parts.push(
      `${names.length === 1 ? 'row' : 'rows'} ${shown.join(', ')}${names.length > shown.length ? ', …' : ''}`,
    );
  }
  return parts.join(' · ');
}
