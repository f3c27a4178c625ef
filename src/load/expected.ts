/** Load-time checks of expected values: matchers that can run, regexes that compile, schemas that compile. */
import { createRequire } from 'node:module';
import { regexProblem } from '../assert/regex.js';
import { isMatcher, JSON_TYPES, regexLiteral } from '../model/matchers.js';
import type { DataPath } from '../source/document.js';
import type * as AjvModule from 'ajv';

type Fail = (path: DataPath, message: string, part?: 'key' | 'value') => void;

export function checkExpected(expected: unknown, path: DataPath, fail: Fail, regexStrings: boolean): void {
  if (regexStrings) {
    const pattern = regexLiteral(expected);
    if (pattern !== undefined) return checkRegex(pattern, path, fail);
  }
  if (!isMatcher(expected)) return;
  const m = expected;
  if (m.matches !== undefined) {
    if (typeof m.matches !== 'string')
      fail([...path, 'matches'], '"matches" takes a regular expression string');
    else checkRegex(m.matches, [...path, 'matches'], fail);
  }
  if (m.type !== undefined && !(JSON_TYPES as readonly unknown[]).includes(m.type)) {
    fail([...path, 'type'], `"type" must be one of ${JSON_TYPES.join(', ')}`);
  }
  for (const key of ['length', 'minLength', 'maxLength', 'gt', 'gte', 'lt', 'lte'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'number') fail([...path, key], `"${key}" takes a number`);
  }
  if (m.exists !== undefined && typeof m.exists !== 'boolean')
    fail([...path, 'exists'], '"exists" takes true or false');
  if (m.oneOf !== undefined && !Array.isArray(m.oneOf)) fail([...path, 'oneOf'], '"oneOf" takes a list');
  if (m.schema !== undefined) {
    try {
      // Ajv loads only for collections that use a schema matcher.
      const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
      new Ajv({ strict: false }).compile(m.schema as object);
    } catch (e) {
      fail([...path, 'schema'], `invalid JSON Schema: ${(e as Error).message}`);
    }
  }
}

function checkRegex(pattern: string, path: DataPath, fail: Fail): void {
  const problem = regexProblem(pattern);
  if (problem) fail(path, `invalid regular expression: ${problem}`);
}
