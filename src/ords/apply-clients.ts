/**
 * The OAuth client procedures (OAUTH.CREATE_CLIENT, ORDS_SECURITY.REGISTER_CLIENT
 * and IMPORT_CLIENT, role grants) applied to the draft, and the client_credentials
 * clients the simulator serves from it. Clients whose secrets the script does not
 * set get demo credentials derived from the alias and the client's name.
 */
import { createHash } from 'node:crypto';
import type { Client } from '../sim/model.js';
import type { CallArgs } from './call-args.js';
import type { ApplyCall, Draft } from './draft.js';

export const CLIENT_CALLS = {
  create_client: (draft, a) => createClient(draft, a),
  register_client: (draft, a) => createClient(draft, a),
  import_client: (draft, a) => createClient(draft, a),
  grant_client_role: (draft, a) => {
    const client = draft.client(a.call, a.need('p_client_name'));
    const role = a.need('p_role_name');
    draft.checkRole(a.call, role);
    client.roles.add(role);
  },
  revoke_client_role: (draft, a) =>
    void draft.client(a.call, a.need('p_client_name')).roles.delete(a.need('p_role_name')),
  delete_client: (draft, a) => {
    draft.client(a.call, a.need('p_name'));
    draft.clients.delete(a.need('p_name'));
  },
} satisfies Record<string, ApplyCall>;

export interface DraftClients {
  /** By client id. */
  clients: Map<string, Client>;
  /** Client names whose credentials are gatecheck's demo values. */
  demoCredentials: string[];
  /** Roles each client holds, as the script granted them. */
  grantedRoles: { client: string; role: string }[];
}

export function clientsOf(draft: Draft, alias: string): DraftClients {
  const clients = new Map<string, Client>();
  const demoCredentials: string[] = [];
  const grantedRoles: { client: string; role: string }[] = [];
  for (const c of draft.clients.values()) {
    for (const role of c.roles) grantedRoles.push({ client: c.name, role });
    if (c.grantType !== 'client_credentials') continue;
    if (c.clientId === undefined || c.clientSecret === undefined) demoCredentials.push(c.name);
    const client: Client = {
      name: c.name,
      clientId: c.clientId ?? demoValue(alias, 'client_id', c.name),
      clientSecret: c.clientSecret ?? demoValue(alias, 'client_secret', c.name),
      grantType: 'client_credentials',
      roles: new Set(c.roles),
      tokenDuration: c.tokenDuration,
      allowSecretInBody: c.authMethod === 'client_secret_post',
    };
    clients.set(client.clientId, client);
  }
  return { clients, demoCredentials, grantedRoles };
}

function createClient(draft: Draft, a: CallArgs): void {
  const name = a.need('p_name');
  const grantType = (a.str('p_grant_type') ?? 'client_credentials').toLowerCase();
  if (grantType !== 'client_credentials')
    draft.warn(
      a.call,
      `client "${name}" uses the ${grantType} grant: the simulator and matrix cover client_credentials clients only`,
    );
  draft.clients.set(name, {
    name,
    grantType,
    clientId: a.str('p_client_id'),
    clientSecret: a.secret(),
    roles: new Set(),
    tokenDuration: a.num('p_token_duration'),
    authMethod: a.str('p_token_endpoint_auth_method')?.toLowerCase(),
  });
}

/**
 * 22 base64url characters and "..", like ORDS's own ids and secrets, derived from
 * the alias and the client's name only: the same script gives the same credentials,
 * and so does the script after an edit, so a matrix keeps working across changes.
 */
function demoValue(alias: string, what: string, client: string): string {
  const bytes = createHash('sha256')
    .update(`gatecheck demo\u0000${alias}\u0000${what}\u0000${client}`)
    .digest();
  return `${bytes.subarray(0, 16).toString('base64url')}..`;
}
