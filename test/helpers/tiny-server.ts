/** A trivial HTTP server on 127.0.0.1:0 (200 and a small JSON body), for runs where the server must cost nothing. */
import { createServer, type Server } from 'node:http';

export interface TinyServer {
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}

export async function startTinyServer(): Promise<TinyServer> {
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
