/**
 * Who may call what. Decision order, as ORDS does it: find the most specific
 * privilege covering the path (none: public), authenticate the caller (Bearer
 * token or first-party Basic user), then require one of the privilege's roles.
 * A caller without the role gets 401, not 403.
 */
import { safeEqual } from './safe-equal.js';
import { normalizePath } from './normalize-path.js';
import type { Privilege, SimModel } from './model.js';
import type { TokenStore } from './tokens.js';

export type AccessDecision =
  | { allowed: true; principal?: string }
  | { allowed: false; bearerChallenge: boolean; reason: string; principal?: string };

/** The privilege whose matching pattern is most specific: exact beats wildcard, then the longer literal part. */
export function protectingPrivilege(privileges: readonly Privilege[], path: string): Privilege | undefined {
  let best: { privilege: Privilege; score: number } | undefined;
  // Routing ignores a trailing slash, so protection does too: `/x/*` covers `/x` and `/x/` (fail closed).
  const asDir = path.endsWith('/') ? path : `${path}/`;
  for (const privilege of privileges) {
    for (const pattern of privilege.patterns) {
      if (!patternMatches(pattern, path) && !patternMatches(pattern, asDir)) continue;
      const literal = pattern.replace(/\*/g, '').length;
      const score = literal * 2 + (pattern.includes('*') ? 0 : 1);
      if (!best || score > best.score) best = { privilege, score };
    }
  }
  return best?.privilege;
}

/** `*` matches any run of characters; `/x/*` matches `/x/` and below, not `/x`. */
export function patternMatches(pattern: string, path: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return normalizePath(pattern) === path; // paths arrive normalized
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!path.startsWith(first) || !path.slice(first.length).endsWith(last)) return false;
  let at = first.length;
  const end = path.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = path.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return at <= end;
}

export function authorize(
  model: SimModel,
  tokens: TokenStore,
  privilege: Privilege,
  authorization: string | undefined,
): AccessDecision {
  if (!authorization) return { allowed: false, bearerChallenge: false, reason: 'no credentials' };
  const [scheme = '', credentials = ''] = authorization.trim().split(/\s+/, 2);
  const hasRole = (roles: Set<string>) => [...privilege.roles].some((r) => roles.has(r));

  if (scheme.toLowerCase() === 'bearer') {
    const found = tokens.lookup(credentials);
    if (!found.valid) return { allowed: false, bearerChallenge: true, reason: `${found.reason} token` };
    const { client, user } = found.issued;
    const principal = user ? `${user} via ${client.name}` : client.name;
    if (!hasRole(found.issued.roles)) {
      return {
        allowed: false,
        bearerChallenge: true,
        reason: `${user ? 'token' : 'client'} lacks a role of ${privilege.name}`,
        principal,
      };
    }
    return { allowed: true, principal };
  }

  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const name = colon < 0 ? decoded : decoded.slice(0, colon);
    const user = model.users.get(name);
    if (!user || colon < 0 || !safeEqual(user.password, decoded.slice(colon + 1))) {
      return { allowed: false, bearerChallenge: false, reason: 'bad user or password' };
    }
    if (!hasRole(user.roles)) {
      return {
        allowed: false,
        bearerChallenge: false,
        reason: `user lacks a role of ${privilege.name}`,
        principal: name,
      };
    }
    return { allowed: true, principal: name };
  }

  return { allowed: false, bearerChallenge: false, reason: `unsupported scheme ${scheme}` };
}
