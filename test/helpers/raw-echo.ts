/**
 * newman's raw echo server (its integration tests' localhost:4041), on 127.0.0.1
 * port 0: answers 200 with the request message exactly as received (request line,
 * header names in their case, body) as text, and in a `raw-request` header (for
 * HEAD). A plain TCP server, because Node's HTTP parser refuses methods it does not
 * know (PROPFIND, POSTMAN) that Postman sends.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { EchoServer } from './postman-echo.js';

export async function startRawEcho(): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let data = Buffer.alloc(0);
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (!answered && complete(data)) {
        answered = true;
        answer(socket, data.toString('latin1'));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Headers ended and the body (Content-Length or chunked) fully arrived. */
function complete(data: Buffer): boolean {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = data.subarray(0, end).toString('latin1');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const body = data.subarray(end + 4);
  if (length) return body.length >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return body.includes('0\r\n\r\n');
  return true;
}

function answer(socket: Socket, message: string): void {
  const head = [
    'HTTP/1.1 200 ok',
    'connection: close',
    'content-type: text/plain',
    `raw-request: ${JSON.stringify(message)}`,
    '',
    '',
  ].join('\r\n');
  socket.end(message.startsWith('HEAD ') ? head : head + message, 'latin1');
}
