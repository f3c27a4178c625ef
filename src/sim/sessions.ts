/**
 * ORDS first-party sign-in: GET /ords/<alias>/sign-in/?r=<path> shows a login
 * form; a good POST sets a session cookie and redirects back to r. Protected
 * resources accept the cookie as the signed-in user, and the authorize endpoint
 * uses it to know who approves a client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Privilege, SimModel } from './model.js';
import { opaqueId, send } from './responses.js';
import { readBody } from './token-endpoint.js';
import type { AccessDecision } from './access.js';

export const SESSION_COOKIE = 'ORDS_SESSION';

export interface Session {
  user: string;
  /** Client ids this user has approved: ORDS does not ask twice. */
  approved: Set<string>;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  start(user: string): string {
    const id = opaqueId();
    this.sessions.set(id, { user, approved: new Set() });
    return id;
  }

  fromRequest(req: IncomingMessage): Session | undefined {
    const id = cookieValue(req.headers.cookie, SESSION_COOKIE);
    return id ? this.sessions.get(id) : undefined;
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function signInPath(alias: string, returnTo: string): string {
  return `/ords/${alias}/sign-in/?r=${encodeURIComponent(returnTo)}`;
}

/** The outcome of a sign-in request, for the server's log (never the password). */
export interface SignInOutcome {
  status: number;
  principal?: string;
  note: string;
}

export async function handleSignIn(
  model: SimModel,
  sessions: SessionStore,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<SignInOutcome> {
  const url = new URL(req.url ?? '/', 'http://sim');
  if (req.method === 'GET') {
    req.resume();
    sendHtml(res, 200, signInPage(model.alias, url.searchParams.get('r') ?? '', false));
    return { status: 200, note: 'sign-in page' };
  }
  if (req.method !== 'POST') {
    req.resume();
    send(res, 405, { Allow: 'GET, POST', 'Content-Type': 'text/plain' }, 'Method Not Allowed\n');
    return { status: 405, note: 'sign-in accepts GET and POST' };
  }
  const form = new URLSearchParams((await readBody(req)) ?? '');
  const name = form.get('username') ?? '';
  const returnTo = safeReturn(model.alias, form.get('r') ?? '');
  const user = model.users.get(name);
  if (!user || user.password !== (form.get('password') ?? '')) {
    sendHtml(res, 401, signInPage(model.alias, returnTo, true));
    return { status: 401, note: 'sign-in failed: bad user or password' };
  }
  const id = sessions.start(user.name);
  res.writeHead(302, {
    Location: returnTo,
    'Set-Cookie': `${SESSION_COOKIE}=${id}; Path=/ords/${model.alias}/; HttpOnly; SameSite=Lax`,
    'Content-Length': '0',
  });
  res.end();
  return { status: 302, principal: user.name, note: 'signed in' };
}

/** A protected resource called with the session cookie and no Authorization header. */
export function sessionDecision(model: SimModel, session: Session, privilege: Privilege): AccessDecision {
  const user = model.users.get(session.user);
  if (user && [...privilege.roles].some((r) => user.roles.has(r)))
    return { allowed: true, principal: user.name };
  return {
    allowed: false,
    bearerChallenge: false,
    reason: `user lacks a role of ${privilege.name}`,
    principal: session.user,
  };
}

/** Only paths under this alias: a sign-in form must not become an open redirect. */
function safeReturn(alias: string, r: string): string {
  return r.startsWith(`/ords/${alias}/`) && !r.startsWith('//') ? r : `/ords/${alias}/`;
}

export function sendHtml(res: ServerResponse, status: number, page: string): void {
  send(res, status, { 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'SAMEORIGIN' }, page);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function signInPage(alias: string, returnTo: string, failed: boolean): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign In</title></head>
<body><h1>Sign In</h1>
${failed ? '<p class="error">Invalid credentials</p>\n' : ''}<form method="post" action="/ords/${alias}/sign-in/">
<input type="hidden" name="r" value="${escapeHtml(returnTo)}">
<label>Username <input type="text" name="username" autocomplete="username"></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit">Sign In</button>
</form></body></html>
`;
}
