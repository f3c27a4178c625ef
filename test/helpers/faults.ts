/**
 * A misbehaving server for tests, on 127.0.0.1:0: every route is a fault a real
 * server or network can produce. It tracks its sockets so that closing it never
 * waits on a connection a fault left open.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface FaultServer {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: string, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const ROUTES: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ok': (_req, res) => json(res, 200, '{"ok":true}'),
  '/reset-before-headers': (req) => req.socket.destroy(),
  '/reset-after-headers': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
    setTimeout(() => req.socket.destroy(), 20);
  },
  '/never-answers': () => undefined,
  '/stalls-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"items": [');
  },
  '/malformed-json': (_req, res) => json(res, 200, '{"items": [1, 2,, }'),
  '/huge': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < 50) {
        sent++;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  },
  '/error-500': (_req, res) => json(res, 500, '{"error":"boom"}'),
  '/closes-keep-alive': (req, res) => {
    json(res, 200, '{"ok":true}');
    res.on('finish', () => setImmediate(() => req.socket.destroy()));
  },
  '/redirect-loop': (_req, res) => {
    res.writeHead(302, { location: '/redirect-loop', 'content-length': '0' });
    res.end();
  },
  '/token/no-access-token': (_req, res) => json(res, 200, '{"token_type":"bearer","expires_in":3600}'),
  '/token/bad-expires-in': (_req, res) =>
    json(res, 200, '{"access_token":"AAAAAAAAAAAAAAAAAAAAAA","token_type":"bearer","expires_in":"soon"}'),
  '/token/html': (_req, res) =>
    json(res, 200, '<!DOCTYPE html><html><body>Sign in</body></html>', 'text/html'),
  '/token/error-200': (_req, res) =>
    json(res, 200, '{"error":"invalid_client","error_description":"Client authentication failed"}'),
};

export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    req.resume();
    (ROUTES[path] ?? ((_q, r) => json(r, 404, '{"error":"no such fault"}')))(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
