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

export interface Client {
  name: string;
  clientId: string;
  clientSecret: string;
  grantType: 'client_credentials';
  roles: Set<string>;
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
}
