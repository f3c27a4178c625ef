/**
 * Bearer tokens the simulator has issued. In memory only, so restarting the
 * server invalidates every token, as restarting ORDS does.
 */
import type { Client, SimSettings } from './model.js';
import { opaqueId } from './responses.js';

export interface IssuedToken {
  token: string;
  client: Client;
  /** The user who approved a three-legged client; absent for client credentials. */
  user?: string;
  /** Roles the bearer holds: the client's, or the user's within the client's privileges. */
  roles: Set<string>;
  /** What the token endpoint tells the caller. */
  expiresIn: number;
  /** When the server stops accepting it (earlier than expiresIn under early expiry). */
  diesAt: number;
}

export type TokenLookup =
  { valid: true; issued: IssuedToken } | { valid: false; reason: 'unknown' | 'expired' };

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly expired: string[] = [];

  constructor(
    private readonly settings: SimSettings,
    private readonly now: () => number,
  ) {}

  issue(client: Client, onBehalf?: { user: string; roles: Set<string> }): IssuedToken {
    const expiresIn = client.tokenDuration ?? this.settings.tokenLifetime;
    const early = client.earlyExpiry ?? this.settings.earlyExpiry;
    const lifetime = early > 0 ? Math.min(early, expiresIn) : expiresIn;
    const issued: IssuedToken = {
      token: opaqueId(),
      client,
      user: onBehalf?.user,
      roles: onBehalf?.roles ?? client.roles,
      expiresIn,
      diesAt: this.now() + lifetime * 1000,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** Every token issued, for tests that prove no token leaks into output. */
  issuedTokens(): string[] {
    return [...this.tokens.keys(), ...this.expired];
  }

  lookup(token: string): TokenLookup {
    const issued = this.tokens.get(token);
    if (!issued) return { valid: false, reason: 'unknown' };
    if (this.now() >= issued.diesAt) {
      this.tokens.delete(token);
      this.expired.push(token);
      return { valid: false, reason: 'expired' };
    }
    return { valid: true, issued };
  }
}
