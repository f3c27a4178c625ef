/**
 * The one home for the caller: any auth profile -> the credentials it puts on a
 * request, with every secret it used registered for masking. A new auth type is
 * one entry in PROVIDERS.
 *
 *   { type: 'basic', username: 'qa_user', password: '…' }
 *     -> { headers: { authorization: 'Basic cWFfdXNlcjrigKY=' }, query: {} }
 *
 * Credentials replace credentials: whatever a request carried from any source
 * (an explicit Authorization header included) is removed before they are set.
 */
import type { HttpResponse, OutgoingRequest } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { AuthProfile } from '../model/collection.js';
import { interpolate } from '../plan/template.js';
import {
  chooseQop,
  clientNonce,
  digestAlgorithm,
  digestAuthorization,
  DigestSessions,
  parseDigestChallenge,
  nextNonceCount,
  type DigestState,
} from './digest.js';
import { signOAuth1, type OAuth1Params, type OAuth1SignatureMethod } from './oauth1.js';
import type { ResolvedOAuth2 } from './oauth2.js';
import type { SessionCache } from './session.js';
import type { TokenCache, TokenObserver } from './token-cache.js';

/** Header names (lowercase) that carry credentials; a probe removes them all. */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization'];

export interface Credentials {
  /** Lowercase header names. */
  headers: Record<string, string>;
  /** Query parameters (for profiles that put a key in the URL). */
  query: Record<string, string>;
  /** The token response's fields but the tokens (profiles that fetch a token), for `expect.token`. */
  tokenResponse?: Record<string, unknown>;
  /** After a 401: drop what was used and get fresh credentials (profiles with a token only). */
  renew?: () => Promise<Credentials>;
  /** Signs the request as it is sent (profiles whose credentials depend on its method, URL or body). */
  sign?: (out: OutgoingRequest) => OutgoingRequest;
  /** A response that challenges (Digest's 401): the credentials that answer it, sent once; undefined: none. */
  answer?: (res: HttpResponse) => Promise<Credentials> | undefined;
}

export interface CredentialContext {
  /** The profile's name in the collection, for reports. */
  name: string;
  lookup: (name: string) => string | undefined;
  secrets: SecretSet;
  tokens: TokenCache;
  /** Session profiles' sign-ins (absent: session profiles cannot be used here). */
  sessions?: SessionCache;
  observer: TokenObserver;
  timeoutMs: number;
  /** Digest profiles' nonces, shared by the run (absent: each request learns its own challenge). */
  digests?: DigestSessions;
  /** Postman mode: a request is signed only when postman-runtime's authorizer would sign it. */
  postman?: boolean;
}

type Provider<T extends AuthProfile['type']> = (
  profile: Extract<AuthProfile, { type: T }>,
  c: CredentialContext,
) => Promise<Credentials>;

const PROVIDERS: { [T in AuthProfile['type']]: Provider<T> } = {
  none: () => Promise.resolve(NO_CREDENTIALS),
  basic: (p, c) => {
    const user = fill(p.username, c);
    const password = fill(p.password, c);
    c.secrets.addBasic(user, password);
    return Promise.resolve(header(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`));
  },
  bearer: (p, c) => {
    const token = fill(p.token, c);
    c.secrets.add(token);
    return Promise.resolve(header(`Bearer ${token}`));
  },
  oauth2: async (p, c) => {
    const oauth = resolveOAuth2(c.name, p, c);
    const bearer = async (after401: boolean): Promise<Credentials> => {
      const { token, fields } = await c.tokens.get(oauth, c.observer, c.timeoutMs, after401);
      return {
        ...header(`Bearer ${token}`),
        tokenResponse: fields,
        renew: () => {
          c.tokens.invalidate(oauth, token);
          return bearer(true);
        },
      };
    };
    return bearer(false);
  },
  apiKey: (p, c) => {
    const value = fill(p.value, c);
    c.secrets.add(value);
    return Promise.resolve(
      p.in === 'header'
        ? { headers: { [p.name.toLowerCase()]: value }, query: {} }
        : { headers: {}, query: { [p.name]: value } },
    );
  },
  session: async (p, c) => {
    const sessions = c.sessions;
    if (!sessions) throw new Error(`session profile ${c.name} cannot be used here`);
    const session = {
      name: c.name,
      loginUrl: fill(p.loginUrl, c),
      login: { username: fill(p.login.username, c), password: fill(p.login.password, c) },
    };
    const cookies = async (after401: boolean): Promise<Credentials> => {
      const jar = await sessions.get(session, c.observer, c.timeoutMs, after401);
      // The sign-in's cookies for the site it signed in to (path and domain rules apply per request in the jar).
      const cookie = await jar.getCookieString(session.loginUrl);
      return { headers: cookie ? { cookie } : {}, query: {}, renew: () => cookies(true) };
    };
    return cookies(false);
  },
  digest: (p, c) => Promise.resolve(digestCredentials(p, c)),
  oauth1: (p, c) => {
    const params = resolveOAuth1(p, c);
    for (const secret of [params.consumerSecret, params.tokenSecret, params.privateKey, params.token])
      c.secrets.add(secret);
    const sign = (out: OutgoingRequest): OutgoingRequest => {
      const signed = signOAuth1(out, params);
      if (!signed) return out;
      // PLAINTEXT's signature is the secrets; an HMAC's lets a weak secret be guessed offline.
      c.secrets.add(signed.signature);
      return signed.request;
    };
    return Promise.resolve({ headers: {}, query: {}, sign });
  },
};

/**
 * Digest as Postman runs it: unsigned until a challenge gives realm and nonce
 * (or the profile does), then every request signed with the next nonce count; a
 * 401/403 with a new nonce is answered once. The response hash derives from the
 * password, so it is masked too.
 */
function digestCredentials(p: Extract<AuthProfile, { type: 'digest' }>, c: CredentialContext): Credentials {
  const optional = (v: string | undefined) => (v === undefined || v === '' ? undefined : fill(v, c));
  const username = fill(p.username, c);
  const password = fill(p.password, c);
  c.secrets.add(password);
  const realm = optional(p.realm);
  const nonce = optional(p.nonce);
  const key = JSON.stringify([c.name, username, password, realm, nonce]);
  const state = (c.digests ?? new DigestSessions()).get(key, (): DigestState => ({
    realm,
    nonce,
    qop: optional(p.qop),
    opaque: optional(p.opaque),
    cnonce: optional(p.clientNonce) ?? clientNonce(),
    nc: optional(p.nonceCount) ?? '00000001',
  }));
  const sign = (out: OutgoingRequest): OutgoingRequest => {
    if (state.realm === undefined || state.nonce === undefined) return out;
    // postman-runtime's digest sign() does nothing without a username or a realm (an empty
    // password signs): the request goes out unsigned, the challenge retry included.
    if (c.postman && (username === '' || state.realm === '')) return out;
    const target = new URL(out.url);
    const qop = chooseQop(state.qop);
    const { header, response } = digestAuthorization({
      username,
      password,
      realm: state.realm,
      nonce: state.nonce,
      algorithm: digestAlgorithm(optional(p.algorithm) ?? state.algorithm),
      qop,
      opaque: state.opaque,
      nc: state.nc,
      cnonce: state.cnonce,
      method: out.method,
      uri: `${target.pathname}${target.search}`,
      body: out.body,
    });
    state.nc = nextNonceCount(state.nc);
    c.secrets.add(response);
    return { ...out, headers: { ...out.headers, authorization: header } };
  };
  const answer = (res: HttpResponse): Promise<Credentials> | undefined => {
    if (res.status !== 401 && res.status !== 403) return undefined;
    const challenge = parseDigestChallenge(res.headers['www-authenticate']);
    // The same nonce refused again: the credentials are wrong, and asking again would not help.
    if (!challenge || (challenge.nonce === state.nonce && !challenge.stale)) return undefined;
    Object.assign(state, {
      realm: challenge.realm,
      nonce: challenge.nonce,
      qop: challenge.qop,
      opaque: challenge.opaque,
      algorithm: challenge.algorithm,
      cnonce: clientNonce(),
      nc: '00000001',
    });
    return Promise.resolve(credentials());
  };
  const credentials = (): Credentials => ({
    headers: {},
    query: {},
    sign,
    ...(p.disableRetry ? {} : { answer }),
  });
  return credentials();
}

/** The oauth1 profile with its variables filled in. */
function resolveOAuth1(p: Extract<AuthProfile, { type: 'oauth1' }>, c: CredentialContext): OAuth1Params {
  const optional = (v: string | undefined) => (v === undefined ? undefined : fill(v, c));
  return {
    consumerKey: fill(p.consumerKey, c),
    consumerSecret: fill(p.consumerSecret, c),
    token: optional(p.token),
    tokenSecret: optional(p.tokenSecret),
    privateKey: optional(p.privateKey),
    signatureMethod: p.signatureMethod as OAuth1SignatureMethod,
    callback: optional(p.callback),
    verifier: optional(p.verifier),
    timestamp: optional(p.timestamp),
    nonce: optional(p.nonce),
    version: fill(p.version, c),
    realm: optional(p.realm),
    in: p.in,
    includeBodyHash: p.includeBodyHash,
    addEmptyParamsToSign: p.addEmptyParamsToSign,
    disableHeaderEncoding: p.disableHeaderEncoding,
  };
}

const NO_CREDENTIALS: Credentials = { headers: {}, query: {} };

/** The credentials of a profile (undefined or `none`: no credentials). */
export function credentialsFor(profile: AuthProfile | undefined, c: CredentialContext): Promise<Credentials> {
  if (!profile) return Promise.resolve(NO_CREDENTIALS);
  const provider = PROVIDERS[profile.type] as Provider<AuthProfile['type']>;
  return provider(profile, c);
}

/** A copy of the request with its credentials, from any source, removed. */
export function withoutCredentials(out: OutgoingRequest): OutgoingRequest {
  const headers = { ...out.headers };
  for (const name of CREDENTIAL_HEADERS) delete headers[name];
  return { ...out, headers };
}

/** A copy of the request carrying `creds` instead of whatever credentials it had. */
export function withCredentials(out: OutgoingRequest, creds: Credentials): OutgoingRequest {
  const bare = withoutCredentials(out);
  const query = Object.entries(creds.query);
  let url = bare.url;
  let path = bare.path;
  if (query.length > 0) {
    const params = new URLSearchParams(query).toString();
    url += (url.includes('?') ? '&' : '?') + params;
    // An exact request-target (Postman mode) carries the parameter too.
    if (path !== undefined) path += (path.includes('?') ? '&' : '?') + params;
  }
  const headers = { ...bare.headers, ...creds.headers };
  // A session's cookies join the ones the request was written with.
  if (bare.headers.cookie && creds.headers.cookie)
    headers.cookie = `${bare.headers.cookie}; ${creds.headers.cookie}`;
  const credited = { ...bare, url, path, headers };
  return creds.sign ? creds.sign(credited) : credited;
}

/** The oauth2 profile with its variables filled in (for the token cache). */
export function resolveOAuth2(
  name: string,
  p: Extract<AuthProfile, { type: 'oauth2' }>,
  c: Pick<CredentialContext, 'lookup'>,
): ResolvedOAuth2 {
  const optional = (v: string | undefined) => (v === undefined ? undefined : fill(v, c));
  return {
    name,
    grant: p.grant,
    tokenUrl: fill(p.tokenUrl, c),
    clientId: fill(p.clientId, c),
    clientSecret: fill(p.clientSecret, c),
    clientAuth: p.clientAuth,
    scope: optional(p.scope),
    authUrl: optional(p.authUrl),
    redirectUri: optional(p.redirectUri),
    login: p.login && { username: fill(p.login.username, c), password: fill(p.login.password, c) },
    pkce: p.pkce,
    audience: optional(p.audience),
    resource: optional(p.resource),
    params: p.params && Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, fill(v, c)])),
  };
}

function header(authorization: string): Credentials {
  return { headers: { authorization }, query: {} };
}

function fill(text: string, c: Pick<CredentialContext, 'lookup'>): string {
  return interpolate(text, c.lookup);
}
