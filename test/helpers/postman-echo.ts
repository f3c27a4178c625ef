/**
 * A stand-in for postman-echo.com on 127.0.0.1, so Postman collections that call it
 * run without the network: the endpoints newman's own collections use, answering
 * in postman-echo's shapes (`{ args, headers, url }`, `{ ..., form, json, data }`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync, deflateSync } from 'node:zlib';
import { answerAuth } from './postman-echo-auth.js';

export interface EchoServer {
  url: string;
  close(): Promise<void>;
}

export async function startPostmanEcho(): Promise<EchoServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function handle(req: IncomingMessage, res: ServerResponse, bytes: Buffer): void {
  const body = bytes.toString('utf8');
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const args = Object.fromEntries(url.searchParams);
  const headers = { ...req.headers } as Record<string, string>;
  const cookies = parseCookies(req.headers.cookie);
  const json = (status: number, value: unknown, extra: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
    res.end(JSON.stringify(value));
  };
  const fullUrl = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const method = (req.method ?? 'GET').toLowerCase();
  let m: RegExpExecArray | null;

  if (
    ['/get', '/post', '/put', '/patch', '/delete'].includes(path) ||
    (/^\/[a-z]+$/i.test(path) && path === `/${method}`)
  ) {
    if (path === '/get' || method === 'get' || method === 'head')
      return json(200, { args, headers, url: fullUrl });
    const type = req.headers['content-type'] ?? '';
    let form: Record<string, string | string[]> = {};
    let files: Record<string, string> = {};
    let parsed: unknown = null;
    // A repeated key is a list of its values, as postman-echo's body parser gives it.
    if (type.includes('application/x-www-form-urlencoded')) form = grouped(new URLSearchParams(body));
    const multipart = type.includes('multipart/form-data');
    if (multipart) ({ form, files } = parseMultipart(bytes, type));
    if (type.includes('json'))
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = null;
      }
    return json(200, {
      args,
      data: type.includes('form-urlencoded') || multipart ? '' : body,
      files,
      form,
      headers,
      json: parsed ?? form,
      url: fullUrl,
    });
  }
  if (path === '/headers') return json(200, { headers });
  if ((m = /^\/status\/(\d{3})$/.exec(path))) return json(Number(m[1]), { status: Number(m[1]) });
  if ((m = /^\/delay\/(\d+)$/.exec(path))) {
    const s = Math.min(Number(m[1]), 10);
    setTimeout(() => json(200, { delay: String(s) }), s * 1000);
    return;
  }
  if (path === '/response-headers') {
    const extra: Record<string, string> = {};
    for (const [k, v] of url.searchParams) extra[k] = v;
    return json(200, args, extra);
  }
  // As postman-echo (Express): set and delete answer 302 to /cookies, values URL-encoded, Path=/.
  if (path === '/cookies') return json(200, { cookies });
  if (path === '/cookies/set' || path === '/cookies/delete') {
    const set = path === '/cookies/set';
    res.writeHead(302, {
      location: '/cookies',
      'content-type': 'text/plain; charset=utf-8',
      'set-cookie': [...url.searchParams].map(([k, v]) =>
        set
          ? `${k}=${encodeURIComponent(v)}; Path=/`
          : `${k}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`,
      ),
    });
    return void res.end('Found. Redirecting to /cookies');
  }
  if (path === '/redirect-to') {
    res.writeHead(Number(args.status_code ?? 302), { location: args.url ?? '/get' });
    return void res.end();
  }
  if (answerAuth(req, res, path, body)) return;
  if (path === '/basic-auth') {
    const ok = req.headers.authorization === `Basic ${Buffer.from('postman:password').toString('base64')}`;
    if (ok) return json(200, { authenticated: true });
    res.writeHead(401, { 'www-authenticate': 'Basic realm="Users"' });
    return void res.end('Unauthorized');
  }
  if (path === '/gzip' || path === '/deflate') {
    const gz = path === '/gzip';
    const payload = Buffer.from(
      JSON.stringify({ [gz ? 'gzipped' : 'deflated']: true, headers, method: req.method }),
    );
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': gz ? 'gzip' : 'deflate' });
    return void res.end(gz ? gzipSync(payload) : deflateSync(payload));
  }
  if (path === '/encoding/utf8') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return void res.end('<h1>Unicode Demo</h1><pre>∮ E⋅da = Q</pre>');
  }
  if (path === '/type/xml') {
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
    return void res.end(
      '<?xml version="1.0" encoding="utf-8"?><food><key>Homestyle Breakfast</key><value>950</value></food>',
    );
  }
  if (path === '/type/html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return void res.end('<html><body><h1>Hello</h1></body></html>');
  }
  if ((m = /^\/stream\/(\d+)$/.exec(path))) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const n = Math.min(Number(m[1]), 100);
    return void res.end(
      Array.from({ length: n }, (_, i) => JSON.stringify({ args, headers, url: fullUrl, id: i })).join('\n'),
    );
  }
  if (path === '/ip') return json(200, { ip: req.socket.remoteAddress });
  json(404, { error: 'not found', path });
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    // The first of two cookies of one name wins, as in the `cookie` parser postman-echo uses.
    if (eq > 0) out[part.slice(0, eq).trim()] ??= safeDecode(part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * A multipart/form-data body as postman-echo answers it: text fields in `form` (a
 * repeated name becomes an array of its values, in order), files in `files` keyed
 * by file name as data: URLs of their bytes.
 */
function parseMultipart(
  bytes: Buffer,
  type: string,
): { form: Record<string, string | string[]>; files: Record<string, string> } {
  const form: Record<string, string | string[]> = {};
  const files: Record<string, string> = {};
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary) return { form, files };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = bytes.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (bytes.subarray(start, start + 2).toString() === '--') break;
    const next = bytes.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = bytes.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (filename !== undefined) {
      const mime = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
      files[filename] = `data:${mime};base64,${content.toString('base64')}`;
    } else {
      const value = content.toString('utf8');
      const prior = form[name];
      form[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
    }
    at = next;
  }
  return { form, files };
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function grouped(pairs: Iterable<[string, string]>): Record<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [k, v] of pairs) {
    const had = out.get(k);
    out.set(k, had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v]);
  }
  return Object.fromEntries(out);
}
