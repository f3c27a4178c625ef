/**
 * The run's one HTTP client: an undici Agent with keep-alive, so every scenario
 * and token fetch reuses connections. Redirects are followed only when a request
 * asks. An HTTP status is data; only a request that could not be made throws.
 */
import type { Dispatcher } from 'undici';
import { Agent, redirectInterceptor } from './undici-core.js';
import { toTransportError, TransportError } from './errors.js';

export interface HttpClientOptions {
  insecure?: boolean;
  /** Largest response body kept, in bytes; more is an error. */
  maxBodyBytes?: number;
}

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
}

export class HttpClient {
  private readonly agent: InstanceType<typeof Agent>;
  private redirecting: Dispatcher | undefined;
  private readonly maxBodyBytes: number;

  constructor(options: HttpClientOptions = {}) {
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      connect: { rejectUnauthorized: !options.insecure },
    });
    this.maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
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
    try {
      const dispatcher = req.followRedirects ? this.redirectingDispatcher() : this.agent;
      const res = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(req.timeoutMs),
      });
      const body = await this.readBody(res.body);
      return {
        status: res.statusCode,
        headers: flatten(res.headers),
        body,
        durationMs: performance.now() - started,
      };
    } catch (error) {
      throw toTransportError(error, url, req.timeoutMs);
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
