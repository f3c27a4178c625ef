/**
 * A step's expectations with `{{variables}}` filled in at run time, so a data
 * row can say which callers get 200 and which 401:
 *   status: '{{expected}}'  with expected = "401"       -> 401
 *                           with expected = "200,201"   -> [200, 201]
 *                           with expected = "2xx"       -> '2xx'
 * A whole-reference number argument (gt: '{{min}}') becomes a number. A value
 * that is not a status is an error naming the reference and what it held.
 */
import type { Expectations } from '../model/collection.js';
import { matcherArgument } from '../model/matchers.js';
import { interpolateDeep } from '../plan/template.js';

/** An expected value resolved to something that cannot be expected. */
export class ExpectedValueError extends Error {
  override readonly name = 'ExpectedValueError';
  readonly code = 'E_EXPECTED';
}

const WHOLE_REF = /^\s*\{\{\s*[^{}\s]+\s*\}\}\s*$/;

export function resolveExpectations(expect: Expectations, lookup: (name: string) => string): Expectations {
  const filled = interpolateDeep(expect, lookup) as Expectations;
  if (typeof expect.status === 'string' && expect.status.includes('{{'))
    filled.status = parseStatus(String(filled.status), expect.status);
  for (const key of ['json', 'headers', 'token'] as const) {
    const written = expect[key];
    const out = filled[key];
    if (!written || !out) continue;
    for (const [path, matcher] of Object.entries(written)) {
      if (!matcher || typeof matcher !== 'object' || Array.isArray(matcher)) continue;
      const resolved = out[path] as Record<string, unknown>;
      for (const [name, arg] of Object.entries(matcher as Record<string, unknown>)) {
        if (matcherArgument(name) === 'number' && typeof arg === 'string' && WHOLE_REF.test(arg))
          resolved[name] = parseNumber(String(resolved[name]), arg, `${key} ${path} ${name}`);
      }
    }
  }
  return filled;
}

/** "401", "200,201", "[200, 201]", "2xx". */
function parseStatus(value: string, written: string): number | number[] | string {
  const text = value.trim().replace(/^\[(.*)\]$/, '$1');
  if (/^[1-5]xx$/i.test(text)) return text.toLowerCase();
  const parts = text.split(/\s*[,|]\s*/);
  const codes = parts.map(Number);
  if (parts.length > 0 && parts.every((p) => /^[1-5]\d\d$/.test(p)))
    return codes.length === 1 ? codes[0]! : codes;
  throw new ExpectedValueError(
    `expect.status ${written.trim()} resolved to ${JSON.stringify(value)}, which is not a status (401, 200,201 or 2xx)`,
  );
}

function parseNumber(value: string, written: string, where: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n))
    throw new ExpectedValueError(
      `${where} ${written.trim()} resolved to ${JSON.stringify(value)}, which is not a number`,
    );
  return n;
}
