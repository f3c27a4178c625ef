/**
 * Sends a built request as a given caller. With a profile, its credentials
 * (src/auth/credentials.ts) replace any the request had; without one, the
 * request goes as written, an explicit Authorization header included. A 401 to
 * a profile whose credentials can be renewed (oauth2) renews them and sends once
 * more when `retry` is set; a Digest challenge is always answered, once. The
 * scenario's cookie jar adds its cookies to the step's own requests (not to
 * probes) and keeps the ones responses set, on every hop of a redirect too.
 */
import { credentialsFor, withCredentials } from '../auth/credentials.js';
import type { TokenObserver } from '../auth/token-cache.js';
import type { CookieHooks, HttpResponse, OutgoingRequest } from '../http/client.js';
import type { HttpTrace } from '../model/events.js';
import type { Exchange, ExchangeBase } from '../model/result.js';
import type { Lookup } from './build-request.js';
import type { RunContext } from './context.js';
import type { CookieStore } from './scenario-cookies.js';

const EXCERPT_BYTES = 2048;

export interface Sender {
  ctx: RunContext;
  lookup: Lookup;
  observer: TokenObserver;
  exchanges: Exchange[];
  trace?: (t: HttpTrace) => void;
  /** The scenario's cookies. */
  jar?: CookieStore;
  /**
   * Redirects as postman-request sends cookies (Postman mode): a hop for which the
   * jar has none keeps the previous hop's Cookie header, a just-deleted cookie included.
   */
  postmanRedirects?: boolean;
  /** Auth as postman-runtime applies it (Postman mode): see CredentialContext.postman. */
  postmanAuth?: boolean;
}

export interface Sent {
  res: HttpResponse;
  retried: boolean;
  /** The response of the token the request carried (oauth2), but the token itself. */
  tokenResponse?: Record<string, unknown>;
}

/** Why a request is sent: the step's own, or a probe as `caller`. */
export type Purpose = { kind: 'request' } | { kind: 'probe'; caller: string };

export async function sendAs(
  s: Sender,
  base: OutgoingRequest,
  profileName: string | undefined,
  options: { retry: boolean; purpose?: Purpose },
): Promise<Sent> {
  const purpose = options.purpose ?? { kind: 'request' };
  const profile = profileName && profileName !== 'none' ? s.ctx.collection.auth[profileName] : undefined;
  if (!profile) return { res: await sendRecorded(s, base, purpose, false), retried: false };
  const c = {
    name: profileName!,
    lookup: s.lookup,
    secrets: s.ctx.secrets,
    tokens: s.ctx.tokens,
    sessions: s.ctx.sessions,
    observer: s.observer,
    timeoutMs: base.timeoutMs,
    digests: s.ctx.digests,
    postman: s.postmanAuth,
  };
  const creds = await credentialsFor(profile, c);
  const res = await sendRecorded(s, withCredentials(base, creds), purpose, false);
  // A challenge is answered even without `retry`: until then the caller has shown no credentials,
  // and a deny probe refused at that point would prove nothing.
  const next = creds.answer
    ? creds.answer(res)
    : options.retry && res.status === 401
      ? creds.renew?.()
      : undefined;
  if (!next) return { res, retried: false, tokenResponse: creds.tokenResponse };
  const renewed = await next;
  const again = await sendRecorded(s, withCredentials(base, renewed), purpose, true);
  return { res: again, retried: true, tokenResponse: renewed.tokenResponse };
}

/** Sends and records the exchange (and the trace, with --verbose). */
export async function sendRecorded(
  s: Sender,
  written: OutgoingRequest,
  purpose: Purpose,
  retry: boolean,
): Promise<HttpResponse> {
  const jar = purpose.kind === 'request' ? s.jar : undefined;
  const out = jar ? await withJarCookies(written, jar) : written;
  const startMs = s.ctx.elapsed();
  const traceKind = retry ? 'retry' : 'request';
  const request = {
    method: out.method,
    url: out.url,
    headers: { ...out.headers },
    body: out.body,
    ...(out.multipart ? { multipart: out.multipart.map((p) => ({ ...p })) } : {}),
  };
  try {
    const res = await s.ctx.http.send(jar ? { ...out, cookies: jarHooks(jar, written, s) } : out);
    s.trace?.({
      kind: traceKind,
      request,
      response: { status: res.status, headers: res.headers, body: res.body.slice(0, EXCERPT_BYTES) },
    });
    s.exchanges.push(
      exchange(purpose, retry, {
        method: out.method,
        url: out.url,
        status: res.status,
        startMs,
        durationMs: res.durationMs,
      }),
    );
    return res;
  } catch (error) {
    const message = (error as Error).message;
    s.trace?.({ kind: traceKind, request, error: message });
    s.exchanges.push(
      exchange(purpose, retry, {
        method: out.method,
        url: out.url,
        startMs,
        durationMs: s.ctx.elapsed() - startMs,
        error: message,
      }),
    );
    throw error;
  }
}

/** The jar as the client uses it on every hop, redirects included. */
function jarHooks(jar: CookieStore, written: OutgoingRequest, s: Sender): CookieHooks {
  return {
    forRedirect: async (url, previous, sameOrigin) => {
      const fromJar = await jar.getCookieString(url).catch(() => '');
      const own = sameOrigin ? written.headers.cookie : undefined;
      if (fromJar) return own ? `${own}; ${fromJar}` : fromJar;
      // postman-request leaves the previous hop's header when the jar has nothing for the next one.
      return s.postmanRedirects ? previous : own;
    },
    keep: async (url, setCookies) => {
      for (const c of setCookies) {
        // Cookies a server sets may be sessions: their values are masked like credentials.
        s.ctx.secrets.add(/^\s*[^=;]+=([^;]*)/.exec(c)?.[1]?.trim());
        await jar.setCookie(c, url, { ignoreError: true });
      }
    },
  };
}

/** The jar's cookies after the ones the request already carries (written, or a session's). */
async function withJarCookies(out: OutgoingRequest, jar: CookieStore): Promise<OutgoingRequest> {
  const cookies = await jar.getCookieString(out.url);
  if (!cookies) return out;
  const cookie = out.headers.cookie ? `${out.headers.cookie}; ${cookies}` : cookies;
  return { ...out, headers: { ...out.headers, cookie } };
}

function exchange(purpose: Purpose, retry: boolean, base: ExchangeBase): Exchange {
  if (purpose.kind === 'probe') return { ...base, kind: 'probe', caller: purpose.caller, retry };
  return retry ? { ...base, kind: 'retry' } : { ...base, kind: 'request' };
}
