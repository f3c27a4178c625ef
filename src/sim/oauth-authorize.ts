/**
 * GET /ords/<alias>/oauth/auth?response_type=code|token&client_id=…&state=…
 * Not signed in: 401 page with a sign-in link (back to this URL). Signed in:
 * an approval page (client, privileges, Approve / Deny), unless this user
 * approved the client before. Approval redirects (302) to the registered URI:
 *   code:     <redirect_uri>?code=Y7ue-kEO7jZV6HgLU4vkaw&state=…
 *   implicit: <redirect_uri>#token_type=bearer&access_token=…&expires_in=3600&state=…
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { delegatedRoles, type GrantStore } from './code-grant.js';
import type { Client, SimModel } from './model.js';
import { opaqueId, send } from './responses.js';
import { escapeHtml, sendHtml, signInPath, type Session, type SessionStore } from './sessions.js';
import { readBody } from './token-endpoint.js';
import type { TokenStore } from './tokens.js';

export interface AuthorizeOutcome {
  status: number;
  principal?: string;
  note: string;
}

interface Pending {
  client: Client;
  responseType: 'code' | 'token';
  state: string | null;
  user: string;
}

/** The authorize endpoint's state for one alias: approval pages awaiting an answer. */
export class AuthorizeState {
  readonly pending = new Map<string, Pending>();
}

export async function handleAuthorize(
  model: SimModel,
  ctx: { sessions: SessionStore; grants: GrantStore; tokens: TokenStore; state: AuthorizeState },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<AuthorizeOutcome> {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://sim');
  const q = url.searchParams;
  const client = model.clients.get(q.get('client_id') ?? '');
  if (!client || client.grantType === 'client_credentials' || !client.redirectUri) {
    // Never redirect to an unverified place: an error page, as RFC 6749 §4.1.2.1 says.
    sendHtml(res, 400, page('400 Bad Request', '<p>Unknown client_id, or not a three-legged client.</p>'));
    return { status: 400, note: 'authorize: unknown or non-three-legged client' };
  }
  const redirect = q.get('redirect_uri');
  if (redirect !== null && redirect !== client.redirectUri) {
    sendHtml(res, 400, page('400 Bad Request', '<p>redirect_uri does not match the registered one.</p>'));
    return { status: 400, principal: client.name, note: 'authorize: redirect_uri mismatch' };
  }
  const state = q.get('state');
  const responseType = q.get('response_type');
  const expected = client.grantType === 'implicit' ? 'token' : 'code';
  if (responseType !== expected) {
    redirectWith(res, client, expected === 'token', {
      error: 'unsupported_response_type',
      ...(state !== null ? { state } : {}),
    });
    return {
      status: 302,
      principal: client.name,
      note: `authorize: response_type ${responseType ?? '(none)'}`,
    };
  }

  const session = ctx.sessions.fromRequest(req);
  if (!session) {
    const back = `${url.pathname}${url.search}`;
    sendHtml(
      res,
      401,
      page(
        '401 Unauthorized',
        `<p>Access to this resource is protected. Please <a href="${escapeHtml(signInPath(model.alias, back))}">sign in</a> to access this resource.</p>`,
      ),
    );
    return { status: 401, principal: client.name, note: 'authorize: not signed in' };
  }
  if (session.approved.has(client.clientId)) {
    finish(model, ctx, res, session, { client, responseType: expected, state, user: session.user });
    return {
      status: 302,
      principal: `${session.user} via ${client.name}`,
      note: 'authorize: approved before',
    };
  }
  const id = opaqueId();
  ctx.state.pending.set(id, { client, responseType: expected, state, user: session.user });
  sendHtml(res, 200, approvalPage(model, client, id));
  return { status: 200, principal: `${session.user} via ${client.name}`, note: 'authorize: approval page' };
}

/** POST /ords/<alias>/oauth/approve: the approval page's form. */
export async function handleApproval(
  model: SimModel,
  ctx: { sessions: SessionStore; grants: GrantStore; tokens: TokenStore; state: AuthorizeState },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<AuthorizeOutcome> {
  const form = new URLSearchParams((await readBody(req)) ?? '');
  const session = ctx.sessions.fromRequest(req);
  const id = form.get('request') ?? '';
  const pending = ctx.state.pending.get(id);
  if (req.method !== 'POST' || !session || !pending || pending.user !== session.user) {
    sendHtml(res, 400, page('400 Bad Request', '<p>No approval is pending for this session.</p>'));
    return { status: 400, note: 'approve: nothing pending for this session' };
  }
  ctx.state.pending.delete(id);
  const who = `${session.user} via ${pending.client.name}`;
  if (form.get('decision') !== 'approve') {
    redirectWith(res, pending.client, pending.responseType === 'token', {
      error: 'access_denied',
      ...(pending.state !== null ? { state: pending.state } : {}),
    });
    return { status: 302, principal: who, note: 'approve: denied' };
  }
  session.approved.add(pending.client.clientId);
  finish(model, ctx, res, session, pending);
  return {
    status: 302,
    principal: who,
    note: `approve: ${pending.responseType === 'code' ? 'code' : 'token'} issued`,
  };
}

function finish(
  model: SimModel,
  ctx: { grants: GrantStore; tokens: TokenStore },
  res: ServerResponse,
  session: Session,
  p: Pending,
): void {
  const roles = delegatedRoles(model, p.client, session.user);
  const state: Record<string, string> = p.state !== null ? { state: p.state } : {};
  if (p.responseType === 'code') {
    redirectWith(res, p.client, false, {
      code: ctx.grants.issueCode(p.client, session.user, roles),
      ...state,
    });
    return;
  }
  const issued = ctx.tokens.issue(p.client, { user: session.user, roles });
  redirectWith(res, p.client, true, {
    token_type: 'bearer',
    access_token: issued.token,
    expires_in: String(issued.expiresIn),
    ...state,
  });
}

function redirectWith(
  res: ServerResponse,
  client: Client,
  fragment: boolean,
  params: Record<string, string>,
): void {
  const base = client.redirectUri ?? '';
  const encoded = new URLSearchParams(params).toString();
  const location = fragment ? `${base}#${encoded}` : `${base}${base.includes('?') ? '&' : '?'}${encoded}`;
  send(res, 302, { Location: location }, '');
}

function approvalPage(model: SimModel, client: Client, id: string): string {
  const privileges = (client.privilegeNames ?? []).map((p) => `<li>${escapeHtml(p)}</li>`).join('');
  return page(
    'Approve access',
    `<p><strong>${escapeHtml(client.name)}</strong>${client.description ? ` (${escapeHtml(client.description)})` : ''} asks for access to:</p>
<ul>${privileges}</ul>
<form method="post" action="/ords/${model.alias}/oauth/approve">
<input type="hidden" name="request" value="${id}">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
${body}
</body></html>
`;
}
