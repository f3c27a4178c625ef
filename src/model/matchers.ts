/**
 * The matcher vocabulary, one entry per matcher and everything about it in that
 * entry: the argument it takes (checked when a collection loads), how it decides on
 * a value (evaluation), the Postman test code with the same verdict (export), and
 * the chai assertions that mean exactly the same (import) or why none does.
 * Adding a matcher is adding an entry. Pure data and functions: the regular
 * expression and JSON Schema engines come in as `MatcherEngines` (src/assert/engines.ts).
 */
import { isDeepStrictEqual as deepEqual } from 'node:util';

export type MatcherArgument = 'any' | 'number' | 'boolean' | 'list' | 'type' | 'regex' | 'schema';

/** The engines evaluation and load checks need, passed in so model code has no runtime dependencies. */
export interface MatcherEngines {
  /** Whether the pattern occurs in the text (RE2). */
  regexTest(pattern: string, text: string): boolean;
  /** Why a pattern does not compile, or undefined. */
  regexProblem(pattern: string): string | undefined;
  /** Why the value does not satisfy the schema, or undefined. */
  schemaProblem(schema: object, value: unknown): string | undefined;
  /** Why the schema does not compile, or undefined. */
  schemaCompileProblem(schema: unknown): string | undefined;
}

export interface MatcherOutcome {
  passed: boolean;
  /** What was compared, when it is not the value itself (a length, a type). */
  actual?: unknown;
  message?: string;
}

/**
 * A chai assertion `pm.expect(value).to.<chain>(<arg>)` that passes exactly when the
 * matcher does, on every value: `chain` in canonical form (`be`/`have` words left out,
 * `not.` first, aliases resolved by the importer), `accepts` the literal arguments for
 * which the meaning is the same.
 */
export interface ChaiPattern {
  chain: string;
  accepts(arg: unknown): boolean;
}

export interface MatcherSpec {
  argument: MatcherArgument;
  /** Evaluation on a value that was found. */
  evaluate(expected: unknown, value: unknown, engines: MatcherEngines): MatcherOutcome;
  /** Evaluation when nothing was found; by default the check fails with "not found". */
  missing?(expected: unknown): MatcherOutcome;
  /** Export: Postman statements asserting that `r` ({ found, value }) satisfies the matcher. */
  postman(arg: unknown): string;
  /** Import: the chai assertions with the same verdict, or why there is none (the script then runs as written). */
  chai: ChaiPattern[] | { none: string };
}

export const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

export const MATCHERS = {
  equals: {
    argument: 'any',
    evaluate: (expected, value) => ({ passed: deepEqual(value, expected) }),
    postman: (arg) => `${FOUND}pm.expect(r.value).to.eql(${lit(arg)});`,
    // chai's equal is ===: an object or array literal never equals a parsed value.
    chai: [
      { chain: 'eql', accepts: () => true },
      { chain: 'equal', accepts: isPrimitive },
    ],
  },
  notEquals: {
    argument: 'any',
    evaluate: (expected, value) => ({ passed: !deepEqual(value, expected) }),
    missing: () => ({ passed: true, actual: undefined, message: 'not found' }),
    postman: (arg) => `pm.expect(r.found ? r.value : undefined).to.not.eql(${lit(arg)});`,
    chai: [
      { chain: 'not.eql', accepts: () => true },
      { chain: 'not.equal', accepts: isPrimitive },
    ],
  },
  contains: {
    argument: 'any',
    evaluate: (expected, value) => {
      if (typeof value === 'string') return { passed: value.includes(String(expected)) };
      if (Array.isArray(value)) return { passed: value.some((v) => deepEqual(v, expected)) };
      return { passed: false, message: `contains needs a string or an array, got ${typeOf(value)}` };
    },
    postman: (arg) =>
      `${FOUND}if (typeof r.value === 'string') pm.expect(r.value).to.include(String(${lit(arg)})); else if (Array.isArray(r.value)) pm.expect(r.value.some(function (x) { return gc.lodash.isEqual(x, ${lit(arg)}); }), 'contains').to.eql(true); else throw new Error('contains needs a string or an array');`,
    // chai's include compares array items with ===: only a string is the same test.
    chai: [{ chain: 'include', accepts: (arg) => typeof arg === 'string' }],
  },
  matches: {
    argument: 'regex',
    evaluate: (expected, value, engines) =>
      typeof value === 'string' || typeof value === 'number'
        ? { passed: engines.regexTest(String(expected), String(value)) }
        : { passed: false, message: `matches needs a string, got ${typeOf(value)}` },
    postman: (arg) =>
      `${FOUND}pm.expect(typeof r.value === 'string' || typeof r.value === 'number', 'a string').to.eql(true); pm.expect(String(r.value)).to.match(new RegExp(${lit(arg)}));`,
    chai: {
      none: "chai's match turns any value into a string (null matches /null/) and runs JavaScript's regex, not RE2",
    },
  },
  exists: {
    argument: 'boolean',
    evaluate: (expected) => ({ passed: expected === true, actual: true }),
    missing: (expected) => ({ passed: expected === false, actual: false }),
    postman: (arg) => `pm.expect(r.found, 'exists').to.eql(${JSON.stringify(arg)});`,
    chai: { none: "chai's exist also fails on null, which gatecheck finds" },
  },
  type: {
    argument: 'type',
    evaluate: (expected, value) => {
      const actual = typeOf(value);
      return { passed: expected === 'integer' ? Number.isInteger(value) : actual === expected, actual };
    },
    postman: (arg) =>
      arg === 'integer'
        ? `${FOUND}pm.expect(Number.isInteger(r.value), 'an integer').to.eql(true);`
        : `${FOUND}pm.expect(gc.type(r.value)).to.eql(${JSON.stringify(String(arg))});`,
    // chai has no integer type.
    chai: [
      { chain: 'a', accepts: (arg) => arg !== 'integer' && (JSON_TYPES as readonly unknown[]).includes(arg) },
    ],
  },
  length: lengthMatcher('length', (length, n) => length === n, 'to.eql'),
  minLength: lengthMatcher('minLength', (length, n) => length >= n, 'to.be.at.least'),
  maxLength: lengthMatcher('maxLength', (length, n) => length <= n, 'to.be.at.most'),
  gt: compareMatcher('gt', (v, n) => v > n, 'above'),
  gte: compareMatcher('gte', (v, n) => v >= n, 'at.least'),
  lt: compareMatcher('lt', (v, n) => v < n, 'below'),
  lte: compareMatcher('lte', (v, n) => v <= n, 'at.most'),
  oneOf: {
    argument: 'list',
    evaluate: (expected, value) => ({
      passed: Array.isArray(expected) && expected.some((e) => deepEqual(e, value)),
    }),
    postman: (arg) =>
      `${FOUND}pm.expect(${lit(arg)}.some(function (x) { return gc.lodash.isEqual(x, r.value); }), 'one of').to.eql(true);`,
    // chai's oneOf compares with ===: primitives only.
    chai: [{ chain: 'oneOf', accepts: (arg) => Array.isArray(arg) && arg.every(isPrimitive) }],
  },
  schema: {
    argument: 'schema',
    evaluate: (expected, value, engines) => {
      const problem = engines.schemaProblem(expected as object, value);
      return { passed: problem === undefined, message: problem };
    },
    postman: (arg) =>
      `${FOUND}const ajv = new (require('ajv'))({ allErrors: false }); pm.expect(ajv.validate(${JSON.stringify(arg)}, r.value), JSON.stringify(ajv.errors)).to.eql(true);`,
    chai: {
      none: "Postman's jsonSchema validates the whole body with its own validator and drafts, not gatecheck's Ajv",
    },
  },
} as const satisfies Record<string, MatcherSpec>;

export type MatcherName = keyof typeof MATCHERS;
export type Matcher = Partial<Record<MatcherName, unknown>>;

/** An object whose keys are all in this list is a matcher; anything else is a literal. */
export const MATCHER_NAMES = Object.keys(MATCHERS) as MatcherName[];

export function matcherSpec(name: MatcherName): MatcherSpec {
  return MATCHERS[name];
}

/** The argument kind of a matcher name, or undefined for a name that is not one. */
export function matcherArgument(name: string): MatcherArgument | undefined {
  return (MATCHER_NAMES as readonly string[]).includes(name)
    ? matcherSpec(name as MatcherName).argument
    : undefined;
}

/** Evaluates one matcher on what a path found. */
export function evaluateMatcher(
  name: MatcherName,
  expected: unknown,
  found: boolean,
  value: unknown,
  engines: MatcherEngines,
): MatcherOutcome {
  const spec = matcherSpec(name);
  if (found) return spec.evaluate(expected, value, engines);
  return spec.missing ? spec.missing(expected) : { passed: false, actual: undefined, message: 'not found' };
}

/** Why an argument cannot be used with this matcher (one line), or undefined. */
export function argumentProblem(
  name: MatcherName,
  arg: unknown,
  engines: MatcherEngines,
): string | undefined {
  switch (matcherSpec(name).argument) {
    case 'regex':
      if (typeof arg !== 'string') return `"${name}" takes a regular expression string`;
      return regexProblemLine(arg, engines);
    case 'type':
      return (JSON_TYPES as readonly unknown[]).includes(arg)
        ? undefined
        : `"${name}" must be one of ${JSON_TYPES.join(', ')}`;
    case 'number':
      // A `{{variable}}` is checked when it is resolved (src/run/resolve-expected.ts).
      return typeof arg === 'number' || isVariableRef(arg)
        ? undefined
        : `"${name}" takes a number (or a {{variable}})`;
    case 'boolean':
      return typeof arg === 'boolean' ? undefined : `"${name}" takes true or false`;
    case 'list':
      return Array.isArray(arg) ? undefined : `"${name}" takes a list`;
    case 'schema': {
      const problem = engines.schemaCompileProblem(arg);
      return problem === undefined ? undefined : `invalid JSON Schema: ${problem}`;
    }
    case 'any':
      return undefined;
  }
}

/** The load-time line for a pattern that does not compile. */
export function regexProblemLine(pattern: string, engines: MatcherEngines): string | undefined {
  const problem = engines.regexProblem(pattern);
  return problem === undefined ? undefined : `invalid regular expression: ${problem}`;
}

/** The matcher a chai assertion means exactly, given its canonical chain and literal argument. */
export function matcherForChai(chain: string, arg: unknown): MatcherName | undefined {
  return MATCHER_NAMES.find((name) => {
    const chai = matcherSpec(name).chai;
    return Array.isArray(chai) && chai.some((p) => p.chain === chain && p.accepts(arg));
  });
}

export function isMatcher(value: unknown): value is Matcher {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => (MATCHER_NAMES as readonly string[]).includes(k));
}

/** "/^application\/json/" style strings in header expectations are regular expressions. */
export function regexLiteral(value: unknown): string | undefined {
  return typeof value === 'string' && value.length >= 2 && value.startsWith('/') && value.endsWith('/')
    ? value.slice(1, -1)
    : undefined;
}

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function lengthMatcher(
  name: string,
  holds: (length: number, n: number) => boolean,
  chaiOp: string,
): MatcherSpec {
  return {
    argument: 'number',
    evaluate: (expected, value) => {
      const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
      if (length === undefined)
        return { passed: false, actual: typeOf(value), message: `${name} needs a string or an array` };
      return { passed: holds(length, Number(expected)), actual: length };
    },
    postman: (arg) =>
      `${FOUND}const n = typeof r.value === 'string' || Array.isArray(r.value) ? r.value.length : undefined; pm.expect(n, 'a length').to.be.a('number'); pm.expect(n).${chaiOp}(${Number(arg)});`,
    chai: { none: "chai's length assertions also pass on any object with a length key" },
  };
}

function compareMatcher(
  name: string,
  holds: (value: number, n: number) => boolean,
  chain: string,
): MatcherSpec {
  return {
    argument: 'number',
    evaluate: (expected, value) =>
      typeof value === 'number'
        ? { passed: holds(value, Number(expected)) }
        : { passed: false, message: `${name} needs a number, got ${typeOf(value)}` },
    postman: (arg) =>
      `${FOUND}pm.expect(r.value).to.be.a('number'); pm.expect(r.value).to.be.${chain}(${Number(arg)});`,
    // chai's comparisons also fail on anything but a number (or a Date, which JSON has not).
    chai: [{ chain, accepts: (arg) => typeof arg === 'number' }],
  };
}

/** Exported checks fail with "not found" before asserting on a value that is not there. */
const FOUND = "if (!r.found) throw new Error('not found'); ";

/** An expected value in exported code: `{{variables}}` in it filled in by Postman as gatecheck does. */
function lit(v: unknown): string {
  return `gc.v(${JSON.stringify(v)})`;
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function isVariableRef(value: unknown): boolean {
  return typeof value === 'string' && /^\s*\{\{[^{}]+\}\}\s*$/.test(value);
}
