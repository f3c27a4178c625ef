/**
 * One request step: resolve, authenticate, send, and on a 401 with an oauth2
 * profile drop the token, fetch a new one and send once more. Then check and
 * capture. A failed check is a failure; a request that could not be made or a
 * token that could not be had is an error.
 */
import { queryJson } from '../assert/jsonpath.js';
import { evaluateExpectations, parseJson } from '../assert/evaluate.js';
import type { ResolvedOAuth2 } from '../auth/oauth2.js';
import type { TokenObserver } from '../auth/token-cache.js';
import type { HttpResponse, OutgoingRequest } from '../http/client.js';
import type { AuthProfile, RequestStep } from '../model/collection.js';
import type { HttpTrace } from '../model/events.js';
import type { CheckResult, Exchange, StepResult, TokenEvent } from '../model/result.js';
import { interpolate, interpolateDeep } from '../plan/template.js';
import { buildRequest, VariableError, type Lookup } from './build-request.js';
import type { RunContext } from './context.js';

const EXCERPT_BYTES = 2048;

export async function executeRequestStep(
  step: RequestStep,
  index: number,
  profileName: string | undefined,
  captures: Map<string, string>,
  ctx: RunContext,
  trace?: (t: HttpTrace) => void,
): Promise<StepResult> {
  const startMs = ctx.elapsed();
  const exchanges: Exchange[] = [];
  const tokenEvents: TokenEvent[] = [];
  const observer: TokenObserver = {
    exchange: (e) => exchanges.push(e),
    event: (e) => tokenEvents.push(e),
    trace,
  };
  const lookup: Lookup = (n) => captures.get(n) ?? ctx.variables.get(n);
  const result: StepResult = {
    index,
    name: step.name ?? `${step.request.method} ${step.request.url}`,
    kind: 'request',
    outcome: 'passed',
    retried: false,
    exchanges,
    tokenEvents,
    checks: [],
    startMs,
    durationMs: 0,
  };

  try {
    const out = buildRequest(step.request, ctx.collection, lookup, ctx.timeoutMs);
    result.request = { method: out.method, url: out.url };
    const profile = profileName && profileName !== 'none' ? ctx.collection.auth[profileName] : undefined;
    const oauth = profile?.type === 'oauth2' ? resolveOAuth2(profileName ?? '', profile, lookup) : undefined;

    let token: string | undefined;
    if (oauth) token = await ctx.tokens.get(oauth, observer, out.timeoutMs);
    else applyStaticAuth(out, profile, lookup, ctx);
    let res = await sendRecorded(out, token, ctx, exchanges, undefined, trace);
    if (oauth && token && res.status === 401) {
      ctx.tokens.invalidate(oauth, token);
      token = await ctx.tokens.get(oauth, observer, out.timeoutMs, true);
      res = await sendRecorded(out, token, ctx, exchanges, 'retry', trace);
      result.retried = true;
    }

    result.response = { status: res.status, durationMs: res.durationMs, headers: res.headers };
    const expect = interpolateDeep(step.expect, (n) => lookup(n) ?? missing(n)) as RequestStep['expect'];
    result.checks = evaluateExpectations(expect, { ...res, retried: result.retried });
    result.checks.push(...capture(step, res.body, captures));
    result.outcome = result.checks.every((c) => c.passed) ? 'passed' : 'failed';
    if (result.outcome === 'failed') result.response.bodyExcerpt = res.body.slice(0, EXCERPT_BYTES);
  } catch (error) {
    const e = error as Error & { code?: string };
    result.outcome = 'error';
    result.error = { code: e.code ?? 'E_INTERNAL', message: e.message };
  }
  result.durationMs = ctx.elapsed() - startMs;
  return result;
}

function missing(name: string): never {
  throw new VariableError(`variable {{${name}}} has no value (was its capture empty?)`);
}

async function sendRecorded(
  out: OutgoingRequest,
  token: string | undefined,
  ctx: RunContext,
  exchanges: Exchange[],
  note?: string,
  trace?: (t: HttpTrace) => void,
): Promise<HttpResponse> {
  if (token) out.headers.authorization = `Bearer ${token}`;
  const startMs = ctx.elapsed();
  const kind = note === 'retry' ? 'retry' : 'request';
  const request = { method: out.method, url: out.url, headers: { ...out.headers }, body: out.body };
  try {
    const res = await ctx.http.send(out);
    trace?.({
      kind,
      request,
      response: { status: res.status, headers: res.headers, body: res.body.slice(0, EXCERPT_BYTES) },
    });
    exchanges.push({
      kind: 'request',
      method: out.method,
      url: out.url,
      status: res.status,
      startMs,
      durationMs: res.durationMs,
      note,
    });
    return res;
  } catch (error) {
    trace?.({ kind, request, error: (error as Error).message });
    exchanges.push({
      kind: 'request',
      method: out.method,
      url: out.url,
      startMs,
      durationMs: ctx.elapsed() - startMs,
      note,
      error: (error as Error).message,
    });
    throw error;
  }
}

function resolveOAuth2(
  name: string,
  p: Extract<AuthProfile, { type: 'oauth2' }>,
  lookup: Lookup,
): ResolvedOAuth2 {
  const fill = (s: string) => interpolate(s, lookup);
  return {
    name,
    tokenUrl: fill(p.tokenUrl),
    clientId: fill(p.clientId),
    clientSecret: fill(p.clientSecret),
    clientAuth: p.clientAuth,
    scope: p.scope === undefined ? undefined : fill(p.scope),
  };
}

function applyStaticAuth(
  out: OutgoingRequest,
  profile: AuthProfile | undefined,
  lookup: Lookup,
  ctx: RunContext,
): void {
  const fill = (s: string) => interpolate(s, lookup);
  if (profile?.type === 'basic') {
    const user = fill(profile.username);
    const password = fill(profile.password);
    ctx.secrets.addBasic(user, password);
    out.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  } else if (profile?.type === 'bearer') {
    const token = fill(profile.token);
    ctx.secrets.add(token);
    out.headers.authorization = `Bearer ${token}`;
  }
}

/** Captures into the scenario's variables; one that finds nothing is a failed check. */
function capture(step: RequestStep, body: string, captures: Map<string, string>): CheckResult[] {
  const entries = Object.entries(step.capture);
  if (entries.length === 0) return [];
  const parsed = parseJson(body);
  const failed: CheckResult[] = [];
  for (const [name, path] of entries) {
    const q = parsed.ok ? queryJson(parsed.value, path) : ({ found: false } as const);
    if (q.found && q.value !== undefined) {
      captures.set(name, typeof q.value === 'string' ? q.value : JSON.stringify(q.value));
    } else {
      const message = parsed.ok ? `${path} found nothing` : 'response body is not JSON';
      failed.push({ check: `capture ${name}`, expected: path, actual: undefined, passed: false, message });
    }
  }
  return failed;
}
