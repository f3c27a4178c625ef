/**
 * A hostile server for the adversarial corpus, on 127.0.0.1:0, speaking raw
 * HTTP/1.1 over TCP so that it can send what a well-behaved library would not:
 * interim 1xx responses (split across TCP writes, or never followed by a final
 * one), status 000, compression bombs, bodies built to hang a
 * backtracking regex or overflow a recursive renderer. It records the headers
 * each path received (for redirect leak checks).
 */
import { createServer, type Socket } from 'node:net';
import { gzipSync, brotliCompressSync, deflateRawSync } from 'node:zlib';

export interface HostileServer {
  url: string;
  received: Map<string, Record<string, string>>;
  hits: Map<string, number>;
  /** Each request body a path received, in order. */
  bodies: Map<string, string[]>;
  close(): Promise<void>;
}

const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;

function reply(status: string, headers: Record<string, string | number>, body: Buffer | string = ''): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [
    `HTTP/1.1 ${status}`,
    ...Object.entries({ ...headers, 'content-length': bytes.length }).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), bytes]);
}

type Route = (send: (b: Buffer) => void, ctx: { port: number; other: string; socket: Socket }) => void;

/** Writes each piece on its own, a few ms apart, so that they reach the client as separate TCP reads. */
function trickle(socket: Socket, pieces: (string | Buffer)[]): void {
  const [first, ...rest] = pieces;
  if (first === undefined || socket.destroyed) return;
  socket.write(first);
  setTimeout(() => trickle(socket, rest), 15);
}

const JSON_TYPE = { 'content-type': 'application/json' };

const ROUTES: Record<string, Route> = {
  '/continue': (send) =>
    send(
      Buffer.concat([
        Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'),
        reply('200 OK', JSON_TYPE, '{"ok":true}'),
      ]),
    ),
  '/continue-post': (send) =>
    send(
      Buffer.concat([
        Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'),
        reply('200 OK', JSON_TYPE, '{"ok":true}'),
      ]),
    ),
  // Several interim responses of each kind, then the final one: 401 with a body.
  '/interim-then-401': (send) =>
    send(
      Buffer.concat([
        Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'),
        Buffer.from('HTTP/1.1 102 Processing\r\n\r\n'),
        Buffer.from('HTTP/1.1 103 Early Hints\r\nlink: </a.css>\r\nlink: </b.js>\r\n\r\n'),
        Buffer.from('HTTP/1.1 100 Continue\r\nx-note: again\r\n\r\n'),
        reply('401 Unauthorized', { ...JSON_TYPE, 'www-authenticate': 'Bearer' }, '{"error":"unauthorized"}'),
      ]),
    ),
  // The same bytes cut anywhere: inside a status line, between CR and LF, between interim and final.
  '/interim-split': (_send, { socket }) => {
    const final = reply('200 OK', JSON_TYPE, '{"ok":true,"split":"yes"}');
    trickle(socket, [
      'HTTP/1.1 10',
      '0 Contin',
      'ue\r',
      '\n\r',
      '\nHTTP/1.1 102 Processing\r\nx-a: 1\r\n',
      '\r\n',
      final.subarray(0, 10), // "HTTP/1.1 2"
      final.subarray(10, 40),
      final.subarray(40),
    ]);
  },
  // An interim response and then nothing: the request must time out, not hang.
  '/interim-forever': (send) => send(Buffer.from('HTTP/1.1 100 Continue\r\n\r\n')),
  // Interim responses every 50 ms, never a final one.
  '/interim-stream': (send, { socket }) => {
    const timer = setInterval(() => send(Buffer.from('HTTP/1.1 102 Processing\r\n\r\n')), 50);
    socket.on('close', () => clearInterval(timer));
  },
  // An unrequested switch of protocols is not an interim response: an error line.
  '/switching': (send) =>
    send(
      Buffer.from('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n'),
    ),
  '/early-hints': (send) =>
    send(
      Buffer.concat([
        Buffer.from('HTTP/1.1 103 Early Hints\r\nlink: </a.css>\r\n\r\n'),
        reply('200 OK', JSON_TYPE, '{"ok":true}'),
      ]),
    ),
  '/gzip': (send) =>
    send(reply('200 OK', { ...JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync('{"message":"decoded"}'))),
  '/br': (send) =>
    send(
      reply(
        '200 OK',
        { ...JSON_TYPE, 'content-encoding': 'br' },
        brotliCompressSync('{"message":"decoded"}'),
      ),
    ),
  '/deflate-raw': (send) =>
    send(
      reply(
        '200 OK',
        { ...JSON_TYPE, 'content-encoding': 'deflate' },
        deflateRawSync('{"message":"decoded"}'),
      ),
    ),
  // 64 MB of zeros in about 64 KB.
  '/bomb': (send) =>
    send(
      reply('200 OK', { ...JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(64 * 1024 * 1024))),
    ),
  '/deep': (send) => send(reply('200 OK', JSON_TYPE, DEEP)),
  '/redos': (send) => send(reply('200 OK', { 'content-type': 'text/plain' }, `${'a'.repeat(40)}!`)),
  '/status-000': (send) => send(Buffer.from('HTTP/1.1 000 Weird\r\ncontent-length: 0\r\n\r\n')),
  '/garbage': (send) => send(Buffer.from('\x00\x01 not http at all\r\n\r\nreally\nnot\n')),
  '/redirect-away': (send, { other }) => send(reply('302 Found', { location: `${other}/echo` })),
  '/echo': () => undefined, // answered below with the headers it got
  '/loop': (send) => send(reply('302 Found', { location: '/loop' })),
  '/never': () => undefined,
  // A session token in the \u-escaped JSON form some servers write.
  '/login': (send) =>
    send(
      reply('200 OK', JSON_TYPE, '{"sessionToken":"sess-\\u00e4\\u00f6-1234abcd","opaque":"opq-87654321"}'),
    ),
  '/ok': (send) => send(reply('200 OK', JSON_TYPE, '{"ok":true}')),
  // A failed check keeps a 2 KB excerpt of this: thousands of them make reports slow to render.
  '/big': (send) => send(reply('200 OK', JSON_TYPE, JSON.stringify({ filler: 'x'.repeat(4096) }))),
};

export async function startHostileServer(other = ''): Promise<HostileServer> {
  const received = new Map<string, Record<string, string>>();
  const hits = new Map<string, number>();
  const bodies = new Map<string, string[]>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buffered = Buffer.concat([buffered, d]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [requestLine, ...headerLines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of headerLines) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (buffered.length < end + 4 + length) return; // the body is still coming
        const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
        buffered = buffered.subarray(end + 4 + length);
        const path = requestLine!.split(' ')[1]!.split('?')[0]!;
        hits.set(path, (hits.get(path) ?? 0) + 1);
        received.set(path, headers);
        bodies.set(path, [...(bodies.get(path) ?? []), body]);
        const send = (b: Buffer) => socket.write(b);
        if (path === '/echo') send(reply('200 OK', JSON_TYPE, JSON.stringify(headers)));
        else if (ROUTES[path]) ROUTES[path](send, { port: 0, other, socket });
        else send(reply('404 Not Found', JSON_TYPE, '{}'));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    hits,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}
