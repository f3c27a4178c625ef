/**
 * OAuth 1.0a request signing (RFC 5849) as Postman does it (postman-runtime's
 * lib/authorizer/oauth1.js with node-oauth1): the same parameters, the same
 * signature base string, the same header.
 *
 *   OAuth oauth_consumer_key="RKCGzna7bv9YD57c",oauth_signature_method="HMAC-SHA1",
 *   oauth_timestamp="1461319769",oauth_nonce="ik3oT5",oauth_version="1.0",
 *   oauth_signature="s%2B2Fj…%3D"
 *
 * The parameters go in the Authorization header, or (`in: query`) in the form
 * body of a POST or PUT that has one and in the URL's query otherwise.
 */
import { createHash, createHmac, createSign, randomInt } from 'node:crypto';

/** The oauth1 profile's optional fields, each copied as written when present (load, import, export). */
export const OAUTH1_OPTIONAL_FIELDS = [
  'token',
  'tokenSecret',
  'privateKey',
  'callback',
  'verifier',
  'timestamp',
  'nonce',
  'realm',
] as const;

export const OAUTH1_SIGNATURE_METHODS = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'HMAC-SHA512',
  'PLAINTEXT',
  'RSA-SHA1',
  'RSA-SHA256',
  'RSA-SHA512',
] as const;
export type OAuth1SignatureMethod = (typeof OAUTH1_SIGNATURE_METHODS)[number];

/** The parameters OAuth 1.0 owns: a request's own copies are replaced by the signed ones. */
const OAUTH_PARAMS = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_signature',
  'oauth_callback',
  'oauth_verifier',
  'oauth_body_hash',
];

/** A profile with its variables filled in. */
export interface OAuth1Params {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
  /** PEM, for RSA-SHA*. */
  privateKey?: string;
  signatureMethod: OAuth1SignatureMethod;
  callback?: string;
  verifier?: string;
  /** Fixed values; generated per request when absent. */
  timestamp?: string;
  nonce?: string;
  version?: string;
  realm?: string;
  in: 'header' | 'query';
  includeBodyHash?: boolean;
  addEmptyParamsToSign?: boolean;
  disableHeaderEncoding?: boolean;
}

export interface SignableRequest {
  method: string;
  url: string;
  /** An exact request-target (Postman mode): it carries what the URL carries. */
  path?: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OAuth1Result<R extends SignableRequest> {
  request: R;
  /** The signature and the base string it signs (for tests and --verbose thinking, never printed unmasked). */
  signature: string;
  baseString: string;
}

/** RFC 3986 percent-encoding (RFC 5849 §3.6), as node-oauth1's percentEncode. */
export function percentEncode(s: string | undefined | null): string {
  if (s === undefined || s === null) return '';
  return encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** application/x-www-form-urlencoded pairs ('+' is a space; a name without '=' has no value). */
export function decodeForm(form: string): [string, string | null][] {
  const decode = (s: string) => {
    const plus = s.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(plus);
    } catch {
      return plus;
    }
  };
  return form
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decode(p), null] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
    });
}

/**
 * The base string URI (RFC 5849 §3.4.1.2) as Postman makes it: scheme and host in
 * lowercase, the port dropped when it is 80 or 443 (or matches the scheme), the
 * path as sent, no query.
 */
export function baseStringUri(url: URL): string {
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const port = url.port;
  const host =
    port === '' || port === '80' || port === '443' ? url.hostname.toLowerCase() : url.host.toLowerCase();
  return `${scheme}://${host}${url.pathname || '/'}`;
}

/** The signature base string (RFC 5849 §3.4.1): method, URI and the sorted, encoded parameters. */
export function signatureBaseString(
  method: string,
  url: URL,
  params: readonly (readonly [string, string | null | undefined])[],
): string {
  const query = url.search.length > 1 ? decodeForm(url.search.slice(1)) : [];
  const all = [...query, ...params].filter(([k]) => k !== 'oauth_signature');
  const encoded = all.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  // Sorting "name value" sorts by name, then value: a space precedes every encoded character.
  encoded.sort((a, b) => {
    const x = `${a[0]} ${a[1]}`;
    const y = `${b[0]} ${b[1]}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const normalized = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  return [
    percentEncode(method.toUpperCase()),
    percentEncode(baseStringUri(url)),
    percentEncode(normalized),
  ].join('&');
}

/** The signature of a base string by the profile's method (RFC 5849 §3.4.2–3.4.4). */
export function signBaseString(
  method: OAuth1SignatureMethod,
  base: string,
  keys: { consumerSecret: string; tokenSecret?: string; privateKey?: string },
): string {
  const [kind, hash] = method.split('-') as [string, string | undefined];
  if (kind === 'RSA')
    try {
      return createSign(`RSA-${hash}`)
        .update(base)
        .sign(keys.privateKey ?? '', 'base64');
    } catch {
      // node's message may quote the key material; say only what is wrong.
      throw new OAuth1Error(`${method}: privateKey is not a PEM private key that can sign`);
    }
  const key = `${percentEncode(keys.consumerSecret)}&${percentEncode(keys.tokenSecret ?? '')}`;
  if (kind === 'PLAINTEXT') return key;
  return createHmac(hash!.toLowerCase(), key).update(base).digest('base64');
}

/** A request that cannot be signed (an RSA private key that is not one). */
export class OAuth1Error extends Error {
  readonly code = 'E_OAUTH1';
}

const NONCE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXTZabcdefghiklmnopqrstuvwxyz';

/** An 11-character nonce from node-oauth1's alphabet, as Postman makes one. */
export function oauthNonce(): string {
  return Array.from({ length: 11 }, () => NONCE_CHARS[randomInt(NONCE_CHARS.length)]).join('');
}

/**
 * The request signed: its own OAuth parameters and Authorization header replaced
 * by the signed ones. Without a consumer key, or without the secret (the private
 * key for RSA) the method needs, the request goes unsigned, as Postman sends it.
 */
export function signOAuth1<R extends SignableRequest>(
  request: R,
  p: OAuth1Params,
  now: () => number = Date.now,
): OAuth1Result<R> | undefined {
  const [kind, hash] = p.signatureMethod.split('-') as [string, string | undefined];
  if (!p.consumerKey || (kind !== 'RSA' && !p.consumerSecret) || (kind === 'RSA' && !p.privateKey))
    return undefined;
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== 'authorization'),
  );
  const url = withoutOAuthParams(request.url);
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const form = /^application\/x-www-form-urlencoded\b/i.test(contentType);
  let body = request.body;
  if (form && body !== undefined)
    body = body
      .split('&')
      .filter((pair) => !OAUTH_PARAMS.includes(decodeForm(pair)[0]?.[0] ?? ''))
      .join('&');

  const blank = (v: string | undefined) => v === undefined || (!p.addEmptyParamsToSign && v.trim() === '');
  const value = (v: string | undefined) => (blank(v) ? undefined : v);
  const signing: [string, string | undefined][] = [
    ['oauth_consumer_key', value(p.consumerKey)],
    ['oauth_token', value(p.token)],
    ['oauth_signature_method', p.signatureMethod],
    ['oauth_timestamp', value(p.timestamp) ?? String(Math.floor(now() / 1000))],
    ['oauth_nonce', value(p.nonce) ?? oauthNonce()],
    ['oauth_version', value(p.version)],
  ];
  // A form body is signed as parameters, never hashed (the body hash extension excludes it).
  if (p.includeBodyHash && hash && !form)
    signing.push([
      'oauth_body_hash',
      createHash(hash.toLowerCase())
        .update(body ?? '')
        .digest('base64'),
    ]);
  // Extensions are signed only when set, whatever addEmptyParamsToSign says (as Postman).
  if (value(p.callback)) signing.push(['oauth_callback', p.callback!]);
  if (value(p.verifier)) signing.push(['oauth_verifier', p.verifier!]);
  const params = signing.filter(
    (e): e is [string, string] => p.addEmptyParamsToSign === true || Boolean(e[1]),
  );
  const bodyParams = form && body !== undefined ? decodeForm(body) : [];
  const target = new URL(url);
  const baseString = signatureBaseString(request.method, target, [...params, ...bodyParams]);
  const signature = signBaseString(p.signatureMethod, baseString, p);
  const signed: [string, string][] = [
    ...params.map(([k, v]): [string, string] => [k, v ?? '']),
    ['oauth_signature', signature],
  ];

  // An exact request-target (Postman mode) gets what the URL gets.
  const path = request.path === undefined ? {} : { path: withoutOAuthParams(request.path) };
  if (p.in === 'header') {
    headers.authorization = authorizationHeader(p, signed);
    return { request: { ...request, url, ...path, headers, body }, signature, baseString };
  }
  const encoded = signed.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  if (/PUT|POST/.test(request.method) && form)
    return {
      request: { ...request, url, ...path, headers, body: body ? `${body}&${encoded}` : encoded },
      signature,
      baseString,
    };
  const query = path.path === undefined ? {} : { path: appendQuery(path.path, encoded) };
  return {
    request: { ...request, url: appendQuery(url, encoded), ...query, headers, body },
    signature,
    baseString,
  };
}

/** node-oauth1's getAuthorizationHeader: realm first, then every oauth_ parameter with a value. */
function authorizationHeader(p: OAuth1Params, params: [string, string][]): string {
  const encode = (s: string) => (p.disableHeaderEncoding ? s : percentEncode(s));
  const fields: string[] = [];
  if (p.realm && p.realm.trim()) fields.push(`realm="${encode(p.realm)}"`);
  for (const [name, v] of params) {
    if (!v || !name.startsWith('oauth_')) continue;
    fields.push(`${encode(name)}="${encode(v.trim())}"`);
  }
  return `OAuth ${fields.join(',')}`;
}

/** The URL without OAuth parameters it carried; everything else stays as written. */
function withoutOAuthParams(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hashAt = url.indexOf('#', q);
  const query = url.slice(q + 1, hashAt < 0 ? undefined : hashAt);
  const kept = query.split('&').filter((pair) => !OAUTH_PARAMS.includes(decodeForm(pair)[0]?.[0] ?? ''));
  if (kept.length === query.split('&').length) return url;
  const rest = hashAt < 0 ? '' : url.slice(hashAt);
  return kept.length > 0 ? `${url.slice(0, q)}?${kept.join('&')}${rest}` : `${url.slice(0, q)}${rest}`;
}

function appendQuery(url: string, encoded: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${encoded}`;
}
