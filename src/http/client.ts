/**
 * The run's one HTTP client: an undici Agent with keep-alive, so every scenario
 * and token fetch reuses connections. Redirects are followed only when a request
 * asks, never from HTTPS to HTTP unless it says so, and a redirect to another
 * origin drops Authorization, Cookie and every header that carries a known
 * secret. Interim 1xx responses are skipped. Bodies are decoded (gzip, deflate, br) within the size cap. An HTTP
 * status is data; only a request that could not be made throws.
 */
import { EventEmitter } from 'node:events';
import { rootCertificates } from 'node:tls';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { MultipartPart } from '../model/collection.js';
import { Agent, EnvHttpProxyAgent } from './undici-core.js';
import { interimTolerantFactory } from './interim.js';
import { toTransportError, TransportError } from './errors.js';

export const MAX_REDIRECTS = 10;

/**
 * A request's abort switch, as undici accepts it (an EventEmitter with `aborted`
 * and `reason`). Not an AbortController: Node's AbortSignal outlives the request
 * until a full collection, and with it undici's handler and the response, which
 * made most of a long run's old-generation garbage (its peak memory).
 */
class RequestAbort extends EventEmitter {
  aborted = false;
  reason: unknown;

  abort(reason: TransportError): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

interface Hop {
  url: URL;
  /** The request-target when it is not `url`'s WHATWG serialization (the first hop of a Postman request). */
  path?: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpClientOptions {
  insecure?: boolean;
  /** PEM: extra certificate authorities, and a client certificate and key for mTLS. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Largest response body kept, in bytes; more is an error. */
  maxBodyBytes?: number;
  /** Aborts every request in flight (Ctrl-C). */
  signal?: AbortSignal;
  /** The process environment, for HTTP_PROXY, HTTPS_PROXY and NO_PROXY. */
  env?: NodeJS.ProcessEnv;
  /** The run's secrets: a header carrying one is not sent on to another origin. */
  secrets?: { occursIn(text: string): boolean };
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as text: what is sent, or what reports show when `bodyBytes` is sent instead. */
  body?: string;
  /** Bytes sent in place of `body` (a multipart body with file contents). */
  bodyBytes?: Uint8Array;
  /** A multipart body's parts, for reports (the curl line's -F parts); `bodyBytes` is what is sent. */
  multipart?: MultipartPart[];
  timeoutMs: number;
  followRedirects?: boolean;
  /** Follow a redirect from HTTPS to HTTP too (refused, E_REDIRECT, unless set). */
  allowHttpRedirect?: boolean;
  /**
   * The request-target exactly as to send, for Postman requests (postman-url-encoder's
   * path and query, which WHATWG's URL would re-encode: dot segments, `'`, …);
   * undefined sends `url`'s own path and query.
   */
  path?: string;
  /** A cookie jar: every hop's Set-Cookie goes in it, and each redirect hop gets its cookies. */
  cookies?: CookieHooks;
}

/** What the client asks of a cookie jar; the first hop's Cookie header is the caller's to write. */
export interface CookieHooks {
  /**
   * A redirect hop's Cookie header, from the previous hop's (undefined when it is
   * not sent on to this origin) and whether the hop is on the request's own origin.
   */
  forRedirect(url: string, previous: string | undefined, sameOrigin: boolean): Promise<string | undefined>;
  /** Keeps the cookies a response (a redirect's too) sets. */
  keep(url: string, setCookies: string[]): Promise<void>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  /** Each Set-Cookie header on its own (joined with ", " in headers, they would be ambiguous). */
  setCookies?: string[];
  /** The URL the response came from, after any redirects. */
  url?: string;
}

export class HttpClient {
  private readonly agent: Dispatcher;
  private readonly maxBodyBytes: number;
  private readonly signal: AbortSignal | undefined;
  private readonly secrets: HttpClientOptions['secrets'];
  /** Requests in flight: the run's signal aborts them all through one listener, not one per request. */
  private readonly inFlight = new Set<RequestAbort>();
  private readonly interrupt = () => {
    for (const c of this.inFlight)
      c.abort(new TransportError('E_INTERRUPTED', 'interrupted before it finished'));
  };

  constructor(options: HttpClientOptions = {}) {
    const connect = {
      rejectUnauthorized: !options.insecure,
      // --cacert adds to the system's authorities: an internal-CA server and a public identity provider in one run.
      ca: options.ca === undefined ? undefined : [...rootCertificates, options.ca],
      cert: options.cert,
      key: options.key,
    };
    const env = options.env ?? process.env;
    const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some((k) => env[k]);
    // Through a proxy only when the environment names one (NO_PROXY respected by undici's EnvHttpProxyAgent).
    // Every connection accepts interim 1xx responses, 100 Continue included (see interim.ts).
    const agentOptions = { keepAliveTimeout: 10_000, connect, factory: interimTolerantFactory };
    this.agent = proxied ? new EnvHttpProxyAgent(agentOptions) : new Agent(agentOptions);
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.signal = options.signal;
    options.signal?.addEventListener('abort', this.interrupt, { once: true });
    this.secrets = options.secrets;
  }

  async send(req: OutgoingRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new TransportError('E_URL', `invalid URL: ${req.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TransportError('E_URL', `unsupported URL scheme ${url.protocol} in ${req.url}`);
    }
    const started = performance.now();
    // One switch per request: its own timer and the run's Ctrl-C.
    const abort = new RequestAbort();
    const timer = setTimeout(
      () => abort.abort(new TransportError('E_TIMEOUT', `timed out after ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    this.inFlight.add(abort);
    try {
      let hop: Hop = {
        url,
        path: req.path,
        method: req.method,
        headers: req.headers,
        body: req.bodyBytes ?? req.body,
      };
      for (let redirects = 0; ; redirects++) {
        const res = await this.agent.request({
          origin: hop.url.origin,
          path: hop.path ?? `${hop.url.pathname}${hop.url.search}`,
          method: hop.method as Dispatcher.HttpMethod,
          headers: hop.headers,
          body: hop.body,
          signal: abort,
        });
        const headers = flatten(res.headers);
        const setCookies = [res.headers['set-cookie'] ?? []].flat();
        await req.cookies?.keep(hop.url.href, setCookies);
        if (req.followRedirects && REDIRECTS.has(res.statusCode) && headers.location !== undefined) {
          // Read and drop a redirect's own body (bounded) so its connection can be reused.
          await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
          if (redirects >= MAX_REDIRECTS)
            throw new TransportError(
              'E_REDIRECT',
              `redirect loop at ${url.href}: more than ${MAX_REDIRECTS} redirects`,
            );
          hop = this.nextHop(hop, res.statusCode, headers.location, req.allowHttpRedirect ?? false);
          if (req.cookies) hop = await withJar(hop, req.cookies, hop.url.origin === url.origin);
          continue;
        }
        const body = decode(await this.readBody(res.body), headers['content-encoding'], this.maxBodyBytes);
        return {
          status: res.statusCode,
          headers,
          body,
          durationMs: performance.now() - started,
          setCookies,
          url: hop.url.href,
        };
      }
    } catch (error) {
      if (abort.reason instanceof TransportError) throw abort.reason;
      throw toTransportError(error, url, req.timeoutMs);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(abort);
    }
  }

  close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.interrupt);
    return this.agent.close();
  }

  /** Where a redirect goes, and what is sent there: fewer headers on another origin, GET after a 303. */
  private nextHop(hop: Hop, status: number, location: string, allowHttp: boolean): Hop {
    let next: URL;
    try {
      next = new URL(location, hop.url);
    } catch {
      throw new TransportError('E_REDIRECT', `redirect to an invalid URL from ${hop.url.href}`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      throw new TransportError(
        'E_REDIRECT',
        `redirect to unsupported scheme ${next.protocol} from ${hop.url.href}`,
      );
    if (hop.url.protocol === 'https:' && next.protocol === 'http:' && !allowHttp)
      throw new TransportError(
        'E_REDIRECT',
        `refused a redirect from HTTPS to HTTP (${next.origin}); set allowHttpRedirect: true on the request to follow it`,
      );
    const headers = { ...hop.headers };
    if (next.origin !== hop.url.origin) {
      for (const name of Object.keys(headers)) {
        const lower = name.toLowerCase();
        if (CREDENTIAL_HEADERS.has(lower) || lower === 'host' || this.secrets?.occursIn(headers[name]!))
          delete headers[name];
      }
    }
    const toGet =
      status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
    if (!toGet) return { ...hop, url: next, path: undefined, headers };
    for (const name of Object.keys(headers))
      if (/^content-(type|length|encoding)$/i.test(name)) delete headers[name];
    return { url: next, method: 'GET', headers, body: undefined };
  }

  /** The body's bytes, up to the cap. Stream events, not `for await`: an async iterator costs a promise per chunk. */
  private readBody(body: Dispatcher.ResponseData['body']): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= this.maxBodyBytes) return void chunks.push(chunk);
        body.destroy();
        reject(
          new TransportError('E_BODY_TOO_LARGE', `response body larger than ${this.maxBodyBytes} bytes`),
        );
      });
      body.on('end', () => resolve(Buffer.concat(chunks, size)));
      body.on('error', reject);
    });
  }
}

/** A redirect hop's Cookie header, as the jar decides it. */
async function withJar(hop: Hop, jar: CookieHooks, sameOrigin: boolean): Promise<Hop> {
  const headers: Record<string, string> = {};
  let previous: string | undefined;
  for (const [k, v] of Object.entries(hop.headers))
    if (k.toLowerCase() === 'cookie') previous = v;
    else headers[k] = v;
  const cookie = await jar.forRedirect(hop.url.href, previous, sameOrigin);
  if (cookie) headers.cookie = cookie;
  return { ...hop, headers };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The body as text, with its Content-Encoding (gzip, deflate, br; several in
 * order) undone. Decoding stops at the cap: a compression bomb is cut, never
 * expanded. An encoding gatecheck does not know leaves the bytes as they came.
 */
function decode(raw: Buffer, encoding: string | undefined, maxBytes: number): string {
  if (!encoding) return raw.toString('utf8');
  let data = raw;
  const options = { maxOutputLength: maxBytes };
  for (const coding of encoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .reverse()) {
    try {
      if (coding === 'gzip' || coding === 'x-gzip') data = gunzipSync(data, options);
      else if (coding === 'br') data = brotliDecompressSync(data, options);
      else if (coding === 'deflate') data = inflateDeflate(data, options);
      else if (coding !== 'identity' && coding !== '') break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new TransportError(
          'E_BODY_TOO_LARGE',
          `response body larger than ${maxBytes} bytes once decoded (${coding})`,
        );
      throw new TransportError('E_DECODE', `response body is not valid ${coding}: ${(e as Error).message}`);
    }
  }
  return data.toString('utf8');
}

/** "deflate" is zlib-wrapped by the standard and raw from some servers: both are accepted. */
function inflateDeflate(data: Buffer, options: { maxOutputLength: number }): Buffer {
  try {
    return inflateSync(data, options);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw e;
    return inflateRawSync(data, options);
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
