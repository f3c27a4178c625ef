/**
 * The exposures an ORDS security review looks for, each planted only when the
 * config turns it on (see Exposures in model.ts), so `gatecheck ords audit` is
 * tested against a server that has them and one that does not:
 *   GET  /ords/<alias>/metadata-catalog/   200 to anyone (p_auto_rest_auth off), else 401
 *   POST /ords/<alias>/_/sql               REST-enabled SQL: 401 without database credentials
 *   error bodies with a Java stack trace   (debug.printDebugToScreen)
 *   /ords/<other alias>/…                  served with this alias's privileges and tokens
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Exposures, SimModel } from './model.js';
import { NO_EXPOSURES } from './model.js';
import { sendJson } from './responses.js';

export const METADATA_CATALOG = '/metadata-catalog/';
export const REST_SQL = '/_/sql';

export function exposuresOf(model: SimModel): Exposures {
  return model.exposures ?? NO_EXPOSURES;
}

/** The prefix a request path starts with: this alias, or the planted second one. */
export function aliasPrefix(model: SimModel, pathname: string): string | undefined {
  const own = `/ords/${model.alias}/`;
  if (pathname.startsWith(own)) return own;
  const other = exposuresOf(model).crossAliasTokens;
  if (other && pathname.startsWith(`/ords/${other}/`)) return `/ords/${other}/`;
  return undefined;
}

/**
 * Answers the exposure endpoints (path relative to the alias); undefined when the
 * path is not one of them, so routing goes on. `refuse` sends ORDS's 401.
 */
export function answerExposure(
  model: SimModel,
  path: string,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
  /** The simulator's own URL: links never reflect the Host header. */
  origin: string,
  refuse: () => { status: number },
): { status: number; note: string } | undefined {
  const exposures = exposuresOf(model);
  if (path === METADATA_CATALOG || path.startsWith(METADATA_CATALOG)) {
    if (!exposures.anonymousMetadataCatalog || method !== 'GET') {
      return { ...refuse(), note: 'metadata-catalog requires authorization (p_auto_rest_auth)' };
    }
    const base = `${origin}/ords/${model.alias}`;
    sendJson(res, 200, {
      items: model.modules.flatMap((m) =>
        m.templates.map((t) => ({
          name: `${m.basePath}${t.pattern}`,
          links: [{ rel: 'canonical', href: `${base}${METADATA_CATALOG}${m.basePath.slice(1)}${t.pattern}` }],
        })),
      ),
    });
    return { status: 200, note: 'metadata-catalog open to anonymous callers' };
  }
  if (path === REST_SQL || path === `${REST_SQL}/`) {
    if (!exposures.restEnabledSql) return undefined; // not enabled: a plain 404 like any unmapped path
    return { ...refuse(), note: 'REST-enabled SQL needs database credentials' };
  }
  return undefined;
}

/** A problem body as ORDS prints it with debug.printDebugToScreen=true. */
export function withStackTrace(body: string): string {
  const value = JSON.parse(body) as Record<string, unknown>;
  value.stackTrace = [
    'oracle.dbtools.http.errors.NotFoundException: Not Found',
    '\tat oracle.dbtools.http.entrypoint.Dispatcher.dispatch(Dispatcher.java:133)',
    '\tat oracle.dbtools.http.filters.HttpFilterChain.doFilter(HttpFilterChain.java:48)',
  ].join('\n');
  return JSON.stringify(value, null, 4) + '\n';
}
