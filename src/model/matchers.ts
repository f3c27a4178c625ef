/**
 * The matcher vocabulary, one entry per matcher: the argument it takes (checked
 * when a collection loads) and the chai assertion that means the same thing on a
 * value gatecheck found (what export writes and import reads back). Evaluation
 * (assert/matchers.ts) switches over the same names, exhaustively.
 */
export type MatcherArgument = 'any' | 'number' | 'boolean' | 'list' | 'type' | 'regex' | 'schema';

export interface MatcherSpec {
  argument: MatcherArgument;
  /** The chai chain after `pm.expect(value).to.` with the same meaning, when there is one. */
  chai?: string;
}

export const MATCHERS = {
  equals: { argument: 'any', chai: 'eql' },
  notEquals: { argument: 'any', chai: 'not.eql' },
  contains: { argument: 'any', chai: 'include' },
  matches: { argument: 'regex', chai: 'match' },
  exists: { argument: 'boolean' },
  type: { argument: 'type', chai: 'a' },
  length: { argument: 'number', chai: 'lengthOf' },
  minLength: { argument: 'number' },
  maxLength: { argument: 'number' },
  gt: { argument: 'number', chai: 'above' },
  gte: { argument: 'number', chai: 'at.least' },
  lt: { argument: 'number', chai: 'below' },
  lte: { argument: 'number', chai: 'at.most' },
  oneOf: { argument: 'list', chai: 'oneOf' },
  schema: { argument: 'schema' },
} as const satisfies Record<string, MatcherSpec>;

/** An object whose keys are all in this list is a matcher; anything else is a literal. */
export const MATCHER_NAMES = Object.keys(MATCHERS) as (keyof typeof MATCHERS)[];

/** The matcher a chai chain means, if any (`above` -> gt). */
export function matcherForChai(chain: string): MatcherName | undefined {
  return MATCHER_NAMES.find((name) => (MATCHERS[name] as MatcherSpec).chai === chain);
}

export type MatcherName = keyof typeof MATCHERS;
export type Matcher = Partial<Record<MatcherName, unknown>>;

export const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

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
