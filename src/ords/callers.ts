/**
 * The callers of an expected-access matrix, named once so the collection, the
 * environment and the report agree:
 *   anonymous, invalid-token, one oauth2 profile per client_credentials client,
 *   one basic profile per first-party user.
 * Credentials live in environment variables; the secret ones are listed as secrets.
 */
import type { SimModel } from '../sim/model.js';

export interface Caller {
  /** The auth profile name (what reports and `gatecheck diff` show), or 'anonymous'. */
  profile: string;
  kind: 'anonymous' | 'invalid-token' | 'client' | 'user';
  /** The client's or user's name in the script. */
  name?: string;
  roles: Set<string>;
  /** Environment variables this caller needs, with their values. */
  variables: Record<string, string>;
  secrets: string[];
}

/** An invalid bearer token ORDS could never have issued (its tokens are 22 base64url characters). */
export const INVALID_TOKEN = 'gatecheck-invalid-token';

export function matrixCallers(model: SimModel): Caller[] {
  const taken = new Set<string>(['anonymous', 'invalid-token']);
  const unique = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  };
  const callers: Caller[] = [
    { profile: 'anonymous', kind: 'anonymous', roles: new Set(), variables: {}, secrets: [] },
    {
      profile: 'invalid-token',
      kind: 'invalid-token',
      roles: new Set(),
      variables: { invalid_token: INVALID_TOKEN },
      secrets: ['invalid_token'],
    },
  ];
  for (const c of model.clients.values()) {
    if (c.grantType !== 'client_credentials') continue; // three-legged clients need a user; not a matrix caller
    const slug = unique(`client_${slugOf(c.name)}`);
    callers.push({
      profile: slug,
      kind: 'client',
      name: c.name,
      roles: c.roles,
      variables: { [`${slug}_id`]: c.clientId, [`${slug}_secret`]: c.clientSecret },
      secrets: [`${slug}_secret`],
    });
  }
  for (const u of model.users.values()) {
    const slug = unique(`user_${slugOf(u.name)}`);
    callers.push({
      profile: slug,
      kind: 'user',
      name: u.name,
      roles: u.roles,
      variables: { [`${slug}_name`]: u.name, [`${slug}_password`]: u.password },
      secrets: [`${slug}_password`],
    });
  }
  return callers;
}

/** `Client Credentials Example` -> `client_credentials_example`. */
export function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'unnamed'
  );
}

/** The environment file: where the server is, its alias, and every caller's credentials. */
export function matrixEnvironment(model: SimModel, baseUrl: string, name: string): object {
  const callers = matrixCallers(model);
  const variables: Record<string, string> = { baseUrl, alias: model.alias };
  for (const c of callers) Object.assign(variables, c.variables);
  return { name, variables, secrets: callers.flatMap((c) => c.secrets) };
}
