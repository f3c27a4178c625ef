/**
 * Every OAuth2 grant a profile can name, as one function each, and the refresh
 * token grant. The authorization code and implicit grants sign in headlessly
 * (headless.ts) and check `state`; the code grant can use PKCE (S256).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HttpClient, HttpResponse, OutgoingRequest } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import { newJar, walk } from './headless.js';
import { extraParams, tokenRequest, TokenError, type GrantedToken, type ResolvedOAuth2 } from './oauth2.js';

export interface GrantContext {
  http: HttpClient;
  timeoutMs: number;
  secrets: SecretSet;
  /** Records one HTTP exchange of the grant (a sign-in hop or the token request). */
  record: (request: OutgoingRequest, response: HttpResponse | undefined, error?: string) => void;
}

export async function runGrant(profile: ResolvedOAuth2, c: GrantContext): Promise<GrantedToken> {
  const grant = profile.grant ?? 'client_credentials';
  if (profile.login) c.secrets.addBasic(profile.login.username, profile.login.password);
  switch (grant) {
    case 'client_credentials':
      return exchange(profile, c, { grant_type: 'client_credentials' });
    case 'password':
      return exchange(profile, c, {
        grant_type: 'password',
        username: profile.login?.username ?? '',
        password: profile.login?.password ?? '',
      });
    case 'authorization_code': {
      const verifier = profile.pkce ? randomBytes(32).toString('base64url') : undefined;
      c.secrets.add(verifier);
      const params = await authorize(profile, c, 'code', verifier);
      const code = params.get('code');
      if (!code) throw new TokenError('authorize: the redirect carries no code');
      c.secrets.add(code);
      return exchange(profile, c, {
        grant_type: 'authorization_code',
        code,
        ...(profile.redirectUri ? { redirect_uri: profile.redirectUri } : {}),
        ...(verifier ? { code_verifier: verifier } : {}),
      });
    }
    case 'implicit': {
      const params = await authorize(profile, c, 'token');
      const token = params.get('access_token');
      if (!token) throw new TokenError('authorize: the redirect carries no access_token');
      c.secrets.add(token);
      const expiresIn = Number(params.get('expires_in'));
      // The fragment's fields but the token, as a token response's for expect.token.
      const fields = Object.fromEntries([...params].filter(([k]) => k !== 'access_token' && k !== 'state'));
      return { token, expiresIn: expiresIn > 0 ? expiresIn : undefined, fields };
    }
  }
}

export function refreshGrant(
  profile: ResolvedOAuth2,
  c: GrantContext,
  refreshToken: string,
): Promise<GrantedToken> {
  return exchange(profile, c, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

async function exchange(
  profile: ResolvedOAuth2,
  c: GrantContext,
  grant: Record<string, string>,
): Promise<GrantedToken> {
  try {
    const { granted, request, response } = await tokenRequest(c.http, profile, grant, c.timeoutMs, c.secrets);
    c.record(request, response);
    return granted;
  } catch (error) {
    const e = error as Error & { request?: OutgoingRequest };
    const seen = error instanceof TokenError ? error.exchange : undefined;
    if (seen) c.record(seen.request, seen.response, e.message);
    else if (e.request) c.record(e.request, undefined, e.message);
    throw error;
  }
}

/** The authorize round trip: sign in, approve, and read the redirect's query (code) or fragment (implicit). */
async function authorize(
  profile: ResolvedOAuth2,
  c: GrantContext,
  responseType: 'code' | 'token',
  verifier?: string,
): Promise<URLSearchParams> {
  if (!profile.authUrl || !profile.login) throw new TokenError(`${profile.grant} needs authUrl and login`);
  const state = randomBytes(16).toString('base64url');
  const url = new URL(profile.authUrl);
  const query: Record<string, string> = {
    response_type: responseType,
    client_id: profile.clientId,
    state,
    ...(profile.redirectUri ? { redirect_uri: profile.redirectUri } : {}),
    ...extraParams(profile),
    ...(verifier
      ? {
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
        }
      : {}),
  };
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const redirect = profile.redirectUri;
  const answered = (u: URL) => {
    const params = new URLSearchParams(responseType === 'token' && u.hash ? u.hash.slice(1) : u.search);
    return params.has('state') && (params.has('code') || params.has('access_token') || params.has('error'));
  };
  const result = await walk(url.href, {
    http: c.http,
    timeoutMs: c.timeoutMs,
    login: profile.login,
    jar: await newJar(),
    record: c.record,
    isDone: (u) => (redirect ? u.href.startsWith(redirect) : answered(u)),
  });
  const at = result.location;
  const params = new URLSearchParams(
    at.hash.length > 1 && !at.searchParams.has('code') ? at.hash.slice(1) : at.search,
  );
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new TokenError(`authorize: ${error}${description ? `: ${description}` : ''}`);
  }
  // RFC 6749 §10.12: a redirect with another state is not the answer to this request.
  if (params.get('state') !== state) throw new TokenError('authorize: the redirect carries the wrong state');
  return params;
}
