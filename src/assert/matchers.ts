/**
 * Matchers, one at a time: `evaluateMatcher('minLength', 1, value)`. Each says
 * whether it passed and, when the raw value would mislead, what it measured.
 */
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { MatcherName } from '../model/matchers.js';
import { isDeepStrictEqual } from 'node:util';
import { regexTest } from './regex.js';
import type * as AjvModule from 'ajv';

export interface MatcherOutcome {
  passed: boolean;
  /** What was compared, when it is not the value itself (a length, a type). */
  actual?: unknown;
  message?: string;
}

const schemas = new WeakMap<object, ValidateFunction>();
let ajv: Ajv | undefined;

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function evaluateMatcher(
  name: MatcherName,
  expected: unknown,
  found: boolean,
  value: unknown,
): MatcherOutcome {
  if (name === 'exists') return { passed: found === expected, actual: found };
  if (!found) return { passed: name === 'notEquals', actual: undefined, message: 'not found' };
  switch (name) {
    case 'equals':
      return { passed: isDeepStrictEqual(value, expected) };
    case 'notEquals':
      return { passed: !isDeepStrictEqual(value, expected) };
    case 'contains':
      if (typeof value === 'string') return { passed: value.includes(String(expected)) };
      if (Array.isArray(value)) return { passed: value.some((v) => isDeepStrictEqual(v, expected)) };
      return { passed: false, message: `contains needs a string or an array, got ${typeOf(value)}` };
    case 'matches':
      return typeof value === 'string' || typeof value === 'number'
        ? { passed: regexTest(String(expected), String(value)) }
        : { passed: false, message: `matches needs a string, got ${typeOf(value)}` };
    case 'type': {
      const actual = typeOf(value);
      const passed = expected === 'integer' ? Number.isInteger(value) : actual === expected;
      return { passed, actual };
    }
    case 'length':
    case 'minLength':
    case 'maxLength': {
      const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
      if (length === undefined)
        return { passed: false, actual: typeOf(value), message: `${name} needs a string or an array` };
      const n = Number(expected);
      const passed = name === 'length' ? length === n : name === 'minLength' ? length >= n : length <= n;
      return { passed, actual: length };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof value !== 'number')
        return { passed: false, message: `${name} needs a number, got ${typeOf(value)}` };
      const n = Number(expected);
      const passed =
        name === 'gt' ? value > n : name === 'gte' ? value >= n : name === 'lt' ? value < n : value <= n;
      return { passed };
    }
    case 'oneOf':
      return { passed: Array.isArray(expected) && expected.some((e) => isDeepStrictEqual(e, value)) };
    case 'schema': {
      const validate = compiled(expected as object);
      const passed = validate(value);
      return { passed, message: passed ? undefined : ajvMessage(validate) };
    }
  }
}

function compiled(schema: object): ValidateFunction {
  let validate = schemas.get(schema);
  if (!validate) {
    if (!ajv) {
      const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
      ajv = new AjvClass({ allErrors: false, strict: false });
    }
    validate = ajv.compile(schema);
    schemas.set(schema, validate);
  }
  return validate;
}

function ajvMessage(validate: ValidateFunction): string {
  const e = validate.errors?.[0];
  return e ? `schema: ${e.instancePath || '(root)'} ${e.message ?? ''}`.trim() : 'schema: not valid';
}
