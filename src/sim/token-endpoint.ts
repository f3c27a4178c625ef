/**
 * POST /ords/<alias>/oauth/token, client credentials grant (RFC 6749 §4.4):
 *   200 {"access_token":"y6NqQHt84rloaFhc2lySJA","token_type":"bearer","expires_in":3600}
 * Client authentication by HTTP Basic, or by form body for clients registered
 * with client_secret_post. Failures: 401 for the client, 400 for the grant, in
 * the configured style (ORDS problem+json or RFC 6749 JSON).
 */
import { safeEqual } from './safe-equal.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client, SimModel } from './model.js';
import { problemBody, send, sendJson, STATUS, type ProblemCode } from './responses.js';
import type { TokenStore } from './tokens.js';
import { exchange, type GrantStore } from './code-grant.js';

const MAX_FORM_BYTES = 64 * 1024;
/** Grants ORDS knows; a client registered for another one gets unauthorized_client. */
const KNOWN_GRANTS = new Set(['client_credentials', 'authorization_code', 'refresh_token']);

export interface TokenOutcome {
  status: number;
  client?: string;
  note: string;
}

export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  model: SimModel,
  tokens: TokenStore,
  grants?: GrantStore,
): Promise<TokenOutcome> {
  const fail = (
    code: ProblemCode,
    error: string,
    description: string,
    extra: Record<string, string> = {},
  ) => {
    const status = STATUS[code];
    if (model.settings.tokenErrorStyle === 'rfc6749') {
      sendJson(
        res,
        status,
        { error, error_description: description },
        { 'Cache-Control': 'no-store', ...extra },
      );
    } else {
      const message = code === 'Unauthorized' ? code : description;
      send(
        res,
        status,
        { 'Content-Type': 'application/problem+json', ...extra },
        problemBody(code, model.settings.problemTitle, message),
      );
    }
    return { status, note: `${error}: ${description}` };
  };

  // The planted exposure: a token for credentials sent in a GET query string.
  const viaGet = req.method === 'GET' && model.exposures?.tokenGet === true;
  if (req.method !== 'POST' && !viaGet) {
    req.resume();
    return fail('MethodNotAllowed', 'invalid_request', 'The token endpoint accepts POST only', {
      Allow: 'POST',
    });
  }
  const contentType = viaGet ? 'application/x-www-form-urlencoded' : (req.headers['content-type'] ?? '');
  const text = viaGet ? new URL(req.url ?? '/', 'http://sim').search.slice(1) : await readBody(req);
  if (viaGet) req.resume();
  if (text === undefined) return fail('BadRequest', 'invalid_request', 'The request body is too large');
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return fail('BadRequest', 'invalid_request', 'Token requests must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(text);

  const basic = parseBasic(req.headers.authorization);
  const credentials = basic ?? bodyCredentials(form);
  const client = credentials ? model.clients.get(credentials.id) : undefined;
  const challenge: Record<string, string> =
    basic && model.settings.tokenErrorStyle === 'rfc6749'
      ? { 'WWW-Authenticate': 'Basic realm="Oracle REST Data Services"' }
      : {};
  if (!credentials || !client || !safeEqual(client.clientSecret, credentials.secret)) {
    return fail('Unauthorized', 'invalid_client', 'Client authentication failed', challenge);
  }
  if (credentials.via === 'body' && !client.allowSecretInBody) {
    return fail('Unauthorized', 'invalid_client', 'This client must authenticate with HTTP Basic', challenge);
  }

  const grant = form.get('grant_type');
  if (!grant) return withClient(client, fail('BadRequest', 'invalid_request', 'grant_type is required'));
  if (!KNOWN_GRANTS.has(grant)) {
    return withClient(
      client,
      fail('BadRequest', 'unsupported_grant_type', `Grant type ${grant} is not supported`),
    );
  }
  const threeLegged = grant === 'authorization_code' || grant === 'refresh_token';
  if (threeLegged && client.grantType === 'authorization_code' && grants) {
    const result = exchange(form, client, tokens, grants);
    if (!result.ok) return withClient(client, fail('BadRequest', result.error, result.description), grant);
    sendJson(res, 200, result.body, { 'X-Frame-Options': 'SAMEORIGIN' });
    return {
      status: 200,
      client: `${result.user} via ${client.name}`,
      note: `grant_type=${grant}: ${result.note}`,
    };
  }
  if (grant !== client.grantType || threeLegged) {
    return withClient(
      client,
      fail('BadRequest', 'unauthorized_client', `This client may not use grant type ${grant}`),
      grant,
    );
  }

  const issued = tokens.issue(client);
  sendJson(
    res,
    200,
    { access_token: issued.token, token_type: 'bearer', expires_in: issued.expiresIn },
    {
      'X-Frame-Options': 'SAMEORIGIN',
      // RFC 6749 §5.1; ORDS's own captures lack it (the `token_cacheable` exposure).
      ...(model.exposures?.tokenCacheable ? {} : { 'Cache-Control': 'no-store' }),
    },
  );
  return {
    status: 200,
    client: client.name,
    note: `grant_type=${grant}: token issued, expires_in ${issued.expiresIn}`,
  };
}

function withClient(client: Client, outcome: TokenOutcome, grant?: string): TokenOutcome {
  return {
    ...outcome,
    client: client.name,
    note: grant ? `grant_type=${grant}: ${outcome.note}` : outcome.note,
  };
}

interface Credentials {
  id: string;
  secret: string;
  via: 'basic' | 'body';
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64. */
function parseBasic(header: string | undefined): Credentials | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    id: formDecode(decoded.slice(0, colon)),
    secret: formDecode(decoded.slice(colon + 1)),
    via: 'basic',
  };
}

function bodyCredentials(form: URLSearchParams): Credentials | undefined {
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret, via: 'body' } : undefined;
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_FORM_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
