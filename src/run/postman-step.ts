/**
 * One request of a Postman-mode collection, as Postman runs it: pre-request
 * scripts (collection's, then the step's, in a Postman sandbox), the request with
 * its variables filled from the shared scopes and sent as its caller (the oauth2
 * token lifecycle included), the translated expectations, then the test scripts,
 * whose pm.test results become checks named as the tests are.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateExpectations } from '../assert/evaluate.js';
import type { TokenObserver } from '../auth/token-cache.js';
import type { OutgoingRequest } from '../http/client.js';
import { SECRET_NAME } from '../mask/secrets.js';
import type { MultipartPart, RequestStep } from '../model/collection.js';
import type { HttpTrace } from '../model/events.js';
import type { CheckResult, Exchange, StepResult, TokenEvent } from '../model/result.js';
import type { PostmanSandbox, PmRequestJson, PmResponseJson, ScriptResult } from '../postman/sandbox.js';
import { fillDeep, type PostmanScopes } from '../postman/scopes.js';
import { buildRequest, postmanForm } from './build-request.js';
import { rawContentType, strippedRawBody } from './raw-body.js';
import { multipartFor } from './multipart.js';
import { resolveExpectations } from './resolve-expected.js';
import type { RunContext } from './context.js';
import type { PostmanCookies } from './cookies.js';
import { sendAs, sendRecorded, type Sender } from './send-as.js';
import { capture, newStepResult, settleChecks, stepError, withSentRequest } from './step.js';
import {
  fromPmRequest,
  postmanTarget,
  pruneBody,
  sentPmRequest,
  toPmRequest,
  toPmResponse,
  withoutMissingFiles,
  withSystemHeaders,
} from './postman-request.js';

/** A script may run this many request timeouts before it is stopped (newman's default is never). */
const SCRIPT_TIMEOUT_FACTOR = 3;

/** What the steps of a Postman-mode run share. */
export interface PostmanRun {
  scopes: PostmanScopes;
  /** Created on the first script. */
  sandbox: () => Promise<PostmanSandbox>;
  /** One cookie jar for the run, as newman keeps one. */
  cookies: PostmanCookies;
  /** The last setNextRequest of the step's scripts, for the sequence to act on. */
  nextRequest?: { value: unknown };
  /** Where the run is: pm.info.iteration (0-based) and pm.info.iterationCount. */
  cursor?: { iteration: number; cycles: number };
}

export async function executePostmanStep(
  step: RequestStep,
  index: number,
  profileName: string | undefined,
  run: PostmanRun,
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
  const { scopes } = run;
  // The last request sent (what auth added included), for pm.request in test scripts; copied
  // before listeners see the trace, since they mask it in place.
  let sent: HttpTrace['request'] | undefined;
  const record = (t: HttpTrace) => {
    if (t.kind !== 'token') sent = { ...t.request, headers: { ...t.request.headers } };
    trace?.(t);
  };
  const sender: Sender = {
    ctx,
    lookup: scopes.lookup,
    observer,
    exchanges,
    trace: record,
    // disableCookies: the request neither sends nor keeps cookies (its scripts' pm.sendRequest still does).
    jar: step.request.cookies === false ? undefined : run.cookies.jar,
    postmanRedirects: true,
    postmanAuth: true,
  };
  const result = newStepResult(step, index, profileName, startMs, exchanges, tokenEvents);
  const name = result.name;
  const item = { id: step.id ?? step.path.join('.'), name };
  const prerequest = [...ctx.collection.scripts.prerequest, ...step.scripts.prerequest];
  const test = [...ctx.collection.scripts.test, ...step.scripts.test];
  const script = async (
    listen: 'prerequest' | 'test',
    exec: string,
    request: PmRequestJson,
    response?: PmResponseJson,
  ): Promise<ScriptResult> => {
    const sandbox = await run.sandbox();
    // Ctrl-C stops a script that waits (a long setTimeout) instead of waiting with it.
    let stop = () => {};
    const interrupted = new Promise<ScriptResult>((resolve) => {
      stop = () => resolve({ assertions: [], skipRequest: false, error: 'interrupted' });
      if (ctx.signal.aborted) stop();
      else ctx.signal.addEventListener('abort', stop, { once: true });
    });
    const running = sandbox.run(
      {
        listen,
        exec,
        request,
        response,
        item,
        cursor: run.cursor,
        // Room for the script's own pm.sendRequest calls, each of which has the run's timeout.
        timeoutMs: ctx.timeoutMs * SCRIPT_TIMEOUT_FACTOR,
        send: (r) => sendFromScript({ ...sender, jar: run.cookies.jar }, r, scopes, run.cookies),
        cookieStore: run.cookies.storeCall,
        ...(response?.jarCookies ? { cookies: response.jarCookies } : {}),
      },
      scopes,
    );
    const out = await Promise.race([running, interrupted]).finally(() =>
      ctx.signal.removeEventListener('abort', stop),
    );
    maskScopeSecrets(scopes, ctx);
    if (out.nextRequest) run.nextRequest = out.nextRequest;
    result.checks.push(...scriptChecks(listen, out));
    return out;
  };

  try {
    let spec = step.request;
    if (prerequest.length > 0) {
      // pm.request in a pre-request script is the request as written, its variables unfilled.
      let request = toPmRequest(
        buildRequest(spec, ctx.collection, (n) => `{{${n}}}`, ctx.timeoutMs, { postman: true }),
        spec,
        step.description,
      );
      const original = JSON.stringify(request);
      for (const exec of prerequest) {
        const out = await script('prerequest', exec, request);
        if (out.request) request = out.request;
        if (out.skipRequest) {
          result.outcome = 'skipped';
          return finish(result, ctx);
        }
      }
      // A script that changed the request: what it left is what is sent.
      if (JSON.stringify(request) !== original) spec = fromPmRequest(request, spec);
    }
    spec = fillDeep(spec, scopes.fill);
    // Postman sends a URL without a scheme as http://.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(spec.url.trim()) && ctx.collection.baseUrl === undefined)
      spec = { ...spec, url: `http://${spec.url.trim()}` };
    const built = strippedRawBody(
      buildRequest(withoutMissingFiles(spec), ctx.collection, scopes.lookup, ctx.timeoutMs, {
        postman: true,
      }),
      spec,
    );
    const toSend = withSystemHeaders(
      rawContentType(pruneBody(built, spec), spec),
      spec.disabledSystemHeaders,
    );
    const out = postmanTarget(toSend, profileName, ctx, spec.disableUrlEncoding);
    result.request = { method: out.method, url: out.url };
    run.cookies.maskWritten(out.headers.cookie);
    const { res, retried, tokenResponse } = await sendAs(sender, out, profileName, { retry: true });
    result.retried = retried;
    result.response = { status: res.status, durationMs: res.durationMs };
    const expect = resolveExpectations(step.expect, scopes.lookup);
    if (Object.keys(expect).length > 0)
      for (const check of evaluateExpectations(
        expect,
        { ...res, retried, tokenResponse },
        { implicitStatus: false },
      ))
        result.checks.push({ ...check, check: step.checkNames[check.check] ?? check.check });
    const captured = new Map<string, string>();
    result.checks.push(...capture(step, res, captured, ctx.secrets));
    for (const [k, v] of captured) scopes.environment[k] = v;
    const seen = sentPmRequest(built, out, sent, spec, step.description);
    const response = toPmResponse(res, await run.cookies.forUrl(res.url ?? out.url));
    for (const exec of test) await script('test', exec, seen, response);
    settleChecks(result, res, ctx.secrets);
  } catch (error) {
    stepError(result, error);
  }
  return finish(result, ctx, sent);
}

function finish(result: StepResult, ctx: RunContext, sent?: HttpTrace['request']): StepResult {
  if (result.outcome === 'passed' && !result.checks.every((c) => c.passed)) result.outcome = 'failed';
  withSentRequest(result, sent, ctx.secrets);
  result.durationMs = ctx.elapsed() - result.startMs;
  return result;
}

/** pm.test results as checks; a script that threw is a failed check, as newman counts it. */
function scriptChecks(listen: 'prerequest' | 'test', out: ScriptResult): CheckResult[] {
  const checks: CheckResult[] = out.assertions
    .filter((a) => !a.skipped)
    .map((a) => ({
      check: a.name,
      expected: 'pass',
      actual: a.passed ? 'pass' : 'fail',
      passed: a.passed,
      ...(a.passed ? {} : { message: a.error?.message ?? 'assertion failed' }),
    }));
  if (out.error)
    checks.push({
      check: `${listen === 'test' ? 'test' : 'pre-request'} script`,
      expected: 'runs',
      actual: 'threw',
      passed: false,
      message: out.error,
    });
  return checks;
}

/** Values that scripts put in variables named like secrets (a fetched token) are masked. */
function maskScopeSecrets(scopes: PostmanScopes, ctx: RunContext): void {
  for (const [name, value] of scopes.entries())
    if (SECRET_NAME.test(name) && (typeof value === 'string' || typeof value === 'number'))
      ctx.secrets.add(String(value));
}

/** pm.sendRequest: sent by gatecheck's client, variables filled, redirects followed as Postman does. */
async function sendFromScript(
  s: Sender,
  request: PmRequestJson,
  scopes: PostmanScopes,
  cookies: PostmanCookies,
): Promise<PmResponseJson> {
  const headers: Record<string, string> = {};
  for (const h of request.header) if (!h.disabled) headers[h.key.toLowerCase()] = scopes.fill(h.value);
  let body: string | undefined;
  if (request.body?.mode === 'raw') body = scopes.fill(request.body.raw);
  else if (request.body?.mode === 'urlencoded') {
    body = postmanForm(
      request.body.urlencoded.map((p): [string, string] => [scopes.fill(p.key), scopes.fill(p.value)]),
    );
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  let bodyBytes: Uint8Array | undefined;
  if (request.body?.mode === 'formdata') {
    // As newman: {{variables}} in the parts are sent as written, files read relative to the
    // working directory, and one that cannot be read left out.
    const parts = request.body.formdata
      .map((p): MultipartPart => {
        const type = p.contentType !== undefined ? { contentType: p.contentType } : {};
        return p.type === 'file'
          ? { name: p.key, file: resolve(p.src), ...type }
          : { name: p.key, value: p.value, ...type };
      })
      .filter((p) => !('file' in p) || existsSync(p.file));
    ({ body, bodyBytes } = multipartFor(parts, headers));
  }
  cookies.maskWritten(headers.cookie);
  const written: OutgoingRequest = {
    method: (request.method || 'GET').toUpperCase(),
    url: scopes.fill(request.url),
    headers,
    body,
    ...(bodyBytes ? { bodyBytes } : {}),
    timeoutMs: s.ctx.timeoutMs,
    followRedirects: true,
  };
  const out = postmanTarget(withSystemHeaders(written), undefined, s.ctx);
  const res = await sendRecorded(s, out, { kind: 'request' }, false);
  maskTokensIn(res.body, s.ctx);
  return toPmResponse(res, await cookies.forUrl(res.url ?? out.url));
}

/** Tokens a script fetches are secrets before any script can store them. */
function maskTokensIn(body: string, ctx: RunContext): void {
  if (!body.includes('token')) return;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token', 'id_token'])
      if (typeof json[key] === 'string') ctx.secrets.add(json[key]);
  } catch {
    // not JSON: nothing to learn
  }
}
