/**
 * Applies the calls of ORDS security scripts, in order, to build the simulator's
 * model: what ORDS would hold after running them. Names are matched as ORDS
 * matches them (modules, privileges, clients case-sensitively as stored; the
 * PL/SQL names case-insensitively). A call that names something undefined is an
 * input error at its position; a procedure gatecheck does not model is a warning.
 * Clients whose secrets the script does not set get demo credentials derived
 * from the alias and the client's name, so the same script always gives the same ones.
 */
import { createHash } from 'node:crypto';
import { didYouMean } from '../source/did-you-mean.js';
import { InputError } from '../source/errors.js';
import type { Client, Exposures, Handler, Module, Privilege, SimModel, User } from '../sim/model.js';
import { NO_EXPOSURES } from '../sim/model.js';
import { handlerBody, sourceKind } from './handler-body.js';
import { canonicalParam, resolveProcedure, type ProcedureName, type Resolved } from './procedures.js';
import { readScript, type Arg, type Call, type Value, type Warning } from './reader.js';

export interface ScriptFile {
  file: string;
  text: string;
}

export interface ScriptModel {
  model: SimModel;
  warnings: Warning[];
  /** Client names whose credentials are gatecheck's demo values. */
  demoCredentials: string[];
  /** Roles each client and privilege holds, as the script wrote them (the audit reads these). */
  grantedRoles: { client: string; role: string }[];
}

interface DraftModule {
  name: string;
  basePath: string;
  itemsPerPage: number;
  published: boolean;
  templates: Map<string, { pattern: string; handlers: Map<string, DraftHandler> }>;
}

interface DraftHandler {
  method: string;
  sourceType?: string;
  source: string;
  itemsPerPage?: number;
}

interface DraftPrivilege {
  name: string;
  roles: Set<string>;
  patterns: string[];
  modules: string[];
}

interface DraftClient {
  name: string;
  grantType: string;
  clientId?: string;
  clientSecret?: string;
  roles: Set<string>;
  tokenDuration?: number;
  authMethod?: string;
}

export function modelFromScripts(files: ScriptFile[], users: User[] = []): ScriptModel {
  const state = new Builder();
  for (const f of files) {
    const read = readScript(f.file, f.text);
    state.warnings.push(...read.warnings);
    for (const call of read.calls) state.apply(call);
  }
  return state.finish(users);
}

class Builder {
  readonly warnings: Warning[] = [];
  private aliases: { alias: string; call: Call }[] = [];
  private autoRestAuth = false;
  private readonly roles = new Set<string>();
  private readonly modules = new Map<string, DraftModule>();
  private readonly privileges = new Map<string, DraftPrivilege>();
  private readonly clients = new Map<string, DraftClient>();

  apply(call: Call): void {
    const proc = resolveProcedure(call);
    if (!proc) {
      this.warn(
        call,
        `${call.name.join('.').toUpperCase()} is not an ORDS security procedure gatecheck models; skipped`,
      );
      return;
    }
    const args = this.bind(call, proc);
    const s = (name: string) => this.str(args, name, call);
    const need = (name: string) => {
      const v = s(name);
      if (v === undefined) this.fail(call, `${proc.display} needs ${name}`);
      return v!;
    };
    const handlers: Record<ProcedureName, () => void> = {
      enable_schema: () => {
        if (this.bool(args, 'p_enabled', call) === false) {
          this.warn(
            call,
            `${proc.display} with p_enabled => FALSE: the schema stays REST-enabled in the simulator`,
          );
        }
        const alias = s('p_url_mapping_pattern') ?? need('p_schema').toLowerCase();
        if (!this.aliases.some((a) => a.alias === alias)) this.aliases.push({ alias, call });
        this.autoRestAuth = this.bool(args, 'p_auto_rest_auth', call) ?? false;
      },
      define_module: () => {
        const name = need('p_module_name');
        this.modules.set(name, {
          name,
          basePath: normalizeBasePath(need('p_base_path')),
          itemsPerPage: this.num(args, 'p_items_per_page', call) ?? 25,
          published: (s('p_status') ?? 'PUBLISHED').toUpperCase() !== 'NOT_PUBLISHED',
          templates: new Map(),
        });
      },
      publish_module: () => {
        this.module(call, need('p_module_name')).published =
          (s('p_status') ?? 'PUBLISHED').toUpperCase() !== 'NOT_PUBLISHED';
      },
      define_template: () => {
        const module = this.module(call, need('p_module_name'));
        const pattern = this.pattern(call, need('p_pattern'));
        module.templates.set(pattern, { pattern, handlers: new Map() });
      },
      define_handler: () => {
        const module = this.module(call, need('p_module_name'));
        const pattern = this.pattern(call, need('p_pattern'));
        const template = module.templates.get(pattern);
        if (!template)
          this.fail(
            call,
            `module "${module.name}" has no template "${pattern}"${didYouMean(pattern, [...module.templates.keys()])}; define it with DEFINE_TEMPLATE first`,
          );
        const method = (s('p_method') ?? 'GET').toUpperCase();
        template!.handlers.set(method, {
          method,
          sourceType: s('p_source_type'),
          source: s('p_source') ?? '',
          itemsPerPage: this.num(args, 'p_items_per_page', call),
        });
      },
      define_parameter: () => undefined, // binds a request value to the source: nothing to simulate
      define_service: () => {
        const name = need('p_module_name');
        const pattern = this.pattern(call, need('p_pattern'));
        const method = (s('p_method') ?? 'GET').toUpperCase();
        const handler: DraftHandler = {
          method,
          sourceType: s('p_source_type'),
          source: s('p_source') ?? '',
          itemsPerPage: this.num(args, 'p_items_per_page', call),
        };
        this.modules.set(name, {
          name,
          basePath: normalizeBasePath(need('p_base_path')),
          itemsPerPage: this.num(args, 'p_items_per_page', call) ?? 25,
          published: (s('p_status') ?? 'PUBLISHED').toUpperCase() !== 'NOT_PUBLISHED',
          templates: new Map([[pattern, { pattern, handlers: new Map([[method, handler]]) }]]),
        });
      },
      delete_module: () => {
        this.module(call, need('p_module_name'));
        this.modules.delete(need('p_module_name'));
      },
      create_role: () => void this.roles.add(need('p_role_name')),
      delete_role: () => void this.roles.delete(need('p_role_name')),
      create_privilege: () => {
        const roles =
          this.list(args, 'p_roles', call) ?? (s('p_role_name') !== undefined ? [s('p_role_name')!] : []);
        this.definePrivilege(
          call,
          need('p_name'),
          roles,
          this.list(args, 'p_patterns', call) ?? [],
          this.list(args, 'p_modules', call) ?? [],
        );
      },
      define_privilege: () => {
        this.definePrivilege(
          call,
          need('p_privilege_name'),
          this.list(args, 'p_roles', call) ?? [],
          this.list(args, 'p_patterns', call) ?? [],
          this.list(args, 'p_modules', call) ?? [],
        );
      },
      delete_privilege: () => {
        this.privilege(call, need('p_name'));
        this.privileges.delete(need('p_name'));
      },
      create_privilege_mapping: () => {
        const privilege = this.privilege(call, need('p_privilege_name'));
        const patterns = this.list(args, 'p_patterns', call) ?? [need('p_pattern')];
        privilege.patterns.push(...patterns);
      },
      delete_privilege_mapping: () => {
        const privilege = this.privilege(call, need('p_privilege_name'));
        const gone = new Set(this.list(args, 'p_patterns', call) ?? [need('p_pattern')]);
        privilege.patterns = privilege.patterns.filter((p) => !gone.has(p));
      },
      set_module_privilege: () => {
        const module = this.module(call, need('p_module_name'));
        // A module is protected by at most one privilege: setting one moves it.
        for (const p of this.privileges.values()) p.modules = p.modules.filter((m) => m !== module.name);
        const privilegeName = s('p_privilege_name');
        if (privilegeName !== undefined) this.privilege(call, privilegeName).modules.push(module.name);
      },
      create_client: () => this.createClient(call, args),
      register_client: () => this.createClient(call, args),
      import_client: () => this.createClient(call, args),
      grant_client_role: () => {
        const client = this.client(call, need('p_client_name'));
        const role = need('p_role_name');
        this.checkRole(call, role);
        client.roles.add(role);
      },
      revoke_client_role: () =>
        void this.client(call, need('p_client_name')).roles.delete(need('p_role_name')),
      delete_client: () => {
        this.client(call, need('p_name'));
        this.clients.delete(need('p_name'));
      },
    };
    handlers[proc.procedure]();
  }

  finish(users: User[]): ScriptModel {
    const first = this.aliases[0];
    if (!first)
      throw new InputError('no ORDS.ENABLE_SCHEMA call: the schema alias (p_url_mapping_pattern) is unknown');
    for (const other of this.aliases.slice(1)) {
      this.warn(
        other.call,
        `a second schema alias "${other.alias}": the simulator serves one alias, "${first.alias}"; everything the scripts define is served under it`,
      );
    }
    const modules: Module[] = [];
    for (const m of this.modules.values()) {
      if (!m.published) continue;
      modules.push({
        name: m.name,
        basePath: m.basePath,
        templates: [...m.templates.values()].map((t) => {
          const segments = t.pattern.split('/').filter((x) => x !== '' && x !== '.');
          const params = segments.filter((x) => x.startsWith(':')).map((x) => x.slice(1));
          const handlers = new Map<string, Handler>();
          for (const h of t.handlers.values()) {
            const kind = sourceKind(h.sourceType);
            handlers.set(h.method, {
              method: h.method,
              status: h.method === 'POST' && kind !== 'plsql' ? 201 : 200,
              headers: {},
              body: handlerBody(kind, h.source, h.itemsPerPage ?? m.itemsPerPage, params),
            });
          }
          return { pattern: t.pattern, segments, handlers };
        }),
      });
    }
    const privileges: Privilege[] = [...this.privileges.values()].map((p) => ({
      name: p.name,
      roles: new Set(p.roles),
      patterns: [
        ...p.patterns,
        ...p.modules.flatMap((name) => {
          const module = this.modules.get(name);
          return module ? [`${module.basePath}*`] : [];
        }),
      ],
    }));
    const clients = new Map<string, Client>();
    const demo: string[] = [];
    const grantedRoles: { client: string; role: string }[] = [];
    for (const c of this.clients.values()) {
      for (const role of c.roles) grantedRoles.push({ client: c.name, role });
      if (c.grantType !== 'client_credentials') continue;
      if (c.clientId === undefined || c.clientSecret === undefined) demo.push(c.name);
      const client: Client = {
        name: c.name,
        clientId: c.clientId ?? this.demoValue(first.alias, 'client_id', c.name),
        clientSecret: c.clientSecret ?? this.demoValue(first.alias, 'client_secret', c.name),
        grantType: 'client_credentials',
        roles: new Set(c.roles),
        tokenDuration: c.tokenDuration,
        allowSecretInBody: c.authMethod === 'client_secret_post',
      };
      clients.set(client.clientId, client);
    }
    const exposures: Exposures = { ...NO_EXPOSURES, anonymousMetadataCatalog: !this.autoRestAuth };
    return {
      model: {
        alias: first.alias,
        settings: {
          tokenLifetime: 3600,
          earlyExpiry: 0,
          errorFormat: 'auto',
          tokenErrorStyle: 'ords-problem',
          problemTitle: false,
          latencyMs: 0,
        },
        modules,
        privileges,
        clients,
        users: new Map(users.map((u) => [u.name, u])),
        exposures,
      },
      warnings: this.warnings,
      demoCredentials: demo,
      grantedRoles,
    };
  }

  /**
   * 22 base64url characters and "..", like ORDS's own ids and secrets, derived from
   * the alias and the client's name only: the same script gives the same credentials,
   * and so does the script after an edit, so a matrix keeps working across changes.
   */
  private demoValue(alias: string, what: string, client: string): string {
    const bytes = createHash('sha256')
      .update(`gatecheck demo\u0000${alias}\u0000${what}\u0000${client}`)
      .digest();
    return `${bytes.subarray(0, 16).toString('base64url')}..`;
  }

  private createClient(call: Call, args: Map<string, Arg>): void {
    const name = this.str(args, 'p_name', call);
    if (name === undefined) this.fail(call, `${call.name.join('.').toUpperCase()} needs p_name`);
    const grantType = (this.str(args, 'p_grant_type', call) ?? 'client_credentials').toLowerCase();
    if (grantType !== 'client_credentials')
      this.warn(
        call,
        `client "${name}" uses the ${grantType} grant: the simulator and matrix cover client_credentials clients only`,
      );
    const secret = args.get('p_client_secret');
    this.clients.set(name!, {
      name: name!,
      grantType,
      clientId: this.str(args, 'p_client_id', call),
      clientSecret: secret ? this.secretOf(secret, call) : undefined,
      roles: new Set(),
      tokenDuration: this.num(args, 'p_token_duration', call),
      authMethod: this.str(args, 'p_token_endpoint_auth_method', call)?.toLowerCase(),
    });
  }

  /** `p_client_secret => ords_types.oauth_client_secret(p_secret => '…')` or a plain literal. */
  private secretOf(arg: Arg, call: Call): string | undefined {
    if (arg.value.kind === 'call') {
      const inner = arg.value.call.args.find((a) => a.name === 'p_secret') ?? arg.value.call.args[0];
      return inner ? this.valueString(inner.value, call, 'p_secret') : undefined;
    }
    return this.valueString(arg.value, call, 'p_client_secret');
  }

  private definePrivilege(
    call: Call,
    name: string,
    roles: string[],
    patterns: string[],
    modules: string[],
  ): void {
    for (const role of roles) this.checkRole(call, role);
    for (const m of modules) this.module(call, m);
    // DEFINE_PRIVILEGE replaces what the privilege had: its roles, patterns and modules.
    for (const p of this.privileges.values()) p.modules = p.modules.filter((m) => !modules.includes(m));
    this.privileges.set(name, {
      name,
      roles: new Set(roles),
      patterns: [...patterns],
      modules: [...modules],
    });
  }

  private bind(call: Call, proc: Resolved): Map<string, Arg> {
    const out = new Map<string, Arg>();
    let order = proc.params;
    // DEFINE_PRIVILEGE has an overload without p_modules: a 4th positional string is the label.
    if (
      proc.procedure === 'define_privilege' &&
      call.args[3] &&
      !call.args[3].name &&
      call.args[3].value.kind !== 'array'
    )
      order = order?.filter((p) => p !== 'p_modules');
    // CREATE_PRIVILEGE_MAPPING takes p_pattern or, in its other overload, p_patterns (an array).
    call.args.forEach((arg, i) => {
      let name = arg.name ? canonicalParam(arg.name) : undefined;
      if (name === undefined) {
        if (!order)
          this.fail(
            call,
            `${proc.display} takes named parameters only (p_name => …): ORDS documents no positional order for it`,
          );
        name = order![i];
        if (name === undefined)
          this.fail(call, `${proc.display} takes ${order!.length} parameters, got ${call.args.length}`);
        if (name === 'p_pattern' && arg.value.kind === 'array') name = 'p_patterns';
      }
      if (!proc.known.has(name!)) {
        this.warnings.push({
          file: call.file,
          line: arg.token.line,
          col: arg.token.col,
          message: `${proc.display} has no parameter ${name}${didYouMean(name!, [...proc.known])}; ignored`,
        });
        return;
      }
      if (out.has(name!)) this.fail(call, `${proc.display}: ${name} given twice`);
      out.set(name!, arg);
    });
    return out;
  }

  private str(args: Map<string, Arg>, name: string, call: Call): string | undefined {
    const arg = args.get(name);
    return arg ? this.valueString(arg.value, call, name) : undefined;
  }

  private valueString(value: Value, call: Call, name: string): string | undefined {
    switch (value.kind) {
      case 'string':
        return value.value;
      case 'number':
        return String(value.value);
      case 'null':
        return undefined;
      case 'name': // ords.source_type_plsql and friends
        return value.parts[value.parts.length - 1];
      default:
        return this.fail(call, `${name} must be a string here`);
    }
  }

  private num(args: Map<string, Arg>, name: string, call: Call): number | undefined {
    const v = args.get(name)?.value;
    if (!v || v.kind === 'null') return undefined;
    if (v.kind === 'number') return v.value;
    if (v.kind === 'string' && /^\d+$/.test(v.value)) return Number(v.value);
    return this.fail(call, `${name} must be a number`);
  }

  private bool(args: Map<string, Arg>, name: string, call: Call): boolean | undefined {
    const v = args.get(name)?.value;
    if (!v || v.kind === 'null') return undefined;
    if (v.kind === 'boolean') return v.value;
    return this.fail(call, `${name} must be TRUE or FALSE`);
  }

  /** An OWA.VC_ARR argument, or a string (a comma list for p_privilege_names-like parameters). */
  private list(args: Map<string, Arg>, name: string, call: Call): string[] | undefined {
    const v = args.get(name)?.value;
    if (!v || v.kind === 'null') return undefined;
    if (v.kind === 'array') return v.items;
    if (v.kind === 'string') return [v.value];
    return this.fail(call, `${name} must be an OWA.VC_ARR variable`);
  }

  private pattern(call: Call, pattern: string): string {
    if (pattern.includes('?'))
      this.warn(call, `template "${pattern}": the query part is ignored by the simulator`);
    // ORDS accepts `{id}` and `:id` for a path parameter; the simulator speaks `:id`.
    // `.` is the module's base path itself (DEFINE_SERVICE's usual template).
    const path = pattern.split('?')[0]!.replace(/\{(\w+)\}/g, ':$1');
    return path === '.' ? '' : path;
  }

  private module(call: Call, name: string): DraftModule {
    const m = this.modules.get(name);
    if (!m) this.fail(call, `unknown module "${name}"${didYouMean(name, [...this.modules.keys()])}`);
    return m!;
  }

  private privilege(call: Call, name: string): DraftPrivilege {
    const p = this.privileges.get(name);
    if (!p) this.fail(call, `unknown privilege "${name}"${didYouMean(name, [...this.privileges.keys()])}`);
    return p!;
  }

  private client(call: Call, name: string): DraftClient {
    const c = this.clients.get(name);
    if (!c) this.fail(call, `unknown client "${name}"${didYouMean(name, [...this.clients.keys()])}`);
    return c!;
  }

  /** ORDS accepts only roles that exist; `SQL Developer` and the SODA/AutoREST roles are built in. */
  private checkRole(call: Call, role: string): void {
    if (this.roles.has(role) || BUILT_IN_ROLES.has(role) || role.startsWith('oracle.dbtools.')) return;
    this.fail(
      call,
      `unknown role "${role}"${didYouMean(role, [...this.roles])}; create it with ORDS.CREATE_ROLE first`,
    );
  }

  private warn(call: Call, message: string): void {
    this.warnings.push({ file: call.file, line: call.token.line, col: call.token.col, message });
  }

  private fail(call: Call, message: string): never {
    throw new InputError(message, {
      file: call.file,
      position: { line: call.token.line, col: call.token.col },
    });
  }
}

const BUILT_IN_ROLES = new Set([
  'SQL Developer',
  'SODA Developer',
  'RESTful Services',
  'OAuth2 Client Developer',
  'Listener Administrator',
]);

/** `/examples/employees/` as written; ORDS stores base paths with a leading and trailing slash. */
function normalizeBasePath(path: string): string {
  let p = path.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  if (!p.endsWith('/')) p = `${p}/`;
  return p;
}
