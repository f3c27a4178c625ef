/**
 * Turns a step's `expect` and the response into check records, pure:
 *   [{ check: 'status', expected: 200, actual: 401, passed: false },
 *    { check: 'json $.items minLength', expected: 1, actual: 3, passed: true }]
 * A step without a status expectation still checks for 2xx.
 */
import type { Expectations } from '../model/collection.js';
import { isMatcher, regexLiteral, type MatcherName } from '../model/matchers.js';
import type { CheckResult } from '../model/result.js';
import { queryJson } from './jsonpath.js';
import { evaluateMatcher } from './matchers.js';

export interface ObservedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  retried: boolean;
  /** The token response of the request's oauth2 caller, its tokens left out. */
  tokenResponse?: Record<string, unknown>;
}

export function evaluateExpectations(
  expect: Expectations,
  res: ObservedResponse,
  /** Postman mode checks a status only when one is written. */
  options: { implicitStatus?: boolean } = {},
): CheckResult[] {
  const implicit = options.implicitStatus ?? true;
  const checks: CheckResult[] =
    expect.status !== undefined || implicit ? [evaluateStatus(expect.status ?? '2xx', res.status)] : [];

  for (const [name, expected] of Object.entries(expect.headers ?? {})) {
    const value = res.headers[name.toLowerCase()];
    checks.push(...evaluateValue(`header ${name}`, expected, value !== undefined, value, true));
  }

  const jsonEntries = Object.entries(expect.json ?? {});
  if (jsonEntries.length > 0) {
    const parsed = parseJson(res.body);
    for (const [path, expected] of jsonEntries) {
      if (!parsed.ok) {
        // The same checks as for a JSON body (one per matcher), each failed with the reason.
        const message = `response body is not JSON (${res.headers['content-type'] ?? 'no content type'})`;
        const names = isMatcher(expected)
          ? Object.entries(expected).map(([m, arg]) => [`json ${path} ${m}`, arg] as const)
          : [[`json ${path}`, expected] as const];
        for (const [check, exp] of names)
          checks.push({ check, expected: exp, actual: undefined, passed: false, message });
        continue;
      }
      const q = queryJson(parsed.value, path);
      checks.push(...evaluateValue(`json ${path}`, expected, q.found, q.found ? q.value : undefined, false));
    }
  }

  for (const [path, expected] of Object.entries(expect.token ?? {})) {
    const q = res.tokenResponse ? queryJson(res.tokenResponse, path) : { found: false as const };
    checks.push(...evaluateValue(`token ${path}`, expected, q.found, q.found ? q.value : undefined, false));
  }

  const body = expect.body ?? {};
  if (body.contains !== undefined)
    checks.push({
      check: 'body contains',
      expected: body.contains,
      actual: excerpt(res.body),
      passed: res.body.includes(body.contains),
    });
  if (body.matches !== undefined)
    checks.push({
      check: 'body matches',
      expected: body.matches,
      actual: excerpt(res.body),
      passed: new RegExp(body.matches).test(res.body),
    });
  if (body.equals !== undefined)
    checks.push({
      check: 'body equals',
      expected: body.equals,
      actual: excerpt(res.body),
      passed: res.body === body.equals,
    });

  if (expect.maxDurationMs !== undefined) {
    const ms = Math.round(res.durationMs);
    checks.push({
      check: 'duration',
      expected: `<= ${expect.maxDurationMs} ms`,
      actual: `${ms} ms`,
      passed: ms <= expect.maxDurationMs,
    });
  }
  if (expect.retried !== undefined) {
    checks.push({
      check: 'retried',
      expected: expect.retried,
      actual: res.retried,
      passed: res.retried === expect.retried,
    });
  }
  return checks;
}

export function evaluateStatus(expected: number | number[] | string, status: number): CheckResult {
  let passed: boolean;
  if (typeof expected === 'number') passed = status === expected;
  else if (Array.isArray(expected)) passed = expected.includes(status);
  else passed = String(status)[0] === expected[0];
  return { check: 'status', expected, actual: status, passed };
}

/** A literal (deep equality, or a /regex/ string for headers) or a matcher with one check per matcher key. */
function evaluateValue(
  check: string,
  expected: unknown,
  found: boolean,
  value: unknown,
  regexStrings: boolean,
): CheckResult[] {
  const pattern = regexStrings ? regexLiteral(expected) : undefined;
  if (pattern !== undefined)
    return [record(`${check}`, expected, value, evaluateMatcher('matches', pattern, found, value))];
  if (!isMatcher(expected))
    return [record(check, expected, value, evaluateMatcher('equals', expected, found, value))];
  return Object.entries(expected).map(([name, arg]) =>
    record(`${check} ${name}`, arg, value, evaluateMatcher(name as MatcherName, arg, found, value)),
  );
}

function record(
  check: string,
  expected: unknown,
  value: unknown,
  outcome: ReturnType<typeof evaluateMatcher>,
): CheckResult {
  const actual = outcome.actual !== undefined || outcome.message === 'not found' ? outcome.actual : value;
  return {
    check,
    expected,
    actual,
    passed: outcome.passed,
    ...(outcome.passed || !outcome.message ? {} : { message: outcome.message }),
  };
}

export function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

function excerpt(body: string): string {
  return body.length > 200 ? `${body.slice(0, 200)}…` : body;
}
