/**
 * Matchers, one at a time: `evaluateMatcher('minLength', 1, true, value)`, by the
 * matcher table (src/model/matchers.ts) on gatecheck's engines. Each says whether it
 * passed and, when the raw value would mislead, what it measured.
 */
import {
  evaluateMatcher as evaluateByTable,
  type MatcherName,
  type MatcherOutcome,
} from '../model/matchers.js';
import { ENGINES } from './engines.js';

export type { MatcherOutcome } from '../model/matchers.js';

export function evaluateMatcher(
  name: MatcherName,
  expected: unknown,
  found: boolean,
  value: unknown,
): MatcherOutcome {
  return evaluateByTable(name, expected, found, value, ENGINES);
}
