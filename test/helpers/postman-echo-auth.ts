/**
 * postman-echo's signed-auth endpoints for the stand-in (test/helpers/postman-echo.ts),
 * verifying what a client sent from the RFCs, with none of gatecheck's signing code:
 *
 * - `/digest-auth`: user `postman`, password `password`, realm `Users`; a fresh
 *   nonce and `qop="auth"` in every challenge; `{ authenticated: true }` or 401.
 * - `/oauth1`: consumer key `RKCGzna7bv9YD57c`, secret `D+EdQ-gs$-%@2Nu7` (as
 *   postman-echo documents); parameters from the header, the query or a form body;
 *   `{ status: 'pass', message: 'OAuth-1.0a signature verification was successful' }`
 *   or 401 `{ status: 'fail', message: '<method> verification failed', base_string, … }`.
 *
 * `lastDigest` and `lastOAuth1` let tests see what was verified.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DIGEST_USER = { username: 'postman', password: 'password', realm: 'Users' };
export const OAUTH1_CONSUMER = { key: 'RKCGzna7bv9YD57c', secret: 'D+EdQ-gs$-%@2Nu7' };

/** Handles the request when it is for an auth endpoint; false otherwise. */
export function answerAuth(req: IncomingMessage, res: ServerResponse, path: string, body: string): boolean {
  if (path === '/digest-auth') {
    digest(req, res, body);
    return true;
  }
  if (path === '/oauth1') {
    oauth1(req, res, body);
    return true;
  }
  return false;
}

function send(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
}

// RFC 7616 §3.4: the server recomputes the response from the password it knows.
function digest(req: IncomingMessage, res: ServerResponse, body: string): void {
  const header = req.headers.authorization ?? '';
  const fields: Record<string, string> = {};
  if (/^Digest /i.test(header))
    for (const m of header.slice(7).matchAll(/([a-z-]+)=(?:"([^"]*)"|([^,\s]*))/gi))
      fields[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  const algorithm = fields.algorithm ?? 'MD5';
  const hashName = { md5: 'md5', 'sha-256': 'sha256', 'sha-512-256': 'sha512-256' }[
    algorithm.toLowerCase().replace(/-sess$/, '')
  ];
  let ok = false;
  if (hashName && fields.username === DIGEST_USER.username && fields.realm === DIGEST_USER.realm) {
    const H = (s: string) => createHash(hashName).update(s).digest('hex');
    let ha1 = H(`${DIGEST_USER.username}:${DIGEST_USER.realm}:${DIGEST_USER.password}`);
    if (/-sess$/i.test(algorithm)) ha1 = H(`${ha1}:${fields.nonce}:${fields.cnonce}`);
    const target = req.url ?? '/';
    const ha2 =
      fields.qop === 'auth-int'
        ? H(`${req.method}:${fields.uri}:${H(body)}`)
        : H(`${req.method}:${fields.uri}`);
    const expected = fields.qop
      ? H(`${ha1}:${fields.nonce}:${fields.nc}:${fields.cnonce}:${fields.qop}:${ha2}`)
      : H(`${ha1}:${fields.nonce}:${ha2}`);
    ok = fields.uri === target && fields.response === expected;
    lastDigest = { fields, ok };
  }
  if (ok) return send(res, 200, { authenticated: true });
  const nonce = randomBytes(24).toString('base64url');
  res.writeHead(401, {
    'www-authenticate': `Digest realm="${DIGEST_USER.realm}", nonce="${nonce}", qop="auth"`,
  });
  res.end('Unauthorized');
}

export let lastDigest: { fields: Record<string, string>; ok: boolean } | undefined;
export let lastOAuth1: { params: [string, string][]; baseString: string; ok: boolean } | undefined;

// RFC 5849 §3.6.
const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function formPairs(text: string): [string, string][] {
  return [...new URLSearchParams(text)];
}

// RFC 5849 §3.2: collect the parameters from every place a client may put them, rebuild the base string.
function oauth1(req: IncomingMessage, res: ServerResponse, body: string): void {
  const host = (req.headers.host ?? 'localhost').toLowerCase();
  const url = new URL(req.url ?? '/', `http://${host}`);
  const params: [string, string][] = formPairs(url.search.slice(1));
  const header = req.headers.authorization ?? '';
  if (/^OAuth /i.test(header))
    for (const m of header.slice(6).matchAll(/([\w.~%-]+)="([^"]*)"/g))
      if (m[1] !== 'realm') params.push([decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)]);
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    params.push(...formPairs(body));
  const get = (name: string) => params.find(([k]) => k === name)?.[1];
  const method = get('oauth_signature_method') ?? 'HMAC-SHA1';
  const signature = get('oauth_signature') ?? '';
  const normalized = params
    .filter(([k]) => k !== 'oauth_signature')
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : x! > y! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const baseUri = `http://${host.replace(/:80$/, '')}${url.pathname}`;
  const baseString = [req.method ?? 'GET', baseUri, normalized].map(encode).join('&');
  const key = `${encode(OAUTH1_CONSUMER.secret)}&`;
  const hmac = { 'HMAC-SHA1': 'sha1', 'HMAC-SHA256': 'sha256', 'HMAC-SHA512': 'sha512' }[method];
  const expected =
    method === 'PLAINTEXT' ? key : hmac ? createHmac(hmac, key).update(baseString).digest('base64') : '';
  const ok = get('oauth_consumer_key') === OAUTH1_CONSUMER.key && expected !== '' && signature === expected;
  lastOAuth1 = { params, baseString, ok };
  if (ok)
    return send(res, 200, { status: 'pass', message: 'OAuth-1.0a signature verification was successful' });
  send(res, 401, {
    status: 'fail',
    message: `${method} verification failed`,
    base_uri: baseUri,
    normalized_param_string: normalized,
    base_string: baseString,
    signing_key: key,
  });
}
