/**
 * Sends a built request as a given caller: an auth profile (basic, bearer,
 * apiKey, oauth2 through the run's token cache, session through its sign-in
 * cache) or nobody. For oauth2 and session, a 401 drops the credential, gets a
 * new one and sends once more when `retry` is set. The scenario's cookie jar
 * adds its cookies to every request and keeps the ones responses set.
 */
import type { CookieJar } from 'tough-cookie';
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
  /** The scenario's cookies; probes send without them. */
  jar?: CookieJar;
}

export interface Sent {
  res: HttpResponse;
  retried: boolean;
}

export async function sendAs(
  s: Sender,
  base: OutgoingRequest,
  profileName: string | undefined,
  options: { retry: boolean; note?: string; cookies?: boolean },
): Promise<Sent> {
  const out: OutgoingRequest = { ...base, headers: { ...base.headers } };
  delete out.headers.authorization;
  const profile = profileName && profileName !== 'none' ? s.ctx.collection.auth[profileName] : undefined;
  const useJar = options.cookies !== false;
  if (profile?.type === 'session') {
    const session = {
      name: profileName!,
      loginUrl: interpolate(profile.loginUrl, s.lookup),
      login: {
        username: interpolate(profile.login.username, s.lookup),
        password: interpolate(profile.login.password, s.lookup),
      },
    };
    let jar = await s.ctx.sessions.get(session, s.observer, out.timeoutMs);
    const res = await sendRecorded(s, out, options.note, useJar, jar);
    if (!options.retry || res.status !== 401) return { res, retried: false };
    jar = await s.ctx.sessions.get(session, s.observer, out.timeoutMs, true);
    const note = options.note ? `${options.note}, retry` : 'retry';
    return { res: await sendRecorded(s, out, note, useJar, jar), retried: true };
  }
  if (profile?.type !== 'oauth2') {
    applyStaticAuth(out, profile, s);
    return { res: await sendRecorded(s, out, options.note, useJar), retried: false };
  }
  const oauth = resolveOAuth2(profileName!, profile, s.lookup);
  let token = await s.ctx.tokens.get(oauth, s.observer, out.timeoutMs);
  out.headers.authorization = `Bearer ${token}`;
  const res = await sendRecorded(s, out, options.note, useJar);
  if (!options.retry || res.status !== 401) return { res, retried: false };
  s.ctx.tokens.invalidate(oauth, token);
  token = await s.ctx.tokens.get(oauth, s.observer, out.timeoutMs, true);
  out.headers.authorization = `Bearer ${token}`;
  return {
    res: await sendRecorded(s, out, options.note ? `${options.note}, retry` : 'retry', useJar),
    retried: true,
  };
}

/** The request's cookies: what the step wrote, then the session's and the scenario's jar. */
async function withCookies(out: OutgoingRequest, jars: (CookieJar | undefined)[]): Promise<OutgoingRequest> {
  const found: string[] = [];
  for (const jar of jars) if (jar) found.push(await jar.getCookieString(out.url));
  const added = found.filter((c) => c !== '');
  if (added.length === 0) return out;
  const written = out.headers.cookie;
  return { ...out, headers: { ...out.headers, cookie: [written, ...added].filter(Boolean).join('; ') } };
}

/** Sends and records the exchange (and the trace, with --verbose). */
export async function sendRecorded(
  s: Sender,
  written: OutgoingRequest,
  note?: string,
  useJar = true,
  session?: CookieJar,
): Promise<HttpResponse> {
  const out = await withCookies(written, [session, useJar ? s.jar : undefined]);
  const startMs = s.ctx.elapsed();
  const kind = note?.endsWith('retry') ? 'retry' : 'request';
  const request = { method: out.method, url: out.url, headers: { ...out.headers }, body: out.body };
  try {
    const res = await s.ctx.http.send(out);
    if (useJar && s.jar)
      for (const c of res.setCookies ?? []) await s.jar.setCookie(c, out.url, { ignoreError: true });
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
  const optional = (v: string | undefined) => (v === undefined ? undefined : fill(v));
  return {
    name,
    grant: p.grant,
    tokenUrl: fill(p.tokenUrl),
    clientId: fill(p.clientId),
    clientSecret: fill(p.clientSecret),
    clientAuth: p.clientAuth,
    scope: optional(p.scope),
    authUrl: optional(p.authUrl),
    redirectUri: optional(p.redirectUri),
    login: p.login && { username: fill(p.login.username), password: fill(p.login.password) },
    pkce: p.pkce,
    audience: optional(p.audience),
    resource: optional(p.resource),
    params: p.params && Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, fill(v)])),
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
  } else if (profile?.type === 'apiKey') {
    const value = fill(profile.value);
    s.ctx.secrets.add(value);
    if (profile.in === 'header') out.headers[profile.name.toLowerCase()] = value;
    else {
      // Appended as text: re-serializing the URL could change what the step wrote.
      const pair = `${encodeURIComponent(profile.name)}=${encodeURIComponent(value)}`;
      out.url += `${out.url.includes('?') ? '&' : '?'}${pair}`;
    }
  }
}
