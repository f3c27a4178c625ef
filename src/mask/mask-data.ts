/**
 * Masks a run's results as data, in place, before any reporter renders them:
 * every string value, never a key of the result's own shape (so `"passed"`
 * stays a key whatever the secrets are) and never markup (reporters escape
 * after masking). Keys and scalars inside user data (`expected`, `actual`,
 * headers, data rows) are data too: a secret there is masked, a number or
 * boolean that spells one becomes the mask. Iterative, so no depth can
 * overflow the stack.
 */
import { MASK, type SecretSet } from './secrets.js';

/** Result fields whose contents are the server's or the user's data, keys included. */
const DATA_FIELDS = new Set(['expected', 'actual', 'headers', 'values', 'vars', 'body']);

/**
 * Fields whose values gatecheck picks from a fixed list ('passed', 'token',
 * 'E_TIMEOUT'): words, not data, so a secret that happens to be one of those
 * words cannot turn `"outcome": "passed"` into nonsense that merge and diff refuse.
 */
const VOCABULARY_FIELDS = new Set(['outcome', 'kind', 'reason', 'code', 'type', '$schema', 'startedAt']);

/**
 * Objects already masked whole, by the secret count at the time (the set only grows):
 * a step masked at its step-end event is not walked again inside its scenario, the
 * run's end event and the returned result, unless a secret was added since.
 */
const maskedAt = new WeakMap<SecretSet, WeakMap<object, number>>();

export function maskData<T>(value: T, secrets: SecretSet): T {
  if (secrets.size === 0) return value;
  let done = maskedAt.get(secrets);
  if (!done) maskedAt.set(secrets, (done = new WeakMap()));
  const generation = secrets.size;
  const stack: { node: unknown; data: boolean }[] = [{ node: value, data: false }];
  const maskScalar = (v: unknown, data: boolean): unknown => {
    if (typeof v === 'string') return secrets.mask(v);
    if (data && (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'))
      return secrets.occursIn(String(v)) ? MASK : v;
    return v;
  };
  while (stack.length > 0) {
    const { node, data } = stack.pop()!;
    if (!data && node !== null && typeof node === 'object' && done.get(node) === generation) continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object') stack.push({ node: item, data });
        else node[i] = maskScalar(item, data);
      }
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        let item = record[key];
        const inner = data || DATA_FIELDS.has(key);
        if (item !== null && typeof item === 'object') stack.push({ node: item, data: inner });
        else if (data || !VOCABULARY_FIELDS.has(key)) record[key] = item = maskScalar(item, inner);
        if (data) {
          const masked = secrets.mask(key);
          if (masked !== key) {
            delete record[key];
            if (!Object.hasOwn(record, masked)) record[masked] = item;
          }
        }
      }
    }
  }
  // The value and the objects right under it (an event's step, result or trace) are now masked whole.
  if (value !== null && typeof value === 'object') {
    done.set(value, generation);
    if (!Array.isArray(value))
      for (const [key, item] of Object.entries(value))
        if (item !== null && typeof item === 'object' && !DATA_FIELDS.has(key)) done.set(item, generation);
  }
  return value;
}
