/**
 * Parsed curl commands -> a gatecheck collection (YAML text), one scenario per
 * command. A token request (-d grant_type=client_credentials with -u id:secret)
 * becomes an oauth2 profile; later commands that send `Authorization: Bearer …`
 * use that profile instead of the header. `-u user:password` becomes a basic
 * profile. A trailing `# 401` comment becomes the expected status.
 */
import { stringify } from 'yaml';
import type { CurlCommand, CurlScript } from './parse.js';

export interface CurlImportResult {
  yaml: string;
  warnings: string[];
}

type Profile = Record<string, string>;

export function curlToCollection(
  script: CurlScript,
  name: string,
  schemaRef = 'schema/collection.schema.json',
): CurlImportResult {
  const warnings = [...script.warnings];
  const auth: Record<string, Profile> = {};
  const scenarios: Record<string, unknown>[] = [];
  /** The latest token request's profile, and the variable its output went to. */
  let token: { profile: string; variable?: string } | undefined;
  let insecure = false;

  for (const c of script.commands) {
    const client = tokenRequest(c);
    if (client) {
      const profile = uniqueName(auth, `oauth2-${slug(client.clientId)}`);
      auth[profile] = {
        type: 'oauth2',
        grant: 'client_credentials',
        tokenUrl: c.url,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        ...(client.via === 'body' ? { clientAuth: 'body' } : {}),
        ...(client.scope ? { scope: client.scope } : {}),
      };
      token = { profile, variable: c.assignsTo };
      continue;
    }
    insecure ||= c.insecure;
    const headers = Object.fromEntries(c.headers);
    let profile: string | undefined;
    const bearer = c.headers.find(([k, v]) => k.toLowerCase() === 'authorization' && /^bearer\s/i.test(v));
    if (bearer && token && usesToken(bearer[1], token.variable)) {
      delete headers[bearer[0]];
      profile = token.profile;
    } else if (c.user) {
      if (c.headers.some(([k]) => k.toLowerCase() === 'authorization')) {
        warnings.push(`line ${c.line}: -u and an Authorization header: curl sends the header; -u ignored`);
      } else {
        profile = `basic-${slug(c.user.name)}`;
        const existing = auth[profile];
        if (existing && existing.password !== c.user.password) profile = uniqueName(auth, profile);
        auth[profile] = { type: 'basic', username: c.user.name, password: c.user.password };
      }
    }
    const body = bodyOf(c, headers);
    const request: Record<string, unknown> = { method: c.method, url: c.url };
    if (Object.keys(headers).length > 0) request.headers = headers;
    Object.assign(request, body);
    if (c.followRedirects) request.followRedirects = true;
    const status = /^(\d{3})\b/.exec(c.comment ?? '')?.[1];
    scenarios.push({
      name: `line ${c.line}: ${c.method} ${c.url.replace(/^(\{\{\w+\}\}|[a-z]+:\/\/[^/]+)/i, '')}`,
      ...(profile ? { auth: profile } : {}),
      request,
      ...(status ? { expect: { status: Number(status) } } : {}),
    });
  }
  if (insecure) warnings.push('curl -k was used: run the collection with --insecure');
  if (scenarios.length === 0)
    warnings.push('no request other than token requests: the collection has no scenario');

  const doc = {
    name,
    ...(Object.keys(script.variables).length > 0 ? { variables: script.variables } : {}),
    ...(Object.keys(auth).length > 0 ? { auth } : {}),
    scenarios,
  };
  const header = `# yaml-language-server: $schema=${schemaRef}\n# Imported from curl commands by gatecheck import.\n`;
  return { yaml: header + stringify(doc, { lineWidth: 0 }), warnings };
}

interface TokenClient {
  clientId: string;
  clientSecret: string;
  via: 'basic' | 'body';
  scope?: string;
}

/** A client-credentials token request, by HTTP Basic or with the secret in the form. */
function tokenRequest(c: CurlCommand): TokenClient | undefined {
  if (c.method !== 'POST' || c.body?.kind !== 'form') return undefined;
  const form = new URLSearchParams(c.body.text);
  if (form.get('grant_type') !== 'client_credentials') return undefined;
  const extra = [...form.keys()].filter(
    (k) => !['grant_type', 'scope', 'client_id', 'client_secret'].includes(k),
  );
  if (extra.length > 0) return undefined; // other parameters: keep the request as written
  const scope = form.get('scope') ?? undefined;
  if (c.user) return { clientId: c.user.name, clientSecret: c.user.password, via: 'basic', scope };
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { clientId: id, clientSecret: secret, via: 'body', scope } : undefined;
}

/** `Bearer $TOKEN` (the variable the token request set) or a placeholder like `Bearer <token>`. */
function usesToken(value: string, variable: string | undefined): boolean {
  const credential = value.replace(/^bearer\s+/i, '').trim();
  if (variable) return credential === `{{${variable}}}`;
  return /^(\{\{\w+\}\}|<[^>]*>|\.\.\.|…)$/.test(credential);
}

function bodyOf(c: CurlCommand, headers: Record<string, string>): Record<string, unknown> {
  if (!c.body) return {};
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (c.body.kind === 'form' && contentType === 'application/x-www-form-urlencoded') {
    // A repeated name becomes a list (`-d tag=a -d tag=b`): sent once per value, after the name's first place.
    const byName = new Map<string, string[]>();
    for (const [k, v] of new URLSearchParams(c.body.text)) byName.set(k, [...(byName.get(k) ?? []), v]);
    const pairs = [...byName].flatMap(([k, vs]) => vs.map((v): [string, string] => [k, v]));
    // `form:` only when the runner would send the very same bytes.
    if (new URLSearchParams(pairs).toString() === c.body.text) {
      delete headers[Object.keys(headers).find((k) => k.toLowerCase() === 'content-type') ?? ''];
      return {
        form: Object.fromEntries([...byName].map(([k, vs]) => [k, vs.length === 1 ? vs[0] : vs])),
        ...(Object.keys(headers).length === 0 ? { headers: undefined } : {}),
      };
    }
  }
  if (c.body.kind === 'json' && contentType === 'application/json') {
    try {
      const value: unknown = JSON.parse(c.body.text);
      if (JSON.stringify(value) === c.body.text && !c.body.text.includes('{{')) return { json: value };
    } catch {
      /* not JSON: sent as written */
    }
  }
  return { body: c.body.text };
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '').slice(0, 24) || 'client';
}

function uniqueName(taken: Record<string, unknown>, base: string): string {
  if (!(base in taken)) return base;
  for (let i = 2; ; i++) if (!(`${base}-${i}` in taken)) return `${base}-${i}`;
}
