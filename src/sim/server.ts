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
  kind: 'token' | 'resource' | 'error';
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
  const tokens = new TokenStore(model.settings, options.now ?? Date.now);
  const requests: SimRequestRecord[] = [];
  const record = (r: SimRequestRecord) => {
    requests.push(r);
    const limit = options.requestLogLimit ?? REQUEST_LOG_LIMIT;
    if (requests.length > limit) requests.splice(0, requests.length - limit);
    options.onRequest?.(r);
  };

  let origin = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    handle(model, tokens, req, res, origin).then(record, (error: unknown) => {
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
    issuedTokens: () => tokens.issuedTokens(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  model: SimModel,
  tokens: TokenStore,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<SimRequestRecord> {
  if (model.settings.latencyMs > 0) await sleep(model.settings.latencyMs);
  const method = req.method ?? 'GET';
  const pathname = normalizePath(new URL(req.url ?? '/', 'http://sim').pathname);
  const base = { method, path: pathname };
  const prefix = aliasPrefix(model, pathname);

  if (!prefix) return { ...base, ...problem(model, req, res, 'NotFound'), kind: 'error' };
  const path = pathname.slice(prefix.length - 1);

  if (path === '/oauth/token') {
    const outcome = await handleTokenRequest(req, res, model, tokens);
    return { ...base, status: outcome.status, kind: 'token', principal: outcome.client, note: outcome.note };
  }
  req.resume();
  const exposure = answerExposure(model, path, method, req, res, () =>
    problem(model, req, res, 'Unauthorized'),
  );
  if (exposure) return { ...base, ...exposure, kind: 'resource' };

  let principal: string | undefined;
  const privilege = protectingPrivilege(model.privileges, path);
  if (privilege) {
    const decision = authorize(model, tokens, privilege, req.headers.authorization);
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

  if (path.startsWith(CATALOG) && method === 'GET') {
    const doc = catalogResponse(model, path, origin);
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
