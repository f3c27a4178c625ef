/**
 * Three-legged grants at the token endpoint, as ORDS answers them:
 *   grant_type=authorization_code&code=…  → {"access_token":…,"token_type":"bearer","expires_in":3600,"refresh_token":…}
 *   grant_type=refresh_token&refresh_token=… → a new access token and a new refresh token;
 *   the old refresh token is refused from then on (rotation). Codes are single-use.
 */
import type { Client, SimModel } from './model.js';
import { opaqueId } from './responses.js';
import type { TokenStore } from './tokens.js';

const DEFAULT_CODE_SECONDS = 60;
const DEFAULT_REFRESH_SECONDS = 86_400;

/** What an approval hands on: the user and the roles their token may carry. */
export interface Grant {
  clientId: string;
  user: string;
  roles: Set<string>;
  diesAt: number;
}

/** Authorization codes and refresh tokens of one alias. */
export class GrantStore {
  private readonly codes = new Map<string, Grant>();
  private readonly refresh = new Map<string, Grant>();
  private readonly spent: string[] = [];

  constructor(private readonly now: () => number) {}

  issueCode(client: Client, user: string, roles: Set<string>): string {
    const code = opaqueId();
    const seconds = client.codeDuration ?? DEFAULT_CODE_SECONDS;
    this.codes.set(code, { clientId: client.clientId, user, roles, diesAt: this.now() + seconds * 1000 });
    return code;
  }

  /** Single use: a code is gone once presented, right or wrong client. */
  takeCode(code: string): Grant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (grant) this.spent.push(code);
    return grant && this.now() < grant.diesAt ? grant : undefined;
  }

  issueRefresh(client: Client, grant: Grant): string {
    const token = opaqueId();
    const seconds = client.refreshDuration ?? DEFAULT_REFRESH_SECONDS;
    this.refresh.set(token, { ...grant, diesAt: this.now() + seconds * 1000 });
    return token;
  }

  takeRefresh(token: string): Grant | undefined {
    const grant = this.refresh.get(token);
    this.refresh.delete(token);
    if (grant) this.spent.push(token);
    return grant && this.now() < grant.diesAt ? grant : undefined;
  }

  /** Every code and refresh token issued, for tests that prove none leaks. */
  issued(): string[] {
    return [...this.codes.keys(), ...this.refresh.keys(), ...this.spent];
  }
}

/** The roles a user's token carries: the user's, limited to the privileges the client asked for. */
export function delegatedRoles(model: SimModel, client: Client, user: string): Set<string> {
  const held = model.users.get(user)?.roles ?? new Set<string>();
  const offered = new Set(
    model.privileges
      .filter((p) => (client.privilegeNames ?? []).includes(p.name))
      .flatMap((p) => [...p.roles]),
  );
  return new Set([...held].filter((r) => offered.has(r)));
}

export type CodeGrantResult =
  | { ok: true; body: Record<string, unknown>; user: string; note: string }
  | { ok: false; error: 'invalid_grant' | 'invalid_request'; description: string };

export function exchange(
  form: URLSearchParams,
  client: Client,
  tokens: TokenStore,
  grants: GrantStore,
): CodeGrantResult {
  const grantType = form.get('grant_type');
  const presented = grantType === 'authorization_code' ? form.get('code') : form.get('refresh_token');
  if (!presented) {
    const name = grantType === 'authorization_code' ? 'code' : 'refresh_token';
    return { ok: false, error: 'invalid_request', description: `${name} is required` };
  }
  const grant =
    grantType === 'authorization_code' ? grants.takeCode(presented) : grants.takeRefresh(presented);
  if (!grant || grant.clientId !== client.clientId) {
    const what = grantType === 'authorization_code' ? 'authorization code' : 'refresh token';
    return { ok: false, error: 'invalid_grant', description: `The ${what} is invalid, expired or used` };
  }
  const issued = tokens.issue(client, { user: grant.user, roles: grant.roles });
  const refreshToken = grants.issueRefresh(client, grant);
  return {
    ok: true,
    user: grant.user,
    body: {
      access_token: issued.token,
      token_type: 'bearer',
      expires_in: issued.expiresIn,
      refresh_token: refreshToken,
    },
    note: `token issued for ${grant.user}, expires_in ${issued.expiresIn}`,
  };
}
