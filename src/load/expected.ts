/** Load-time checks of expected values: matchers that can run, regexes that compile, schemas that compile. */
import { ENGINES } from '../assert/engines.js';
import {
  argumentProblem,
  isMatcher,
  regexLiteral,
  regexProblemLine,
  type MatcherName,
} from '../model/matchers.js';
import type { DataPath } from '../source/document.js';

export type Fail = (path: DataPath, message: string, part?: 'key' | 'value') => void;

export function checkExpected(expected: unknown, path: DataPath, fail: Fail, regexStrings: boolean): void {
  if (regexStrings) {
    const pattern = regexLiteral(expected);
    if (pattern !== undefined) {
      const problem = regexProblemLine(pattern, ENGINES);
      if (problem) fail(path, problem);
      return;
    }
  }
  if (!isMatcher(expected)) return;
  for (const [name, arg] of Object.entries(expected)) {
    const problem = argumentProblem(name as MatcherName, arg, ENGINES);
    if (problem) fail([...path, name], problem);
  }
}
