/**
 * One token cache for the whole run, keyed by token URL, client and scope.
 * Concurrent scenarios share a single fetch in flight; a token is refreshed
 * shortly before expires_in runs out; after a 401 the token that failed is
 * dropped (only if no one has replaced it yet) and the next get fetches anew.
 * A profile whose token came with a refresh token renews with
 * grant_type=refresh_token first and falls back to its full grant.
 */
import type { HttpClient } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { HttpTrace } from '../model/events.js';
import type { Exchange, TokenEvent } from '../model/result.js';
import type { HttpResponse, OutgoingRequest } from '../http/client.js';
import { refreshGrant, runGrant, type GrantContext } from './grants.js';
import { TokenError, type ResolvedOAuth2 } from './oauth2.js';
import { SingleFlight } from './single-flight.js';

/** Where the step that caused a fetch records it. */
export interface TokenObserver {
  exchange(exchange: Exchange): void;
  event(event: TokenEvent): void;
  /** The step waited `ms` for a fetch that another step had started. */
  waited?(profile: string, ms: number): void;
  trace?(trace: HttpTrace): void;
}

interface CachedToken {
  token: string;
  refreshToken?: string;
  /** The token response but its tokens, for `expect.token`. */
  fields: Record<string, unknown>;
  /** Date.now() after which the token is fetched again before use. */
  refreshAt: number;
}

export class TokenCache {
  private readonly tokens = new SingleFlight<CachedToken>();

  constructor(
    private readonly http: HttpClient,
    private readonly secrets: SecretSet,
    /** ms since the run started, for exchange timings. */
    private readonly elapsed: () => number,
  ) {}

  /** A usable token; `after401` says the caller just dropped one that was refused. */
  get(
    profile: ResolvedOAuth2,
    observer: TokenObserver,
    timeoutMs: number,
    after401 = false,
  ): Promise<{ token: string; fields: Record<string, unknown> }> {
    const key = cacheKey(profile);
    const cached = this.tokens.value(key);
    if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached);
    const pending = this.tokens.pending(key);
    if (pending) {
      const since = this.elapsed();
      return pending.then((entry) => {
        observer.waited?.(profile.name, this.elapsed() - since);
        return entry;
      });
    }

    const reason = after401 ? '401' : cached ? 'expiring' : undefined;
    return this.tokens.start(key, () =>
      this.fetch(profile, observer, timeoutMs, reason, cached?.refreshToken),
    );
  }

  /** Drops `token` if it is still the cached one. */
  invalidate(profile: ResolvedOAuth2, token: string): void {
    const key = cacheKey(profile);
    // Kept, stale, for its refresh token.
    const cached = this.tokens.value(key);
    if (cached?.token === token) this.tokens.set(key, { ...cached, refreshAt: 0 });
  }

  private async fetch(
    profile: ResolvedOAuth2,
    observer: TokenObserver,
    timeoutMs: number,
    reason: TokenEvent['reason'],
    refreshToken: string | undefined,
  ): Promise<CachedToken> {
    let last: { status?: number } = {};
    const c: GrantContext = {
      http: this.http,
      timeoutMs,
      secrets: this.secrets,
      record: (request, response, error) => {
        last = { status: response?.status };
        recordTokenExchange(observer, this.elapsed(), profile.name, request, response, error);
      },
    };
    const event = { profile: profile.name, reason };
    if (refreshToken && reason) {
      try {
        const granted = await refreshGrant(profile, c, refreshToken);
        observer.event({ kind: 'refreshed', ...event, via: 'refresh_token', status: last.status });
        return cachedOf(granted, refreshToken);
      } catch (error) {
        if (!(error instanceof TokenError)) throw error;
        // A refused refresh token (rotated, expired, revoked): the full grant again.
      }
    }
    try {
      const granted = await runGrant(profile, c);
      observer.event({
        kind: reason ? 'refreshed' : 'fetched',
        ...event,
        ...(reason && refreshToken ? { via: 'grant' as const } : {}),
        status: last.status,
      });
      return cachedOf(granted);
    } catch (error) {
      const status = error instanceof TokenError ? error.status : undefined;
      const message = (error as Error).message;
      observer.event({ kind: 'failed', ...event, status, message });
      throw error;
    }
  }
}

/**
 * One HTTP exchange of signing in or getting a token (a sign-in hop, a token
 * request), in the record of the step that caused it. `now` is ms since the run started.
 */
export function recordTokenExchange(
  observer: TokenObserver,
  now: number,
  profile: string,
  request: OutgoingRequest,
  response: HttpResponse | undefined,
  error?: string,
): void {
  observer.trace?.({ kind: 'token', request, response, ...(error ? { error } : {}) });
  const durationMs = response?.durationMs ?? 0;
  observer.exchange({
    kind: 'token',
    method: request.method,
    url: request.url,
    status: response?.status,
    startMs: now - durationMs,
    durationMs,
    profile,
    ...(error ? { error } : {}),
  });
}

function cachedOf(
  granted: { token: string; expiresIn?: number; refreshToken?: string; fields: Record<string, unknown> },
  previousRefresh?: string,
): CachedToken {
  // A server that does not rotate keeps the refresh token it gave before.
  const refreshToken = granted.refreshToken ?? previousRefresh;
  return {
    token: granted.token,
    fields: granted.fields,
    refreshAt: refreshTime(granted.expiresIn),
    ...(refreshToken ? { refreshToken } : {}),
  };
}

/** Refresh a little before expiry: 10% of the lifetime, at most 30 s. Unknown lifetime: until a 401. */
function refreshTime(expiresIn: number | undefined): number {
  if (expiresIn === undefined) return Number.POSITIVE_INFINITY;
  const lifetimeMs = expiresIn * 1000;
  return Date.now() + lifetimeMs - Math.min(30_000, lifetimeMs * 0.1);
}

function cacheKey(p: ResolvedOAuth2): string {
  return JSON.stringify([
    p.grant ?? 'client_credentials',
    p.tokenUrl,
    p.authUrl ?? '',
    p.clientId,
    p.clientSecret,
    p.clientAuth,
    p.scope ?? '',
    p.login?.username ?? '',
    p.login?.password ?? '',
    p.audience ?? '',
    p.resource ?? '',
    p.params ?? {},
  ]);
}
