/**
 * A scenario's cookie jar, made at the first cookie a response sets: most runs
 * never see one, and loading tough-cookie is about a fifth of a cold start.
 * Until then the jar is empty, so a request gets no cookies from it, exactly as
 * from an empty tough-cookie jar.
 */
import type { CookieJar } from 'tough-cookie';
import { newJar } from '../auth/headless.js';

/** What sending needs of a jar: this class, and tough-cookie's CookieJar (Postman mode's loose one). */
export interface CookieStore {
  getCookieString(url: string): Promise<string>;
  setCookie(setCookie: string, url: string, options: { ignoreError: boolean }): Promise<unknown>;
}

export class ScenarioCookies implements CookieStore {
  private jar: Promise<CookieJar> | undefined;

  /** The Cookie header value the jar holds for this URL ('' when none). */
  async getCookieString(url: string): Promise<string> {
    return this.jar ? (await this.jar).getCookieString(url) : '';
  }

  /** Keeps a Set-Cookie header (with ignoreError, one not valid for this URL is dropped, as a browser does). */
  async setCookie(setCookie: string, url: string, options: { ignoreError: boolean }): Promise<void> {
    this.jar ??= newJar();
    await (await this.jar).setCookie(setCookie, url, options);
  }
}
