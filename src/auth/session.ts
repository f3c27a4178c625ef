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
import { SingleFlight } from './single-flight.js';
import { recordTokenExchange, type TokenObserver } from './token-cache.js';

export interface ResolvedSession {
  name: string;
  loginUrl: string;
  login: Login;
}

export class SessionCache {
  private readonly jars = new SingleFlight<CookieJar>();

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
    if (!after401) {
      const cached = this.jars.value(key);
      if (cached) return Promise.resolve(cached);
      const pending = this.jars.pending(key);
      if (pending) return pending;
    }
    // The refused jar is gone: callers now wait for the new sign-in.
    this.jars.delete(key);
    return this.jars.start(key, () => this.signIn(profile, observer, timeoutMs, after401));
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
      recordTokenExchange(observer, this.elapsed(), profile.name, request, response, error);
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
