/**
 * Bounded excerpts of what a server sent, for results: a hostile body can fail
 * a check but cannot make a result, or any reporter that renders it, large or
 * deep. Secrets are masked before anything is cut, so no secret is left half
 * visible at a boundary.
 */
import type { SecretSet } from './secrets.js';

export const EXCERPT_LIMITS = {
  /** Characters kept of a body, or of any one string value. */
  text: 2048,
  /** Levels of nested arrays and objects kept; deeper ones are summarised. */
  depth: 8,
  /** Items kept per array or object. */
  items: 50,
  /** Values (of any kind) kept in one excerpt. */
  nodes: 500,
};

/** Masked, then cut to the limit, saying how much was left out. */
export function excerptText(text: string, secrets: SecretSet, limit = EXCERPT_LIMITS.text): string {
  const masked = secrets.mask(text);
  return masked.length > limit
    ? `${masked.slice(0, limit)}… (${masked.length - limit} more characters)`
    : masked;
}

/** A copy of a JSON-like value within the limits; what is left out is said in place. */
export function excerptValue(value: unknown, secrets: SecretSet): unknown {
  let nodes = 0;
  // Recursion is bounded by EXCERPT_LIMITS.depth, whatever the input's depth.
  const copy = (v: unknown, depth: number): unknown => {
    nodes++;
    if (typeof v === 'string') return excerptText(v, secrets, EXCERPT_LIMITS.text / 4);
    if (v === null || typeof v !== 'object') return v;
    const isArray = Array.isArray(v);
    const size = isArray ? v.length : Object.keys(v).length;
    if (depth >= EXCERPT_LIMITS.depth || nodes >= EXCERPT_LIMITS.nodes)
      return `… (${isArray ? 'array' : 'object'} of ${size} left out)`;
    const more = Math.max(0, size - EXCERPT_LIMITS.items);
    if (isArray) {
      const out = v.slice(0, EXCERPT_LIMITS.items).map((x) => copy(x, depth + 1));
      if (more > 0) out.push(`… (${more} more items)`);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v).slice(0, EXCERPT_LIMITS.items))
      out[excerptText(k, secrets, 256)] = copy(x, depth + 1);
    if (more > 0) out['…'] = `${more} more keys`;
    return out;
  };
  return copy(value, 0);
}
