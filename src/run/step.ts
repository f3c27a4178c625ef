/**
 * One request step: resolve, send as its caller (a 401 with an oauth2 profile
 * drops the token, fetches a new one and sends once more), check, capture, and,
 * when secured, probe the same request as callers who must be refused. A failed
 * check is a failure; a request or token that could not be had is an error.
 */
import type { CookieStore } from './scenario-cookies.js';
import { queryJson } from '../assert/jsonpath.js';
import type { HttpResponse } from '../http/client.js';
import { SECRET_NAME, type SecretSet } from '../mask/secrets.js';
import { evaluateExpectations, parseJson } from '../assert/evaluate.js';
import type { TokenObserver } from '../auth/token-cache.js';
import type { RequestStep } from '../model/collection.js';
import type { HttpTrace } from '../model/events.js';
import { stepName } from '../model/step-name.js';
import type { CheckResult, Exchange, StepResult, TokenEvent } from '../model/result.js';
import { buildRequest, VariableError, type Lookup } from './build-request.js';
import type { RunContext } from './context.js';
import { runProbes } from './probes.js';
import { resolveExpectations } from './resolve-expected.js';
import { sendAs, type Sender } from './send-as.js';
import { excerptText, excerptValue } from '../mask/excerpt.js';

export async function executeRequestStep(
  step: RequestStep,
  index: number,
  profileName: string | undefined,
  captures: Map<string, string>,
  ctx: RunContext,
  trace?: (t: HttpTrace) => void,
  jar?: CookieStore,
): Promise<StepResult> {
  const startMs = ctx.elapsed();
  const exchanges: Exchange[] = [];
  const tokenEvents: TokenEvent[] = [];
  const observer: TokenObserver = {
    exchange: (e) => exchanges.push(e),
    event: (e) => tokenEvents.push(e),
    waited: (profile, ms) => {
      result.tokenWait = { profile, ms: (result.tokenWait?.ms ?? 0) + ms };
    },
    trace,
  };
  const lookup: Lookup = (n) => captures.get(n) ?? ctx.variables.get(n);
  // The last request of the step's own flow, as sent (auth included), for the report of a failure.
  let sent: HttpTrace['request'] | undefined;
  const sender: Sender = {
    ctx,
    lookup,
    observer,
    exchanges,
    trace: (t) => {
      sent = t.request;
      trace?.(t);
    },
    jar: step.request.cookies === false ? undefined : jar,
  };
  let asSent: HttpTrace['request'] | undefined;
  const result = newStepResult(step, index, profileName, startMs, exchanges, tokenEvents);
  const caller = result.caller;

  try {
    const out = buildRequest(step.request, ctx.collection, lookup, ctx.timeoutMs);
    result.request = { method: out.method, url: out.url };
    const { res, retried, tokenResponse } = await sendAs(sender, out, profileName, { retry: true });
    result.retried = retried;
    asSent = sent;
    result.response = { status: res.status, durationMs: res.durationMs };
    const expect = resolveExpectations(step.expect, (n) => lookup(n) ?? missing(n));
    result.checks = evaluateExpectations(expect, { ...res, retried, tokenResponse });
    result.checks.push(...capture(step, res, captures, ctx.secrets));
    if (step.secured || (ctx.securityAll && caller !== 'anonymous')) {
      const { probes, checks } = await runProbes(sender, step, out, profileName, expect.status);
      result.probes = probes;
      result.checks.push(...checks);
    }
    settleChecks(result, res, ctx.secrets);
  } catch (error) {
    stepError(result, error);
    asSent ??= sent;
  }
  withSentRequest(result, asSent, ctx.secrets);
  result.durationMs = ctx.elapsed() - startMs;
  return result;
}

/**
 * A step that did not pass keeps its request as it was sent (headers, a body
 * excerpt, multipart parts): what its report shows and its curl line repeats.
 */
export function withSentRequest(
  result: StepResult,
  asSent: HttpTrace['request'] | undefined,
  secrets: SecretSet,
): void {
  if (result.outcome === 'passed' || !result.request || !asSent) return;
  result.request = {
    ...result.request,
    headers: asSent.headers,
    ...(asSent.body ? { bodyExcerpt: excerptText(asSent.body, secrets) } : {}),
    ...(asSent.multipart ? { multipart: asSent.multipart } : {}),
  };
}

/** A request step's result before it is sent: who it calls as, nothing observed yet. */
export function newStepResult(
  step: RequestStep,
  index: number,
  profileName: string | undefined,
  startMs: number,
  exchanges: Exchange[],
  tokenEvents: TokenEvent[],
): StepResult {
  return {
    index,
    name: stepName(step),
    kind: 'request',
    outcome: 'passed',
    endpoint: `${step.request.method} ${step.request.url}`,
    caller: profileName && profileName !== 'none' ? profileName : 'anonymous',
    retried: false,
    exchanges,
    tokenEvents,
    checks: [],
    startMs,
    durationMs: 0,
  };
}

/**
 * The verdict of a step that got its answer. Results keep bounded, masked excerpts
 * of what the server sent, and headers and a body excerpt only where a check failed.
 */
export function settleChecks(result: StepResult, res: HttpResponse, secrets: SecretSet): void {
  for (const c of result.checks) {
    c.actual = excerptValue(c.actual, secrets);
    c.expected = excerptValue(c.expected, secrets);
  }
  result.outcome = result.checks.every((c) => c.passed) ? 'passed' : 'failed';
  if (result.outcome === 'failed')
    result.response = {
      ...result.response!,
      headers: res.headers,
      bodyExcerpt: excerptText(res.body, secrets),
    };
}

/** A request or token that could not be had: an error, not a failed check. */
export function stepError(result: StepResult, error: unknown): void {
  const e = error as Error & { code?: string };
  result.outcome = 'error';
  result.error = { code: e.code ?? 'E_INTERNAL', message: e.message };
}

function missing(name: string): never {
  throw new VariableError(`variable {{${name}}} has no value (was its capture empty?)`);
}

/**
 * Captures into the scenario's variables: `$.…` from the JSON body, `header:Name`
 * from a response header, `cookie:Name` from a cookie the response set, and
 * `header:Name /re/` or `body /re/` the regex's first group. One that finds
 * nothing is a failed check.
 */
export function capture(
  step: RequestStep,
  res: HttpResponse,
  captures: Map<string, string>,
  secrets: SecretSet,
): CheckResult[] {
  // A capture named like a secret (a token, a password) or marked secret is masked like one, fail closed.
  const keep = (name: string, value: string) => {
    if (SECRET_NAME.test(name) || step.secretCaptures.includes(name)) secrets.add(value, name);
    captures.set(name, value);
  };
  const entries = Object.entries(step.capture);
  if (entries.length === 0) return [];
  const parsed = parseJson(res.body);
  const failed: CheckResult[] = [];
  for (const [name, path] of entries) {
    const from = /^(?:(header|cookie):(\S+)|(body))(?: \/(.*)\/)?$/.exec(path);
    if (from) {
      const [, source, key = '', body, regex] = from;
      let value = body
        ? res.body
        : source === 'header'
          ? res.headers[key.toLowerCase()]
          : cookieSet(res, key);
      if (value !== undefined && regex !== undefined) value = new RegExp(regex).exec(value)?.[1];
      if (value !== undefined) keep(name, value);
      else
        failed.push({
          check: `capture ${name}`,
          expected: path,
          actual: undefined,
          passed: false,
          message: `${path} found nothing`,
        });
      continue;
    }
    const q = parsed.ok ? queryJson(parsed.value, path) : ({ found: false } as const);
    if (q.found && q.value !== undefined) {
      keep(name, typeof q.value === 'string' ? q.value : JSON.stringify(q.value));
    } else {
      const message = parsed.ok ? `${path} found nothing` : 'response body is not JSON';
      failed.push({ check: `capture ${name}`, expected: path, actual: undefined, passed: false, message });
    }
  }
  return failed;
}

/** The value of the cookie `name` in the response's Set-Cookie headers. */
function cookieSet(res: HttpResponse, name: string): string | undefined {
  for (const c of res.setCookies ?? []) {
    const m = /^\s*([^=;]+)=([^;]*)/.exec(c);
    if (m && m[1]?.trim() === name) return m[2]?.trim();
  }
  return undefined;
}
