/**
 * The run's one HTTP client: an undici Agent with keep-alive, so every scenario
 * and token fetch reuses connections. Redirects are followed only when a request
 * asks. An HTTP status is data; only a request that could not be made throws.
 */
import { setMaxListeners } from 'node:events';
import type { Dispatcher } from 'undici';
import { Agent, envProxyAgent, redirectInterceptor } from './undici-core.js';
import { toTransportError, TransportError } from './errors.js';

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
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  followRedirects?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  /** Each Set-Cookie header on its own (joined with ", " in headers, they would be ambiguous). */
  setCookies?: string[];
}

export class HttpClient {
  private readonly agent: Dispatcher;
  private redirecting: Dispatcher | undefined;
  private readonly maxBodyBytes: number;
  private readonly signal: AbortSignal | undefined;

  constructor(options: HttpClientOptions = {}) {
    const connect = {
      rejectUnauthorized: !options.insecure,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
    };
    const env = options.env ?? process.env;
    const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some((k) => env[k]);
    // Through a proxy only when the environment names one (NO_PROXY respected by undici's EnvHttpProxyAgent).
    this.agent = proxied
      ? new (envProxyAgent())({ keepAliveTimeout: 10_000, connect })
      : new Agent({ keepAliveTimeout: 10_000, connect });
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.signal = options.signal;
    // Every request in flight listens to the run's signal: many at once is expected, not a leak.
    if (options.signal) setMaxListeners(0, options.signal);
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
    // One controller per request: its own timer (a bare AbortSignal.timeout inside
    // AbortSignal.any can be collected before it fires) and the run's Ctrl-C.
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new TransportError('E_TIMEOUT', `timed out after ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    const interrupt = () =>
      controller.abort(new TransportError('E_INTERRUPTED', 'interrupted before it finished'));
    this.signal?.addEventListener('abort', interrupt, { once: true });
    try {
      const dispatcher = req.followRedirects ? this.redirectingDispatcher() : this.agent;
      const res = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal: controller.signal,
      });
      const body = await this.readBody(res.body);
      return {
        status: res.statusCode,
        headers: flatten(res.headers),
        body,
        durationMs: performance.now() - started,
        setCookies: [res.headers['set-cookie'] ?? []].flat(),
      };
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason instanceof TransportError)
        throw controller.signal.reason;
      throw toTransportError(error, url, req.timeoutMs);
    } finally {
      clearTimeout(timer);
      this.signal?.removeEventListener('abort', interrupt);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private redirectingDispatcher(): Dispatcher {
    this.redirecting ??= this.agent.compose(redirectInterceptor({ maxRedirections: 10 }));
    return this.redirecting;
  }

  private async readBody(body: Dispatcher.ResponseData['body']): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > this.maxBodyBytes) {
        body.destroy();
        throw new TransportError('E_BODY_TOO_LARGE', `response body larger than ${this.maxBodyBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
