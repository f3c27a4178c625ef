/**
 * Loads a simulator config (YAML in ORDS's vocabulary), checks it against
 * schema/simulator.schema.json and for dangling names, and builds the SimModel.
 */
import { readFileSync } from 'node:fs';
import type { SourceDocument } from '../source/document.js';
import { type InputError, InputErrors } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import { didYouMean } from '../source/did-you-mean.js';
import { lazySchema, parseValidated } from '../source/schema-check.js';
import type { Client, GrantType, Handler, Module, Privilege, SimModel, Template, User } from './model.js';
import { packageFile } from '../package-files.js';

/** The built-in config, shipped as a documented sample. */
export const DEFAULT_CONFIG_URL = packageFile('environments/ords-simulator.yaml');
const SCHEMA_URL = packageFile('schema/simulator.schema.json');

interface RawConfig {
  enable_schema: { url_mapping_pattern: string };
  settings?: {
    token_lifetime?: number;
    early_expiry?: number;
    error_format?: 'json' | 'html' | 'auto';
    token_error_style?: 'ords-problem' | 'rfc6749';
    problem_title?: boolean;
    latency_ms?: number;
  };
  define_module?: {
    module_name: string;
    base_path: string;
    templates?: {
      pattern: string;
      handlers?: { method: string; status?: number; headers?: Record<string, string>; body?: unknown }[];
    }[];
  }[];
  create_role?: string[];
  create_privilege?: { name: string; roles: string[]; modules?: string[]; patterns?: string[] }[];
  create_privilege_mapping?: { privilege_name: string; patterns: string[] }[];
  create_client?: {
    name: string;
    grant_type: GrantType;
    client_id: string;
    client_secret: string;
    description?: string;
    redirect_uri?: string;
    privilege_names?: string[];
    code_duration?: number;
    refresh_duration?: number;
    token_duration?: number;
    early_expiry?: number;
    token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
  }[];
  grant_client_role?: { client_name: string; role_name: string }[];
  config_user_add?: { user: string; password: string; roles?: string[] }[];
  /** Further schema aliases of the same instance; they share settings and first-party users. */
  schemas?: RawConfig[];
  exposures?: {
    anonymous_metadata_catalog?: boolean;
    rest_enabled_sql?: boolean;
    token_get?: boolean;
    token_cacheable?: boolean;
    cross_alias?: string;
    stack_traces?: boolean;
  };
}

export function loadSimConfigFile(file: string): SimModel {
  return parseSimConfig(file, readUserFile(file, 'simulator config'));
}

export function loadDefaultSimConfig(): SimModel {
  return parseSimConfig(
    '(built-in) environments/ords-simulator.yaml',
    readFileSync(DEFAULT_CONFIG_URL, 'utf8'),
  );
}

const schema = lazySchema(SCHEMA_URL);

export function parseSimConfig(file: string, text: string): SimModel {
  const { source, data } = parseValidated(file, text, schema);
  const errors: InputError[] = [];
  const raw = data as RawConfig;
  const model = build(raw, source, errors, []);
  model.aliases = (raw.schemas ?? []).map((sub, i) => {
    const at = ['schemas', i];
    if (sub.settings)
      errors.push(source.errorAt([...at, 'settings'], 'settings belong to the instance (top level)'));
    if (sub.schemas) errors.push(source.errorAt([...at, 'schemas'], 'schemas cannot nest'));
    const other = build(sub, source, errors, at, model.users);
    other.settings = model.settings;
    return other;
  });
  const aliases = [model, ...model.aliases].map((m) => m.alias);
  aliases.forEach((alias, i) => {
    if (aliases.indexOf(alias) !== i)
      errors.push(
        source.errorAt(
          ['schemas', i - 1, 'enable_schema', 'url_mapping_pattern'],
          `duplicate alias "${alias}"`,
        ),
      );
  });
  if (errors.length > 0) throw new InputErrors(errors);
  return model;
}

function build(
  raw: RawConfig,
  source: SourceDocument,
  errors: InputError[],
  at: (string | number)[],
  sharedUsers?: Map<string, User>,
): SimModel {
  const fail = (path: (string | number)[], message: string) =>
    errors.push(source.errorAt([...at, ...path], message));
  const roles = new Set(raw.create_role ?? []);
  const checkRole = (role: string, path: (string | number)[]) => {
    if (!roles.has(role))
      fail(path, `unknown role "${role}"${didYouMean(role, [...roles])}; declare it under create_role`);
  };

  const modules: Module[] = [];
  (raw.define_module ?? []).forEach((m, i) => {
    if (modules.some((o) => o.name === m.module_name))
      fail(['define_module', i, 'module_name'], `duplicate module "${m.module_name}"`);
    if (modules.some((o) => o.basePath === m.base_path))
      fail(['define_module', i, 'base_path'], `duplicate base_path "${m.base_path}"`);
    const templates: Template[] = (m.templates ?? []).map((t, j) => {
      const handlers = new Map<string, Handler>();
      (t.handlers ?? []).forEach((h, k) => {
        if (handlers.has(h.method))
          fail(
            ['define_module', i, 'templates', j, 'handlers', k, 'method'],
            `duplicate ${h.method} handler`,
          );
        handlers.set(h.method, {
          method: h.method,
          status: h.status ?? 200,
          headers: h.headers ?? {},
          body: h.body ?? null,
        });
      });
      return { pattern: t.pattern, segments: t.pattern.split('/').filter((s) => s !== ''), handlers };
    });
    modules.push({ name: m.module_name, basePath: m.base_path, templates });
  });

  const privileges: Privilege[] = [];
  (raw.create_privilege ?? []).forEach((p, i) => {
    if (privileges.some((o) => o.name === p.name))
      fail(['create_privilege', i, 'name'], `duplicate privilege "${p.name}"`);
    p.roles.forEach((r, k) => checkRole(r, ['create_privilege', i, 'roles', k]));
    const patterns = [...(p.patterns ?? [])];
    (p.modules ?? []).forEach((name, k) => {
      const module = modules.find((m) => m.name === name);
      if (!module)
        fail(
          ['create_privilege', i, 'modules', k],
          `unknown module "${name}"${didYouMean(
            name,
            modules.map((m) => m.name),
          )}`,
        );
      else patterns.push(`${module.basePath}*`);
    });
    privileges.push({ name: p.name, roles: new Set(p.roles), patterns });
  });
  (raw.create_privilege_mapping ?? []).forEach((m, i) => {
    const privilege = privileges.find((p) => p.name === m.privilege_name);
    if (!privilege) {
      const names = privileges.map((p) => p.name);
      fail(
        ['create_privilege_mapping', i, 'privilege_name'],
        `unknown privilege "${m.privilege_name}"${didYouMean(m.privilege_name, names)}`,
      );
    } else privilege.patterns.push(...m.patterns);
  });

  const clients = new Map<string, Client>();
  const clientsByName = new Map<string, Client>();
  (raw.create_client ?? []).forEach((c, i) => {
    if (clientsByName.has(c.name)) fail(['create_client', i, 'name'], `duplicate client "${c.name}"`);
    if (clients.has(c.client_id))
      fail(['create_client', i, 'client_id'], `duplicate client_id "${c.client_id}"`);
    const client: Client = {
      name: c.name,
      clientId: c.client_id,
      clientSecret: c.client_secret,
      grantType: c.grant_type,
      roles: new Set(),
      tokenDuration: c.token_duration,
      earlyExpiry: c.early_expiry,
      allowSecretInBody: c.token_endpoint_auth_method === 'client_secret_post',
      redirectUri: c.redirect_uri,
      privilegeNames: c.privilege_names ?? [],
      description: c.description,
      codeDuration: c.code_duration,
      refreshDuration: c.refresh_duration,
    };
    if (c.grant_type !== 'client_credentials' && !c.redirect_uri)
      fail(['create_client', i], `a ${c.grant_type} client needs redirect_uri`);
    (c.privilege_names ?? []).forEach((name, k) => {
      if (!privileges.some((p) => p.name === name))
        fail(
          ['create_client', i, 'privilege_names', k],
          `unknown privilege "${name}"${didYouMean(
            name,
            privileges.map((p) => p.name),
          )}`,
        );
    });
    clients.set(c.client_id, client);
    clientsByName.set(c.name, client);
  });
  (raw.grant_client_role ?? []).forEach((g, i) => {
    const client = clientsByName.get(g.client_name);
    if (!client)
      fail(
        ['grant_client_role', i, 'client_name'],
        `unknown client "${g.client_name}"${didYouMean(g.client_name, [...clientsByName.keys()])}`,
      );
    checkRole(g.role_name, ['grant_client_role', i, 'role_name']);
    client?.roles.add(g.role_name);
  });

  const users = new Map<string, User>(sharedUsers);
  (raw.config_user_add ?? []).forEach((u, i) => {
    if (users.has(u.user)) fail(['config_user_add', i, 'user'], `duplicate user "${u.user}"`);
    (u.roles ?? []).forEach((r, k) => checkRole(r, ['config_user_add', i, 'roles', k]));
    users.set(u.user, { name: u.user, password: u.password, roles: new Set(u.roles ?? []) });
  });

  const s = raw.settings ?? {};
  const x = raw.exposures;
  return {
    alias: raw.enable_schema.url_mapping_pattern,
    settings: {
      tokenLifetime: s.token_lifetime ?? 3600,
      earlyExpiry: s.early_expiry ?? 0,
      errorFormat: s.error_format ?? 'auto',
      tokenErrorStyle: s.token_error_style ?? 'ords-problem',
      problemTitle: s.problem_title ?? false,
      latencyMs: s.latency_ms ?? 0,
    },
    modules,
    privileges,
    clients,
    users,
    exposures: x && {
      anonymousMetadataCatalog: x.anonymous_metadata_catalog ?? false,
      restEnabledSql: x.rest_enabled_sql ?? false,
      tokenGet: x.token_get ?? false,
      tokenCacheable: x.token_cacheable ?? false,
      crossAliasTokens: x.cross_alias,
      stackTraces: x.stack_traces ?? false,
    },
  };
}
