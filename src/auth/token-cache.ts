/**
 * One token cache for the whole run, keyed by token URL, client and scope.
 * Concurrent scenarios share a single fetch in flight; a token is refreshed
 * shortly before expires_in runs out; after a 401 the token that failed is
 * dropped (only if no one has replaced it yet) and the next get fetches anew.
 */
import type { HttpClient } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { HttpTrace } from '../model/events.js';
import type { Exchange, TokenEvent } from '../model/result.js';
import { requestToken, TokenError, type ResolvedOAuth2 } from './oauth2.js';

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
  /** The token response but its tokens, for `expect.token`. */
  fields: Record<string, unknown>;
  /** Date.now() after which the token is fetched again before use. */
  refreshAt: number;
}

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

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
    const cached = this.tokens.get(key);
    if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached);
    const pending = this.inFlight.get(key);
    if (pending) {
      const since = this.elapsed();
      return pending.then((entry) => {
        observer.waited?.(profile.name, this.elapsed() - since);
        return entry;
      });
    }

    const reason = after401 ? '401' : cached ? 'expiring' : undefined;
    const flight = this.fetch(profile, observer, timeoutMs, reason).then((entry) => {
      this.tokens.set(key, entry);
      return entry;
    });
    this.inFlight.set(key, flight);
    void flight.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    return flight;
  }

  /** Drops `token` if it is still the cached one. */
  invalidate(profile: ResolvedOAuth2, token: string): void {
    const key = cacheKey(profile);
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  private async fetch(
    profile: ResolvedOAuth2,
    observer: TokenObserver,
    timeoutMs: number,
    reason: TokenEvent['reason'],
  ): Promise<CachedToken> {
    const startMs = this.elapsed();
    const base = {
      kind: 'token' as const,
      method: 'POST',
      url: profile.tokenUrl,
      startMs,
      profile: profile.name,
    };
    try {
      const { granted, request, response } = await requestToken(this.http, profile, timeoutMs, this.secrets);
      observer.trace?.({ kind: 'token', request, response });
      observer.exchange({ ...base, status: response.status, durationMs: response.durationMs });
      observer.event({
        kind: reason ? 'refreshed' : 'fetched',
        profile: profile.name,
        reason,
        status: response.status,
      });
      return { token: granted.token, fields: granted.fields, refreshAt: refreshTime(granted.expiresIn) };
    } catch (error) {
      const status = error instanceof TokenError ? error.status : undefined;
      const message = (error as Error).message;
      observer.exchange({ ...base, status, durationMs: this.elapsed() - startMs, error: message });
      observer.event({ kind: 'failed', profile: profile.name, reason, status, message });
      throw error;
    }
  }
}

/** Refresh a little before expiry: 10% of the lifetime, at most 30 s. Unknown lifetime: until a 401. */
function refreshTime(expiresIn: number | undefined): number {
  if (expiresIn === undefined) return Number.POSITIVE_INFINITY;
  const lifetimeMs = expiresIn * 1000;
  return Date.now() + lifetimeMs - Math.min(30_000, lifetimeMs * 0.1);
}

function cacheKey(p: ResolvedOAuth2): string {
  return JSON.stringify([p.tokenUrl, p.clientId, p.clientSecret, p.clientAuth, p.scope ?? '']);
}
