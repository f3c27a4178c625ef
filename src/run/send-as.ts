/**
 * Sends a built request as a given caller: an auth profile (basic, bearer,
 * oauth2 through the run's token cache) or nobody. For oauth2, a 401 drops the
 * token, fetches a new one and sends once more when `retry` is set.
 */
import type { ResolvedOAuth2 } from '../auth/oauth2.js';
import type { TokenObserver } from '../auth/token-cache.js';
import type { HttpResponse, OutgoingRequest } from '../http/client.js';
import type { AuthProfile } from '../model/collection.js';
import type { HttpTrace } from '../model/events.js';
import type { Exchange } from '../model/result.js';
import { interpolate } from '../plan/template.js';
import type { Lookup } from './build-request.js';
import type { RunContext } from './context.js';

const EXCERPT_BYTES = 2048;

export interface Sender {
  ctx: RunContext;
  lookup: Lookup;
  observer: TokenObserver;
  exchanges: Exchange[];
  trace?: (t: HttpTrace) => void;
}

export interface Sent {
  res: HttpResponse;
  retried: boolean;
}

export async function sendAs(
  s: Sender,
  base: OutgoingRequest,
  profileName: string | undefined,
  options: { retry: boolean; note?: string },
): Promise<Sent> {
  const out: OutgoingRequest = { ...base, headers: { ...base.headers } };
  delete out.headers.authorization;
  const profile = profileName && profileName !== 'none' ? s.ctx.collection.auth[profileName] : undefined;
  if (profile?.type !== 'oauth2') {
    applyStaticAuth(out, profile, s);
    return { res: await sendRecorded(s, out, options.note), retried: false };
  }
  const oauth = resolveOAuth2(profileName!, profile, s.lookup);
  let token = await s.ctx.tokens.get(oauth, s.observer, out.timeoutMs);
  out.headers.authorization = `Bearer ${token}`;
  const res = await sendRecorded(s, out, options.note);
  if (!options.retry || res.status !== 401) return { res, retried: false };
  s.ctx.tokens.invalidate(oauth, token);
  token = await s.ctx.tokens.get(oauth, s.observer, out.timeoutMs, true);
  out.headers.authorization = `Bearer ${token}`;
  return {
    res: await sendRecorded(s, out, options.note ? `${options.note}, retry` : 'retry'),
    retried: true,
  };
}

/** Sends and records the exchange (and the trace, with --verbose). */
export async function sendRecorded(s: Sender, out: OutgoingRequest, note?: string): Promise<HttpResponse> {
  const startMs = s.ctx.elapsed();
  const kind = note?.endsWith('retry') ? 'retry' : 'request';
  const request = { method: out.method, url: out.url, headers: { ...out.headers }, body: out.body };
  try {
    const res = await s.ctx.http.send(out);
    s.trace?.({
      kind,
      request,
      response: { status: res.status, headers: res.headers, body: res.body.slice(0, EXCERPT_BYTES) },
    });
    s.exchanges.push({
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
    const message = (error as Error).message;
    s.trace?.({ kind, request, error: message });
    s.exchanges.push({
      kind: 'request',
      method: out.method,
      url: out.url,
      startMs,
      durationMs: s.ctx.elapsed() - startMs,
      note,
      error: message,
    });
    throw error;
  }
}

function resolveOAuth2(
  name: string,
  p: Extract<AuthProfile, { type: 'oauth2' }>,
  lookup: Lookup,
): ResolvedOAuth2 {
  const fill = (v: string) => interpolate(v, lookup);
  return {
    name,
    tokenUrl: fill(p.tokenUrl),
    clientId: fill(p.clientId),
    clientSecret: fill(p.clientSecret),
    clientAuth: p.clientAuth,
    scope: p.scope === undefined ? undefined : fill(p.scope),
  };
}

function applyStaticAuth(out: OutgoingRequest, profile: AuthProfile | undefined, s: Sender): void {
  const fill = (v: string) => interpolate(v, s.lookup);
  if (profile?.type === 'basic') {
    const user = fill(profile.username);
    const password = fill(profile.password);
    s.ctx.secrets.addBasic(user, password);
    out.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  } else if (profile?.type === 'bearer') {
    const token = fill(profile.token);
    s.ctx.secrets.add(token);
    out.headers.authorization = `Bearer ${token}`;
  }
}
