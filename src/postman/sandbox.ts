/**
 * Postman scripts run in postman-sandbox, the library newman itself uses, inside
 * gatecheck's runner: the sandbox gets the request, the response and the variable
 * scopes as plain data and hands back the scopes, the (possibly changed) request
 * and the pm.test assertions. `pm.sendRequest` comes back out as a request that
 * gatecheck sends with its own HTTP client (its timeout, TLS and Ctrl-C).
 * Loaded only when a collection has scripts.
 */
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';

const require = createRequire(import.meta.url);

/** Variable values as the sandbox keeps them (a script may store numbers, objects…). */
export type ScopeValues = Record<string, unknown>;

/** What a script sees and may change. */
export interface SandboxScopes {
  environment: ScopeValues;
  collectionVariables: ScopeValues;
  globals: ScopeValues;
  /** pm.variables.set: local to the run (Postman keeps it from request to request). */
  local: ScopeValues;
  data: ScopeValues;
}

/** Request in Postman Collection JSON form (what pm.request is made from). */
export interface PmRequestJson {
  url: string;
  method: string;
  header: { key: string; value: string; disabled?: boolean }[];
  body?:
    | { mode: 'raw'; raw: string; options?: { raw?: { language?: string } } }
    | { mode: 'urlencoded'; urlencoded: { key: string; value: string }[] }
    | { mode: 'formdata'; formdata: PmFormParam[] };
  /** The request's description (the legacy global request.description). */
  description?: string;
}

/** A formdata entry as Postman writes it: text `value`, or a file `src`. */
export type PmFormParam =
  | { key: string; type: 'text'; value: string; contentType?: string }
  | { key: string; type: 'file'; src: string; contentType?: string; disabled?: boolean };

export interface PmResponseJson {
  code: number;
  status?: string;
  header: { key: string; value: string }[];
  body: string;
  responseTime: number;
  /**
   * The run's cookies for the URL the response came from: pm.cookies and a
   * pm.sendRequest's history.cookies, not part of the response (pm.response.cookies
   * is empty in newman).
   */
  jarCookies?: PmCookieJson[];
}

/** A cookie as postman-collection's Cookie JSON (what pm.cookies is made of). */
export interface PmCookieJson {
  name: string;
  value: string;
  domain: string | null;
  path: string | null;
  expires: string | null;
  maxAge?: number;
  secure: boolean;
  httpOnly: boolean;
  hostOnly: boolean | null;
  extensions?: string[];
}

/** One pm.cookies.jar() call on the run's cookie store: its result, or an error message. */
export type CookieStoreCall = (
  method: string,
  args: unknown[],
) => Promise<{ error?: string; result?: unknown }>;

export interface Assertion {
  name: string;
  passed: boolean;
  skipped: boolean;
  error?: { name?: string; message?: string };
}

export interface ScriptRun {
  listen: 'prerequest' | 'test';
  exec: string;
  request: PmRequestJson;
  response?: PmResponseJson;
  item: { id: string; name: string };
  /** The iteration (0-based) and how many there are: pm.info.iteration, pm.info.iterationCount. */
  cursor?: { iteration: number; cycles: number };
  timeoutMs: number;
  /** Sends a pm.sendRequest request; the sandbox gets the response or the error message. */
  send: (request: PmRequestJson) => Promise<PmResponseJson>;
  /** pm.cookies (test scripts): the run's cookies for the response's URL. */
  cookies?: PmCookieJson[];
  /** pm.cookies.jar(): the run's cookie store (none: scripts get "no store found", as newman without a jar). */
  cookieStore?: CookieStoreCall;
}

export interface ScriptResult {
  assertions: Assertion[];
  /** A script that threw (or timed out): Postman reports it as a failure of the request. */
  error?: string;
  /** The request after a pre-request script changed it (undefined when unchanged). */
  request?: PmRequestJson;
  /** postman.setNextRequest / pm.execution.setNextRequest, when called (the last call's argument). */
  nextRequest?: { value: unknown };
  skipRequest: boolean;
}

interface SandboxContext {
  execute(
    target: unknown,
    options: Record<string, unknown>,
    callback: (err: unknown, result: ExecutionResult | undefined) => void,
  ): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  removeAllListeners(event: string): void;
  dispatch(event: string, ...args: unknown[]): void;
  dispose(): void;
}

interface VariableScopeJson {
  values?: { key: string; value: unknown; disabled?: boolean }[];
}

interface ExecutionResult {
  environment?: VariableScopeJson;
  collectionVariables?: VariableScopeJson;
  globals?: VariableScopeJson;
  _variables?: VariableScopeJson;
  request?: unknown;
  return?: { nextRequest?: unknown };
}

/** One sandbox for a run; scripts run one at a time, as in newman. */
export class PostmanSandbox {
  private constructor(private readonly context: SandboxContext) {}

  static async create(): Promise<PostmanSandbox> {
    const Sandbox = require('postman-sandbox') as {
      createContext(options: object, cb: (err: unknown, ctx: SandboxContext) => void): void;
    };
    const context = await new Promise<SandboxContext>((resolve, reject) =>
      Sandbox.createContext({}, (err, ctx) => (err ? reject(toError(err)) : resolve(ctx))),
    );
    return new PostmanSandbox(context);
  }

  async run(script: ScriptRun, scopes: SandboxScopes): Promise<ScriptResult> {
    const id = randomUUID();
    const assertions: Assertion[] = [];
    let skipRequest = false;
    this.context.on(`execution.assertion.${id}`, (_cursor, list) => {
      for (const a of list as Assertion[]) assertions.push(a);
    });
    this.context.on(`execution.skipRequest.${id}`, () => (skipRequest = true));
    // Errors thrown in callbacks (pm.sendRequest, setTimeout) arrive here, not in the result.
    let asyncError: string | undefined;
    this.context.on(`execution.error.${id}`, (_cursor, err) => (asyncError ??= toError(err).message));
    this.context.on(`execution.request.${id}`, (_cursor, _id, requestId, request) => {
      Promise.resolve()
        .then(() => script.send(fromSdkRequest(request)))
        .then(
          ({ jarCookies, ...res }) =>
            this.context.dispatch(`execution.response.${id}`, requestId, null, res, {
              cookies: jarCookies ?? [],
            }),
          (e: unknown) => this.context.dispatch(`execution.response.${id}`, requestId, toError(e).message),
        );
    });
    // pm.cookies.jar(): store calls go to the run's jar, as postman-runtime forwards them.
    this.context.on(`execution.cookies.${id}`, (eventId, action, method, args) => {
      if (action !== 'store') return;
      const reply = (err: string | null, res?: unknown) =>
        this.context.dispatch(`execution.cookies.${id}`, eventId, err, res);
      if (!script.cookieStore) return reply('CookieStore: no store found');
      script.cookieStore(String(method), Array.isArray(args) ? args : []).then(
        ({ error, result }) => reply(error ?? null, result),
        (e: unknown) => reply(toError(e).message),
      );
    });
    const sdk = require('postman-collection') as {
      Request: new (json: unknown) => { toJSON(): unknown };
      Response: new (json: unknown) => { toJSON(): unknown };
    };
    const context = {
      environment: scopeJson(scopes.environment),
      collectionVariables: scopeJson(scopes.collectionVariables),
      globals: scopeJson(scopes.globals),
      _variables: scopeJson(scopes.local),
      data: scopes.data,
      request: new sdk.Request(script.request).toJSON(),
      ...(script.cookies ? { cookies: script.cookies } : {}),
      ...(script.response ? { response: new sdk.Response(withoutJar(script.response)).toJSON() } : {}),
    };
    const before = JSON.stringify(context.request);
    try {
      // A script that threw still hands back what it did before (variables, setNextRequest), as postman-runtime keeps it.
      const [thrown, result] = await new Promise<[Error | undefined, ExecutionResult | undefined]>(
        (resolve) =>
          this.context.execute(
            { listen: script.listen, script: { type: 'text/javascript', exec: script.exec.split('\n') } },
            {
              id,
              ...(script.cursor ? { cursor: script.cursor } : {}),
              timeout: script.timeoutMs,
              context,
              legacy: { _itemId: script.item.id, _itemName: script.item.name },
            },
            (err, res) => resolve([err ? toError(err) : undefined, res ?? undefined]),
          ),
      );
      if (result) {
        assign(scopes.environment, result.environment);
        assign(scopes.collectionVariables, result.collectionVariables);
        assign(scopes.globals, result.globals);
        assign(scopes.local, result._variables);
      }
      const after = result?.request ? JSON.stringify(result.request) : before;
      return {
        assertions,
        skipRequest,
        ...(thrown || asyncError ? { error: thrown?.message ?? asyncError } : {}),
        ...(result?.return && 'nextRequest' in result.return
          ? { nextRequest: { value: result.return.nextRequest } }
          : {}),
        ...(after !== before ? { request: fromSdkRequest(result!.request) } : {}),
      };
    } catch (error) {
      return { assertions, skipRequest, error: asyncError ?? toError(error).message };
    } finally {
      for (const event of ['assertion', 'skipRequest', 'request', 'cookies', 'error'])
        this.context.removeAllListeners(`execution.${event}.${id}`);
    }
  }

  dispose(): void {
    this.context.dispose();
  }
}

function withoutJar({ jarCookies: _, ...response }: PmResponseJson): PmResponseJson {
  return response;
}

function scopeJson(values: ScopeValues): VariableScopeJson {
  return { values: Object.entries(values).map(([key, value]) => ({ key, value })) };
}

/** Replace a scope's contents with what the script left (sets and unsets both count). */
function assign(target: ScopeValues, scope: VariableScopeJson | undefined): void {
  if (!scope?.values) return;
  for (const key of Object.keys(target)) delete target[key];
  for (const v of scope.values) if (!v.disabled) target[v.key] = v.value;
}

/** The sandbox's request JSON back to the plain form gatecheck sends. */
function fromSdkRequest(json: unknown): PmRequestJson {
  const sdk = require('postman-collection') as {
    Request: new (json: unknown) => {
      url: { toString(): string };
      method: string;
      description?: { toString(): string };
      headers: { all(): { key: string; value: string; disabled?: boolean }[] };
      body?: {
        mode?: string;
        raw?: string;
        options?: { raw?: { language?: string } };
        urlencoded?: { all(): { key: string; value: string; disabled?: boolean }[] };
        formdata?: { all(): { toJSON(): PmFormParam & { disabled?: boolean } }[] };
      };
    };
  };
  const r = new sdk.Request(json);
  const request: PmRequestJson = {
    url: r.url.toString(),
    method: r.method,
    header: r.headers
      .all()
      .map((h) => ({ key: h.key, value: h.value, ...(h.disabled ? { disabled: true } : {}) })),
    ...(r.description ? { description: r.description.toString() } : {}),
  };
  if (r.body?.mode === 'raw' && r.body.raw !== undefined) {
    const language = r.body.options?.raw?.language;
    request.body = { mode: 'raw', raw: r.body.raw, ...(language ? { options: { raw: { language } } } : {}) };
  } else if (r.body?.mode === 'urlencoded' && r.body.urlencoded)
    request.body = {
      mode: 'urlencoded',
      urlencoded: r.body.urlencoded
        .all()
        .filter((p) => !p.disabled)
        .map((p) => ({ key: p.key, value: p.value })),
    };
  else if (r.body?.mode === 'formdata' && r.body.formdata)
    request.body = {
      mode: 'formdata',
      formdata: r.body.formdata
        .all()
        .map((p) => p.toJSON())
        .filter((p) => !p.disabled)
        .map((p) =>
          p.type === 'file'
            ? { key: p.key, type: 'file' as const, src: p.src, ...ct(p.contentType) }
            : { key: p.key, type: 'text' as const, value: p.value ?? '', ...ct(p.contentType) },
        ),
    };
  return request;
}

function ct(contentType: string | undefined): { contentType?: string } {
  return contentType ? { contentType } : {};
}

function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (e && typeof e === 'object' && 'message' in e)
    return new Error(String((e as { message: unknown }).message));
  return new Error(String(e));
}
