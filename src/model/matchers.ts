/** The matcher vocabulary. An object whose keys are all in this list is a matcher; anything else is a literal. */
export const MATCHER_NAMES = [
  'equals',
  'notEquals',
  'contains',
  'matches',
  'exists',
  'type',
  'length',
  'minLength',
  'maxLength',
  'gt',
  'gte',
  'lt',
  'lte',
  'oneOf',
  'schema',
] as const;

export type MatcherName = (typeof MATCHER_NAMES)[number];
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
