/**
 * Token endpoint requests (RFC 6749 §3.2): a form-urlencoded POST with the client
 * authenticated by HTTP Basic (id and secret form-encoded first, §2.3.1), by
 * client_id/client_secret in the body, or (a public client, no secret) by
 * client_id alone. Every grant goes through tokenRequest; audience, resource and
 * the profile's free params are added to each.
 */
import type { HttpClient, HttpResponse, OutgoingRequest } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { OAuth2Grant, OAuth2Profile } from '../model/collection.js';

/** An oauth2 profile with its variables resolved, named for reports; no grant is client_credentials. */
export type ResolvedOAuth2 = Omit<OAuth2Profile, 'type' | 'grant'> & {
  /** The profile's name in the collection, for reports. */
  name: string;
  grant?: OAuth2Grant;
};

export interface GrantedToken {
  token: string;
  /** Seconds, as the server said (a number or a numeric string); undefined when it did not say. */
  expiresIn?: number;
  refreshToken?: string;
  /** The token response's fields but the tokens themselves (scope, token_type, expires_in, extras), for `expect.token`. */
  fields: Record<string, unknown>;
}

export interface TokenExchange {
  granted: GrantedToken;
  request: OutgoingRequest;
  response: HttpResponse;
}

/** Fields of a token response that are credentials: never kept for assertions or reports. */
const TOKEN_FIELDS = new Set(['access_token', 'refresh_token', 'id_token']);

/** The token endpoint refused or answered something unusable. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly code = 'E_TOKEN';
  /** The token request and its answer, when there was one. */
  exchange?: { request: OutgoingRequest; response: HttpResponse };
  constructor(
    message: string,
    readonly status?: number,
    /** The server's OAuth error code (RFC 6749 §5.2), e.g. invalid_client. */
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

export async function requestToken(
  http: HttpClient,
  profile: ResolvedOAuth2,
  timeoutMs: number,
  secrets: SecretSet,
): Promise<TokenExchange> {
  return tokenRequest(http, profile, { grant_type: 'client_credentials' }, timeoutMs, secrets);
}

/** The extra parameters every request of this profile carries (token endpoint and authorize URL). */
export function extraParams(profile: ResolvedOAuth2): Record<string, string> {
  return {
    ...(profile.scope ? { scope: profile.scope } : {}),
    ...(profile.audience !== undefined ? { audience: profile.audience } : {}),
    ...(profile.resource !== undefined ? { resource: profile.resource } : {}),
    ...profile.params,
  };
}

export async function tokenRequest(
  http: HttpClient,
  profile: ResolvedOAuth2,
  grant: Record<string, string>,
  timeoutMs: number,
  secrets: SecretSet,
): Promise<TokenExchange> {
  const form = new URLSearchParams(grant);
  // The code and refresh grants were scoped at the start; scope again would be a change request.
  const scoped = grant.grant_type === 'client_credentials' || grant.grant_type === 'password';
  for (const [k, v] of Object.entries(extraParams(profile))) if (scoped || k !== 'scope') form.set(k, v);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (profile.clientSecret === '') {
    form.set('client_id', profile.clientId); // a public client (RFC 6749 §2.3: none)
  } else if (profile.clientAuth === 'basic') {
    const pair = `${formEncode(profile.clientId)}:${formEncode(profile.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    secrets.addBasic(formEncode(profile.clientId), formEncode(profile.clientSecret));
  } else {
    form.set('client_id', profile.clientId);
    form.set('client_secret', profile.clientSecret);
  }
  secrets.add(profile.clientSecret);

  const request: OutgoingRequest = {
    method: 'POST',
    url: profile.tokenUrl,
    headers,
    body: form.toString(),
    timeoutMs,
  };
  let response: HttpResponse;
  try {
    response = await http.send(request);
  } catch (error) {
    Object.assign(error as object, { request });
    throw error;
  }
  try {
    return { granted: parseTokenResponse(response, secrets), request, response };
  } catch (error) {
    if (error instanceof TokenError) error.exchange = { request, response };
    throw error;
  }
}

function parseTokenResponse(res: HttpResponse, secrets: SecretSet): GrantedToken {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(res.body);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const ok = res.status >= 200 && res.status < 300;
  if (!ok || !body || typeof body.error === 'string') {
    const code = typeof body?.error === 'string' ? body.error : undefined;
    throw new TokenError(
      `token request failed: ${res.status}${describeFailure(res, body)}`,
      res.status,
      code,
    );
  }
  const token = body.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new TokenError(`token request failed: ${res.status} response has no access_token`, res.status);
  }
  secrets.add(token);
  for (const name of TOKEN_FIELDS) if (typeof body[name] === 'string') secrets.add(body[name]);
  // RFC 6749 §7.1: the type says how to use the token; only a bearer token is sent as "Bearer".
  const type = body.token_type;
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer')) {
    throw new TokenError(
      `token request failed: ${res.status} response has token_type ${JSON.stringify(type)}, and gatecheck sends only bearer tokens`,
      res.status,
    );
  }
  const fields = Object.fromEntries(Object.entries(body).filter(([k]) => !TOKEN_FIELDS.has(k)));
  const refreshToken =
    typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined;
  return { token, expiresIn: expiresInSeconds(body.expires_in, res.status), refreshToken, fields };
}

/**
 * RFC 6749 §5.1 says a number of seconds; some servers (Azure AD v1, Spring setups)
 * send it as a numeric string, which Postman accepts too. Anything else is broken.
 */
function expiresInSeconds(value: unknown, status: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!(seconds > 0)) {
    throw new TokenError(
      `token request failed: ${status} response has an invalid expires_in (${JSON.stringify(value)})`,
      status,
    );
  }
  return seconds;
}

/** " invalid_client: Client authentication failed", " Unauthorized" (ORDS problem), or what the body is. */
function describeFailure(res: HttpResponse, body: Record<string, unknown> | undefined): string {
  if (body && typeof body.error === 'string') {
    return ` ${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`;
  }
  if (body && typeof body.message === 'string') return ` ${body.message}`;
  const type = res.headers['content-type'] ?? 'no content type';
  if (!body) return ` (response is not JSON: ${type})`;
  return '';
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
