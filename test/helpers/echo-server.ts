/**
 * A server that answers every request with what it received, as JSON:
 *   { "method": "GET", "path": "/x", "query": { "a": "1" }, "headers": { … }, "body": "…" }
 * `GET /status/<code>` answers with that status (and the same JSON); every
 * request is also kept in `received`, for tests that look at what was sent.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface EchoServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startEcho(): Promise<EchoServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://echo');
      const echo: Received = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(echo);
      const status = /^\/status\/(\d{3})$/.exec(url.pathname)?.[1];
      res.writeHead(status ? Number(status) : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
