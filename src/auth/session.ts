/**
 * Session profiles: a form login whose cookies authenticate later requests (ORDS
 * first-party sign-in). One sign-in per profile for the whole run, shared like a
 * token; after a 401 the session is dropped and the next use signs in again.
 */
import type { CookieJar } from 'tough-cookie';
import type { HttpClient, HttpResponse, OutgoingRequest } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { Login } from '../model/collection.js';
import { newJar, walk } from './headless.js';
import { TokenError } from './oauth2.js';
import type { TokenObserver } from './token-cache.js';

export interface ResolvedSession {
  name: string;
  loginUrl: string;
  login: Login;
}

export class SessionCache {
  private readonly jars = new Map<string, Promise<CookieJar>>();

  constructor(
    private readonly http: HttpClient,
    private readonly secrets: SecretSet,
    private readonly elapsed: () => number,
  ) {}

  get(
    profile: ResolvedSession,
    observer: TokenObserver,
    timeoutMs: number,
    after401 = false,
  ): Promise<CookieJar> {
    const key = JSON.stringify([profile.loginUrl, profile.login.username, profile.login.password]);
    const cached = this.jars.get(key);
    if (cached && !after401) return cached;
    const flight = this.signIn(profile, observer, timeoutMs, after401);
    this.jars.set(key, flight);
    flight.catch(() => this.jars.delete(key));
    return flight;
  }

  private async signIn(
    profile: ResolvedSession,
    observer: TokenObserver,
    timeoutMs: number,
    after401: boolean,
  ): Promise<CookieJar> {
    this.secrets.addBasic(profile.login.username, profile.login.password);
    const jar = await newJar();
    let status: number | undefined;
    const record = (request: OutgoingRequest, response: HttpResponse | undefined, error?: string) => {
      status = response?.status ?? status;
      observer.trace?.({ kind: 'token', request, response, ...(error ? { error } : {}) });
      const durationMs = response?.durationMs ?? 0;
      observer.exchange({
        kind: 'token',
        method: request.method,
        url: request.url,
        status: response?.status,
        startMs: this.elapsed() - durationMs,
        durationMs,
        profile: profile.name,
        ...(error ? { error } : {}),
      });
      for (const c of response?.setCookies ?? []) this.secrets.add(/^[^=]+=([^;]*)/.exec(c)?.[1]);
    };
    try {
      const result = await walk(profile.loginUrl, {
        http: this.http,
        timeoutMs,
        login: profile.login,
        jar,
        record,
      });
      const cookies = await jar.getCookies(profile.loginUrl);
      if (!result.signedIn || cookies.length === 0)
        throw new TokenError(
          `session ${profile.name}: the sign-in at ${profile.loginUrl} set no cookie`,
          status,
        );
      observer.event({
        kind: after401 ? 'refreshed' : 'fetched',
        profile: profile.name,
        ...(after401 ? { reason: '401' as const, via: 'grant' as const } : {}),
        status,
      });
      return jar;
    } catch (error) {
      const message = (error as Error).message;
      observer.event({ kind: 'failed', profile: profile.name, status, message });
      throw error;
    }
  }
}
