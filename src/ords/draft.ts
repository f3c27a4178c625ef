/**
 * What ORDS holds while a security script runs: modules, privileges, roles and
 * clients by the names the script gives them, before they become the simulator's
 * model. Looking up a name that was never defined is an input error at the call.
 */
import { didYouMean } from '../source/did-you-mean.js';
import { failAt, warningAt, type CallArgs } from './call-args.js';
import type { Call } from './call-syntax.js';
import type { Warning } from './reader.js';

export interface DraftModule {
  name: string;
  basePath: string;
  itemsPerPage: number;
  published: boolean;
  templates: Map<string, { pattern: string; handlers: Map<string, DraftHandler> }>;
}

export interface DraftHandler {
  method: string;
  sourceType?: string;
  source: string;
  itemsPerPage?: number;
}

export interface DraftPrivilege {
  name: string;
  roles: Set<string>;
  patterns: string[];
  modules: string[];
}

export interface DraftClient {
  name: string;
  grantType: string;
  clientId?: string;
  clientSecret?: string;
  roles: Set<string>;
  tokenDuration?: number;
  authMethod?: string;
}

/** Roles ORDS has without a CREATE_ROLE. */
const BUILT_IN_ROLES = new Set([
  'SQL Developer',
  'SODA Developer',
  'RESTful Services',
  'OAuth2 Client Developer',
  'Listener Administrator',
]);

export class Draft {
  readonly warnings: Warning[] = [];
  readonly aliases: { alias: string; call: Call }[] = [];
  autoRestAuth = false;
  readonly roles = new Set<string>();
  readonly modules = new Map<string, DraftModule>();
  readonly privileges = new Map<string, DraftPrivilege>();
  readonly clients = new Map<string, DraftClient>();

  module(call: Call, name: string): DraftModule {
    const m = this.modules.get(name);
    if (!m) failAt(call, `unknown module "${name}"${didYouMean(name, [...this.modules.keys()])}`);
    return m;
  }

  privilege(call: Call, name: string): DraftPrivilege {
    const p = this.privileges.get(name);
    if (!p) failAt(call, `unknown privilege "${name}"${didYouMean(name, [...this.privileges.keys()])}`);
    return p;
  }

  client(call: Call, name: string): DraftClient {
    const c = this.clients.get(name);
    if (!c) failAt(call, `unknown client "${name}"${didYouMean(name, [...this.clients.keys()])}`);
    return c;
  }

  /** ORDS accepts only roles that exist; `SQL Developer` and the SODA/AutoREST roles are built in. */
  checkRole(call: Call, role: string): void {
    if (this.roles.has(role) || BUILT_IN_ROLES.has(role) || role.startsWith('oracle.dbtools.')) return;
    failAt(
      call,
      `unknown role "${role}"${didYouMean(role, [...this.roles])}; create it with ORDS.CREATE_ROLE first`,
    );
  }

  warn(call: Call, message: string): void {
    this.warnings.push(warningAt(call, message));
  }
}

/** How one procedure changes the draft. */
export type ApplyCall = (draft: Draft, args: CallArgs) => void;
