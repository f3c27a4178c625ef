/**
 * HTTP Digest authentication (RFC 7616, with RFC 2617's forms) as Postman computes
 * it (postman-runtime's lib/authorizer/digest.js): the 401's challenge gives realm,
 * nonce, qop and opaque; the header is built field by field in Postman's order.
 *
 *   Digest username="postman", realm="Users", nonce="ni1L…", uri="/digest-auth",
 *   algorithm="MD5", qop=auth, nc=00000001, cnonce="x2Jf9aQe", response="6f0c…"
 *
 * The caller state (nonce, nonce count) lives in DigestSessions; credentials.ts
 * turns a profile into a signer and a retry on the challenge.
 */
import { createHash, randomInt } from 'node:crypto';

export const DIGEST_ALGORITHMS = [
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
  'SHA-512-256',
  'SHA-512-256-sess',
] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const HASHES: Record<DigestAlgorithm, string> = {
  MD5: 'md5',
  'MD5-sess': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-sess': 'sha256',
  'SHA-512-256': 'sha512-256',
  'SHA-512-256-sess': 'sha512-256',
};

export interface DigestChallenge {
  realm: string;
  nonce: string;
  /** As the server offered it: one value or a comma-separated list. */
  qop?: string;
  opaque?: string;
  algorithm?: string;
  stale?: boolean;
}

/** What the header is computed from. */
export interface DigestInput {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  /** `auth`, `auth-int`, or absent (RFC 2069 form). */
  qop?: string;
  opaque?: string;
  /** Eight hex digits, e.g. 00000001. */
  nc: string;
  cnonce: string;
  method: string;
  /** The request target: path and query. */
  uri: string;
  /** The request body, hashed for qop=auth-int. */
  body?: string;
}

export interface DigestResult {
  header: string;
  /** The request digest: derived from the password, so a run masks it. */
  response: string;
}

export class DigestError extends Error {
  readonly code = 'E_DIGEST';
}

/** The Digest challenge among a (possibly joined) WWW-Authenticate header's challenges. */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | undefined {
  if (!header) return undefined;
  const at = header.search(/(^|[\s,])Digest\s/i);
  if (at < 0) return undefined;
  const rest = header.slice(at).replace(/^[\s,]*Digest\s+/i, '');
  const fields: Record<string, string> = {};
  // auth-param = token "=" ( token / quoted-string ); a token alone starts the next challenge.
  const param = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/y;
  let m: RegExpExecArray | null;
  while ((m = param.exec(rest))) {
    const key = m[1]!.toLowerCase();
    fields[key] ??= m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    if (param.lastIndex >= rest.length) break;
  }
  if (fields.nonce === undefined || fields.realm === undefined) return undefined;
  return {
    realm: fields.realm,
    nonce: fields.nonce,
    ...(fields.qop ? { qop: fields.qop } : {}),
    ...(fields.opaque ? { opaque: fields.opaque } : {}),
    ...(fields.algorithm ? { algorithm: fields.algorithm } : {}),
    ...(fields.stale?.toLowerCase() === 'true' ? { stale: true } : {}),
  };
}

/** The qop a client uses of what the server offered: auth when offered (RFC 7616 §3.4), else auth-int. */
export function chooseQop(offered: string | undefined): string | undefined {
  if (!offered) return undefined;
  const list = offered.split(',').map((q) => q.trim().toLowerCase());
  if (list.includes('auth')) return 'auth';
  if (list.includes('auth-int')) return 'auth-int';
  return undefined;
}

/** The algorithm named by a profile or a challenge (case as RFC 7616 registers it). */
export function digestAlgorithm(name: string | undefined): DigestAlgorithm {
  if (!name) return 'MD5';
  const found = DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === name.toLowerCase());
  if (!found) throw new DigestError(`unsupported digest algorithm ${name}`);
  return found;
}

/** The Authorization header, exactly as postman-runtime's computeHeader writes it. */
export function digestAuthorization(p: DigestInput): DigestResult {
  const hash = (data: string) => createHash(HASHES[p.algorithm]).update(data).digest('hex');
  const a1base = `${p.username}:${p.realm}:${p.password}`;
  const a1 = p.algorithm.endsWith('-sess') ? `${hash(a1base)}:${p.nonce}:${p.cnonce}` : a1base;
  const a2 = p.qop === 'auth-int' ? `${p.method}:${p.uri}:${hash(p.body ?? '')}` : `${p.method}:${p.uri}`;
  const withQop = p.qop === 'auth' || p.qop === 'auth-int';
  const response = withQop
    ? hash([hash(a1), p.nonce, p.nc, p.cnonce, p.qop, hash(a2)].join(':'))
    : hash([hash(a1), p.nonce, hash(a2)].join(':'));
  const fields = [
    `username="${p.username}"`,
    `realm="${p.realm}"`,
    `nonce="${p.nonce}"`,
    `uri="${p.uri}"`,
    `algorithm="${p.algorithm}"`,
  ];
  if (withQop) fields.push(`qop=${p.qop}`);
  if (withQop || p.algorithm === 'MD5-sess') {
    if (p.nc) fields.push(`nc=${p.nc}`);
    fields.push(`cnonce="${p.cnonce}"`);
  }
  fields.push(`response="${response}"`);
  if (p.opaque) fields.push(`opaque="${p.opaque}"`);
  return { header: `Digest ${fields.join(', ')}`, response };
}

const NONCE_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A client nonce of eight letters and digits, as Postman makes one. */
export function clientNonce(): string {
  return Array.from({ length: 8 }, () => NONCE_CHARS[randomInt(NONCE_CHARS.length)]).join('');
}

/** The nonce count after `nc` (eight hex digits). */
export function nextNonceCount(nc: string): string {
  const n = Number.parseInt(nc, 16);
  return (Number.isNaN(n) ? 1 : n + 1).toString(16).padStart(8, '0');
}

/** One caller's digest state: the server's last challenge and the next nonce count. */
export interface DigestState {
  realm?: string;
  nonce?: string;
  qop?: string;
  opaque?: string;
  /** The algorithm the last challenge named. */
  algorithm?: string;
  cnonce: string;
  nc: string;
}

/** The run's digest states, one per caller (profile and credentials), as a browser keeps them per site. */
export class DigestSessions {
  private readonly states = new Map<string, DigestState>();

  get(key: string, initial: () => DigestState): DigestState {
    let state = this.states.get(key);
    if (!state) this.states.set(key, (state = initial()));
    return state;
  }
}
