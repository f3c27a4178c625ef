/** Load-time checks of expected values: matchers that can run, regexes that compile, schemas that compile. */
import { createRequire } from 'node:module';
import { regexProblem } from '../assert/regex.js';
import { isMatcher, JSON_TYPES, MATCHERS, regexLiteral, type MatcherName } from '../model/matchers.js';
import type { DataPath } from '../source/document.js';
import type * as AjvModule from 'ajv';

export type Fail = (path: DataPath, message: string, part?: 'key' | 'value') => void;

export function checkExpected(expected: unknown, path: DataPath, fail: Fail, regexStrings: boolean): void {
  if (regexStrings) {
    const pattern = regexLiteral(expected);
    if (pattern !== undefined) return checkRegex(pattern, path, fail);
  }
  if (!isMatcher(expected)) return;
  for (const [name, arg] of Object.entries(expected)) {
    const where = [...path, name];
    switch (MATCHERS[name as MatcherName].argument) {
      case 'regex':
        if (typeof arg !== 'string') fail(where, `"${name}" takes a regular expression string`);
        else checkRegex(arg, where, fail);
        break;
      case 'type':
        if (!(JSON_TYPES as readonly unknown[]).includes(arg))
          fail(where, `"${name}" must be one of ${JSON_TYPES.join(', ')}`);
        break;
      case 'number':
        // A `{{variable}}` is checked when it is resolved (src/run/resolve-expected.ts).
        if (typeof arg !== 'number' && !isVariableRef(arg))
          fail(where, `"${name}" takes a number (or a {{variable}})`);
        break;
      case 'boolean':
        if (typeof arg !== 'boolean') fail(where, `"${name}" takes true or false`);
        break;
      case 'list':
        if (!Array.isArray(arg)) fail(where, `"${name}" takes a list`);
        break;
      case 'schema':
        try {
          // Ajv loads only for collections that use a schema matcher.
          const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
          new Ajv({ strict: false }).compile(arg as object);
        } catch (e) {
          fail(where, `invalid JSON Schema: ${(e as Error).message}`);
        }
        break;
      case 'any':
        break;
    }
  }
}

function checkRegex(pattern: string, path: DataPath, fail: Fail): void {
  const problem = regexProblem(pattern);
  if (problem) fail(path, `invalid regular expression: ${problem}`);
}

function isVariableRef(value: unknown): boolean {
  return typeof value === 'string' && /^\s*\{\{[^{}]+\}\}\s*$/.test(value);
}
