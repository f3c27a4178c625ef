/**
 * The ORDS simulator: a real HTTP server that answers like ORDS security does.
 * Programs of their own use it through startSimulator(); it imports nothing
 * from the runner.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { authorize, protectingPrivilege } from './access.js';
import type { SimModel } from './model.js';
import { aliasPrefix, answerExposure, exposuresOf, withStackTrace } from './exposures.js';
import { CATALOG, catalogResponse } from './openapi.js';
import {
  errorPage,
  problemBody,
  send,
  sendJson,
  STATUS,
  unauthorizedPage,
  type ProblemCode,
} from './responses.js';
import { bindParams, resolveRoute } from './routes.js';
import { handleTokenRequest } from './token-endpoint.js';
import { TokenStore } from './tokens.js';
import { normalizePath } from './normalize-path.js';
import { GrantStore } from './code-grant.js';
import { AuthorizeState, handleApproval, handleAuthorize } from './oauth-authorize.js';
import { handleSignIn, SessionStore, sessionDecision } from './sessions.js';

/** The request log keeps the latest entries: a long-running simulator must not grow without bound. */
export const REQUEST_LOG_LIMIT = 10_000;

export interface SimulatorOptions {
  model: SimModel;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Milliseconds since the epoch; tests inject a clock to expire tokens. */
  now?: () => number;
  onRequest?: (record: SimRequestRecord) => void;
  /** How many answered requests `requests` keeps (default REQUEST_LOG_LIMIT). */
  requestLogLimit?: number;
}

/** One answered request, without credentials. */
export interface SimRequestRecord {
  method: string;
  path: string;
  status: number;
  kind: 'token' | 'resource' | 'error' | 'sign-in';
  principal?: string;
  note?: string;
}

export interface Simulator {
  url: string;
  port: number;
  /** The latest answered requests (at most REQUEST_LOG_LIMIT), oldest first. */
  readonly requests: readonly SimRequestRecord[];
  /** Every access token issued so far (tests check none leaks into output). */
  issuedTokens(): string[];
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { model } = options;
  const now = options.now ?? Date.now;
  // One state per schema alias: a token, code or session of one alias means nothing to another.
  const schemas = new Map(
    [model, ...(model.aliases ?? [])].map((m) => [
      m.alias,
      {
        model: m,
        tokens: new TokenStore(model.settings, now),
        grants: new GrantStore(now),
        sessions: new SessionStore(),
        state: new AuthorizeState(),
      },
    ]),
  );
  const requests: SimRequestRecord[] = [];
  const record = (r: SimRequestRecord) => {
    requests.push(r);
    const limit = options.requestLogLimit ?? REQUEST_LOG_LIMIT;
    if (requests.length > limit) requests.splice(0, requests.length - limit);
    options.onRequest?.(r);
  };

  let origin = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    handle(schemas, req, res, origin).then(record, (error: unknown) => {
      // A bug here must not take the server down: answer 500 and keep serving.
      if (!res.headersSent) sendJson(res, 500, { code: 'InternalServerError', message: String(error) });
      else res.destroy();
      record({
        method: req.method ?? '?',
        path: req.url ?? '?',
        status: 500,
        kind: 'error',
        note: String(error),
      });
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests,
    issuedTokens: () =>
      [...schemas.values()].flatMap((s) => [...s.tokens.issuedTokens(), ...s.grants.issued()]),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type SchemaState = {
  model: SimModel;
  tokens: TokenStore;
  grants: GrantStore;
  sessions: SessionStore;
  state: AuthorizeState;
};

async function handle(
  schemas: Map<string, SchemaState>,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<SimRequestRecord> {
  const first = schemas.values().next().value as SchemaState;
  if (first.model.settings.latencyMs > 0) await sleep(first.model.settings.latencyMs);
  const method = req.method ?? 'GET';
  const pathname = normalizePath(new URL(req.url ?? '/', 'http://sim').pathname);
  const base = { method, path: pathname };
  // An alias of its own first; then one that an exposure makes answer for another.
  const all = [...schemas.values()];
  const schema =
    all.find((s) => pathname.startsWith(`/ords/${s.model.alias}/`)) ??
    all.find((s) => aliasPrefix(s.model, pathname) !== undefined);
  const prefix = schema && aliasPrefix(schema.model, pathname);
  if (!schema || !prefix) return { ...base, ...problem(first.model, req, res, 'NotFound'), kind: 'error' };
  const { model, tokens } = schema;
  const path = pathname.slice(prefix.length - 1);
  // The normalized path has no trailing slash; ORDS's fixed resources are written with one.
  const asDir = path.endsWith('/') ? path : `${path}/`;

  if (path === '/oauth/token') {
    const outcome = await handleTokenRequest(req, res, model, tokens, schema.grants);
    return { ...base, status: outcome.status, kind: 'token', principal: outcome.client, note: outcome.note };
  }
  const threeLegged =
    path === '/oauth/auth' ? handleAuthorize : path === '/oauth/approve' ? handleApproval : undefined;
  if (threeLegged) return { ...base, kind: 'sign-in', ...(await threeLegged(model, schema, req, res)) };
  if (asDir === '/sign-in/')
    return { ...base, kind: 'sign-in', ...(await handleSignIn(model, schema.sessions, req, res)) };
  req.resume();
  const exposure = answerExposure(model, asDir, method, req, res, origin, () =>
    problem(model, req, res, 'Unauthorized'),
  );
  if (exposure) return { ...base, ...exposure, kind: 'resource' };

  let principal: string | undefined;
  const privilege = protectingPrivilege(model.privileges, path);
  if (privilege) {
    const session = req.headers.authorization ? undefined : schema.sessions.fromRequest(req);
    const decision = session
      ? sessionDecision(model, session, privilege)
      : authorize(model, tokens, privilege, req.headers.authorization);
    if (!decision.allowed) {
      const challenge = decision.bearerChallenge
        ? { 'WWW-Authenticate': 'Bearer realm="Oracle REST Data Services", error="invalid_token"' }
        : undefined;
      const sent = problem(model, req, res, 'Unauthorized', challenge);
      return {
        ...base,
        ...sent,
        kind: 'resource',
        principal: decision.principal,
        note: `${privilege.name}: ${decision.reason}`,
      };
    }
    principal = decision.principal;
  }

  if (asDir.startsWith(CATALOG) && method === 'GET') {
    const doc = catalogResponse(model, asDir, origin);
    if (doc) {
      sendJson(res, 200, doc);
      return { ...base, status: 200, kind: 'resource', principal, note: 'open-api-catalog' };
    }
  }
  const route = resolveRoute(model.modules, path, method);
  if (route.found === 'nothing') return { ...base, ...problem(model, req, res, 'NotFound'), kind: 'error' };
  if (route.found === 'template') {
    return {
      ...base,
      ...problem(model, req, res, 'MethodNotAllowed', { Allow: route.allowed.join(', ') }),
      kind: 'error',
    };
  }
  const { handler, params } = route;
  sendJson(res, handler.status, bindParams(handler.body, params), handler.headers);
  return {
    ...base,
    status: handler.status,
    kind: 'resource',
    principal,
    note: privilege ? privilege.name : 'public',
  };
}

/** An error in the configured format: problem+json, or an HTML page for browsers. */
function problem(
  model: SimModel,
  req: IncomingMessage,
  res: ServerResponse,
  code: ProblemCode,
  headers: Record<string, string> = {},
): { status: number } {
  const status = STATUS[code];
  const format = model.settings.errorFormat;
  const html = format === 'html' || (format === 'auto' && (req.headers.accept ?? '').includes('text/html'));
  if (html) {
    const page =
      code === 'Unauthorized' ? unauthorizedPage(model.alias, req.url ?? '/') : errorPage(status, code);
    send(res, status, { 'Content-Type': 'text/html', ...headers }, page);
  } else {
    const body = problemBody(code, model.settings.problemTitle);
    send(
      res,
      status,
      { 'Content-Type': 'application/problem+json', ...headers },
      exposuresOf(model).stackTraces ? withStackTrace(body) : body,
    );
  }
  return { status };
}
