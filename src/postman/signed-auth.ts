/**
 * Postman's `digest` and `oauth1` auth blocks <-> gatecheck's digest and oauth1
 * profiles, both ways, field for field, so that a round trip keeps what Postman
 * signs with. Attribute names are postman-runtime's (lib/authorizer/digest.js,
 * oauth1.js); a block's values arrive as strings (see import.ts `attributes`).
 */
import type { DigestProfile, OAuth1Profile } from '../model/collection.js';
import { DIGEST_ALGORITHMS } from '../auth/digest.js';
import { OAUTH1_OPTIONAL_FIELDS, OAUTH1_SIGNATURE_METHODS } from '../auth/oauth1.js';
import type { PmAuth, PmAuthAttribute } from './types.js';

export type ImportedProfile = Record<string, string | boolean>;

const truthy = (v: string | undefined) => v === 'true';
const some = (v: string | undefined) => v !== undefined && v !== '';

/** A digest block as a profile, or a reason it cannot be one. */
export function digestFromPostman(a: Record<string, string>): ImportedProfile | { unsupported: string } {
  // Postman signs with MD5 when the block names no algorithm, whatever the server asks for.
  const algorithm = a.algorithm || 'MD5';
  if (!(DIGEST_ALGORITHMS as readonly string[]).includes(algorithm))
    return { unsupported: `digest algorithm ${algorithm}` };
  const profile: ImportedProfile = {
    type: 'digest',
    username: a.username ?? '',
    password: a.password ?? '',
    algorithm,
  };
  for (const key of ['realm', 'nonce', 'opaque', 'clientNonce'] as const)
    if (some(a[key])) profile[key] = a[key]!;
  if (a.qop === 'auth' || a.qop === 'auth-int') profile.qop = a.qop;
  if (a.nonceCount && /^[0-9a-f]{8}$/i.test(a.nonceCount)) profile.nonceCount = a.nonceCount;
  if (truthy(a.disableRetryRequest)) profile.disableRetry = true;
  return profile;
}

/** An oauth1 block as a profile, or a reason it cannot be one. */
export function oauth1FromPostman(a: Record<string, string>): ImportedProfile | { unsupported: string } {
  const method = a.signatureMethod || 'HMAC-SHA1';
  if (!(OAUTH1_SIGNATURE_METHODS as readonly string[]).includes(method))
    return { unsupported: `OAuth 1.0 signature method ${method}` };
  const profile: ImportedProfile = {
    type: 'oauth1',
    consumerKey: a.consumerKey ?? '',
    consumerSecret: a.consumerSecret ?? '',
    signatureMethod: method,
    // Postman sends no oauth_version when the block has none.
    version: a.version ?? '',
    in: truthy(a.addParamsToHeader) ? 'header' : 'query',
  };
  for (const key of OAUTH1_OPTIONAL_FIELDS) if (some(a[key])) profile[key] = a[key]!;
  if (truthy(a.includeBodyHash)) profile.includeBodyHash = true;
  if (truthy(a.addEmptyParamsToSign)) profile.addEmptyParamsToSign = true;
  if (truthy(a.disableHeaderEncoding)) profile.disableHeaderEncoding = true;
  return profile;
}

function attrs(values: Record<string, string | boolean | undefined>): PmAuthAttribute[] {
  return Object.entries(values)
    .filter((e): e is [string, string | boolean] => e[1] !== undefined)
    .map(([key, value]) => ({ key, value, type: typeof value === 'boolean' ? 'boolean' : 'string' }));
}

export function postmanDigest(p: DigestProfile): PmAuth {
  return {
    type: 'digest',
    digest: attrs({
      username: p.username,
      password: p.password,
      algorithm: p.algorithm ?? 'MD5',
      realm: p.realm,
      nonce: p.nonce,
      qop: p.qop,
      opaque: p.opaque,
      nonceCount: p.nonceCount,
      clientNonce: p.clientNonce,
      disableRetryRequest: p.disableRetry ? true : undefined,
    }),
  };
}

export function postmanOAuth1(p: OAuth1Profile): PmAuth {
  return {
    type: 'oauth1',
    oauth1: attrs({
      consumerKey: p.consumerKey,
      consumerSecret: p.consumerSecret,
      token: p.token,
      tokenSecret: p.tokenSecret,
      signatureMethod: p.signatureMethod,
      privateKey: p.privateKey,
      callback: p.callback,
      verifier: p.verifier,
      timestamp: p.timestamp,
      nonce: p.nonce,
      version: p.version,
      realm: p.realm,
      addParamsToHeader: p.in === 'header',
      includeBodyHash: p.includeBodyHash,
      addEmptyParamsToSign: p.addEmptyParamsToSign,
      disableHeaderEncoding: p.disableHeaderEncoding,
    }),
  };
}
