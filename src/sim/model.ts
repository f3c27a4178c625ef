/** The simulator's view of an ORDS-enabled schema, after its config was loaded and checked. */

export type ErrorFormat = 'json' | 'html' | 'auto';
export type TokenErrorStyle = 'ords-problem' | 'rfc6749';

export interface SimSettings {
  tokenLifetime: number;
  /** Seconds after which tokens die on the server (0: never early). */
  earlyExpiry: number;
  errorFormat: ErrorFormat;
  tokenErrorStyle: TokenErrorStyle;
  problemTitle: boolean;
  latencyMs: number;
}

export interface Handler {
  method: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface Template {
  pattern: string;
  /** Literal segments, or `:name` parameters. */
  segments: string[];
  handlers: Map<string, Handler>;
}

export interface Module {
  name: string;
  basePath: string;
  templates: Template[];
}

export interface Privilege {
  name: string;
  roles: Set<string>;
  /** URI patterns relative to the alias; a module protection counts as `<base_path>*`. */
  patterns: string[];
}

export type GrantType = 'client_credentials' | 'authorization_code' | 'implicit';

export interface Client {
  name: string;
  clientId: string;
  clientSecret: string;
  grantType: GrantType;
  roles: Set<string>;
  /** Three-legged clients: where ORDS sends the code or token (p_redirect_uri). */
  redirectUri?: string;
  /** Privileges the client asks users to approve (p_privilege_names). */
  privilegeNames?: string[];
  description?: string;
  /** Seconds an authorization code lives (p_code_duration). */
  codeDuration?: number;
  /** Seconds a refresh token lives (p_refresh_duration). */
  refreshDuration?: number;
  tokenDuration?: number;
  earlyExpiry?: number;
  allowSecretInBody: boolean;
}

export interface User {
  name: string;
  password: string;
  roles: Set<string>;
}

export interface SimModel {
  alias: string;
  settings: SimSettings;
  modules: Module[];
  privileges: Privilege[];
  clients: Map<string, Client>;
  users: Map<string, User>;
  /** Further schema aliases served by the same instance (ORDS.ENABLE_SCHEMA once each). */
  aliases?: SimModel[];
  /** Planted exposures for `gatecheck ords audit` (absent: none). */
  exposures?: Exposures;
}

/**
 * Security exposures `gatecheck ords audit` looks for; each one off unless a
 * config turns it on (a script's `p_auto_rest_auth => FALSE` turns on the first).
 */
export interface Exposures {
  /** metadata-catalog/ answers anonymous callers (ENABLE_SCHEMA p_auto_rest_auth off). */
  anonymousMetadataCatalog: boolean;
  /** REST-enabled SQL answers at /ords/<alias>/_/sql. */
  restEnabledSql: boolean;
  /** The token endpoint grants tokens on GET (credentials in the query string). */
  tokenGet: boolean;
  /** Token responses lack `Cache-Control: no-store` (as ORDS's own captures do). */
  tokenCacheable: boolean;
  /** Another schema alias, answering with this one's privileges and accepting its tokens. */
  crossAliasTokens?: string;
  /** Error bodies carry a Java stack trace (debug.printDebugToScreen). */
  stackTraces: boolean;
}

export const NO_EXPOSURES: Exposures = {
  anonymousMetadataCatalog: false,
  restEnabledSql: false,
  tokenGet: false,
  tokenCacheable: false,
  stackTraces: false,
};
