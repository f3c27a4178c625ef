/**
 * The cookie jar of a Postman-mode run, as postman-runtime keeps one in newman:
 * one jar for the whole run (every folder and iteration), lenient parsing
 * (tough-cookie's loose mode, as postman-request), Set-Cookie kept from every
 * response, redirects included, and the Cookie header sent by RFC 6265's domain,
 * path, secure and expiry rules after the one a request was written with.
 *
 * Scripts see it as newman shows it: `pm.cookies` / `responseCookies` are the
 * jar's cookies for the response's final URL, and `pm.cookies.jar()` reaches
 * the jar's store through the sandbox's store events. newman lets scripts reach
 * every domain (it has no allow-list), and so does gatecheck.
 *
 * Every value a cookie takes in the jar (from a server, src/run/send-as.ts, or
 * a script, here) or in a written Cookie header may be a session, so it is a
 * secret of the run: masked in every output.
 */
import { createRequire } from 'node:module';
import type * as Tough from 'tough-cookie';
import type { SecretSet } from '../mask/secrets.js';
import type { CookieStoreCall, PmCookieJson } from '../postman/sandbox.js';

// Loaded when a Postman run makes its jar: the command bundle imports no package at start-up.
const tough = () => createRequire(import.meta.url)('tough-cookie') as typeof Tough;

/** The store methods postman-sandbox's cookie store forwards (and nothing else). */
const STORE_METHODS = new Set([
  'findCookie',
  'findCookies',
  'putCookie',
  'updateCookie',
  'removeCookie',
  'removeCookies',
  'removeAllCookies',
  'getAllCookies',
]);

export class PostmanCookies {
  /** The jar gatecheck's sender reads and fills (src/run/send-as.ts). */
  readonly jar = new (tough().CookieJar)(undefined, { looseMode: true });

  constructor(private readonly secrets: SecretSet) {}

  /** pm.cookies for a response: the jar's cookies for the URL it finally came from. */
  async forUrl(url: string): Promise<PmCookieJson[]> {
    try {
      return (await this.jar.getCookies(url)).map(toPmCookie);
    } catch {
      return []; // a URL the jar cannot read has no cookies
    }
  }

  /**
   * One call of pm.cookies.jar() on the store, as postman-runtime makes it:
   * the method's result (cookies as JSON) or an error message.
   */
  storeCall: CookieStoreCall = async (method, args) => {
    if (!STORE_METHODS.has(method)) return { error: `CookieStore: invalid method name '${method}'` };
    const a = [...args];
    if (method === 'putCookie') a[0] = this.fromScript(a[0]);
    if (method === 'updateCookie') [a[0], a[1]] = [this.fromScript(a[0]), this.fromScript(a[1])];
    if (a.some((x) => x === undefined && (method === 'putCookie' || method === 'updateCookie')))
      return { error: `runtime~CookieStore: error executing "${method}"` };
    const store = this.jar.store as unknown as Record<string, (...x: unknown[]) => void>;
    return new Promise((resolve) => {
      try {
        store[method]!.call(this.jar.store as Tough.Store, ...a, (err: unknown, res: unknown) =>
          resolve(err ? { error: err instanceof Error ? err.message : String(err) } : { result: json(res) }),
        );
      } catch {
        resolve({ error: `runtime~CookieStore: error executing "${method}"` });
      }
    });
  };

  /** A Cookie header a request was written with: its values are secrets like the jar's. */
  maskWritten(header: string | undefined): void {
    for (const pair of header?.split(';') ?? []) {
      const eq = pair.indexOf('=');
      if (eq > 0) this.secrets.add(pair.slice(eq + 1).trim());
    }
  }

  private fromScript(value: unknown): Tough.Cookie | undefined {
    const cookie = value ? tough().Cookie.fromJSON(value) : undefined;
    if (cookie) this.secrets.add(cookie.value);
    return cookie ?? undefined;
  }
}

/** Store results cross into the sandbox as JSON (it rebuilds them with Cookie.fromJSON). */
function json(res: unknown): unknown {
  if (res instanceof tough().Cookie) return res.toJSON();
  if (Array.isArray(res)) return res.map(json);
  return res;
}

/** tough-cookie's Cookie as postman-runtime converts it (toPostmanCookie). */
function toPmCookie(c: Tough.Cookie): PmCookieJson {
  const expires = c.expiryTime();
  return {
    name: c.key,
    value: c.value,
    expires: expires !== undefined && Number.isFinite(expires) ? new Date(expires).toISOString() : null,
    ...(typeof c.maxAge === 'number' ? { maxAge: c.maxAge } : {}),
    domain: c.domain,
    path: c.path,
    secure: c.secure,
    httpOnly: c.httpOnly,
    hostOnly: c.hostOnly,
    ...(c.extensions?.length ? { extensions: c.extensions } : {}),
  };
}
