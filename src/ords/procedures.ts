/**
 * The ORDS procedures a security script may call, one row each: the packages that
 * declare it, its parameters in declaration order (what positional arguments bind
 * to) and those it takes by name only. Packages are matched case-insensitively;
 * the *_ADMIN variants take `p_schema` first.
 */
import type { Call } from './call-syntax.js';

type Family = 'ords' | 'oauth' | 'ords_security';

interface ProcedureSpec {
  /** The packages that declare it. */
  in: readonly Family[];
  /** Parameters in declaration order; absent where ORDS documents no stable order (named only). */
  params?: readonly string[];
  /** Named-only parameters (overloads and newer releases). */
  named?: readonly string[];
}

/** OAUTH.CREATE_CLIENT's parameters; the ORDS_SECURITY client procedures take them by name. */
const CLIENT_PARAMS = [
  'p_name',
  'p_grant_type',
  'p_owner',
  'p_description',
  'p_origins_allowed',
  'p_redirect_uri',
  'p_support_email',
  'p_support_uri',
  'p_privilege_names',
  'p_token_duration',
  'p_refresh_duration',
  'p_code_duration',
  'p_token_endpoint_auth_method',
];

const PROCEDURES = {
  enable_schema: {
    in: ['ords'],
    params: ['p_enabled', 'p_schema', 'p_url_mapping_type', 'p_url_mapping_pattern', 'p_auto_rest_auth'],
  },
  define_module: {
    in: ['ords'],
    params: ['p_module_name', 'p_base_path', 'p_items_per_page', 'p_status', 'p_comments'],
  },
  publish_module: { in: ['ords'], params: ['p_module_name', 'p_status'] },
  define_template: {
    in: ['ords'],
    params: ['p_module_name', 'p_pattern', 'p_priority', 'p_etag_type', 'p_etag_query', 'p_comments'],
  },
  define_handler: {
    in: ['ords'],
    params: [
      'p_module_name',
      'p_pattern',
      'p_method',
      'p_source_type',
      'p_source',
      'p_items_per_page',
      'p_mimes_allowed',
      'p_comments',
    ],
  },
  define_parameter: {
    in: ['ords'],
    params: [
      'p_module_name',
      'p_pattern',
      'p_method',
      'p_name',
      'p_bind_variable_name',
      'p_source_type',
      'p_param_type',
      'p_access_method',
      'p_comments',
    ],
  },
  define_service: {
    in: ['ords'],
    params: [
      'p_module_name',
      'p_base_path',
      'p_pattern',
      'p_method',
      'p_source_type',
      'p_source',
      'p_items_per_page',
      'p_status',
      'p_etag_type',
      'p_etag_query',
      'p_mimes_allowed',
      'p_module_comments',
      'p_template_comments',
      'p_handler_comments',
    ],
  },
  delete_module: { in: ['ords'], params: ['p_module_name'] },
  create_role: { in: ['ords'], params: ['p_role_name'] },
  delete_role: { in: ['ords'], params: ['p_role_name'] },
  create_privilege: {
    in: ['ords'],
    params: ['p_name', 'p_role_name', 'p_label', 'p_description'],
    named: ['p_roles', 'p_patterns', 'p_modules', 'p_comments'],
  },
  define_privilege: {
    in: ['ords'],
    params: [
      'p_privilege_name',
      'p_roles',
      'p_patterns',
      'p_modules',
      'p_label',
      'p_description',
      'p_comments',
    ],
  },
  delete_privilege: { in: ['ords'], params: ['p_name'] },
  create_privilege_mapping: {
    in: ['ords'],
    params: ['p_privilege_name', 'p_pattern'],
    named: ['p_patterns'],
  },
  delete_privilege_mapping: {
    in: ['ords'],
    params: ['p_privilege_name', 'p_pattern'],
    named: ['p_patterns'],
  },
  set_module_privilege: { in: ['ords'], params: ['p_module_name', 'p_privilege_name'] },
  create_client: { in: ['oauth'], params: CLIENT_PARAMS, named: ['p_allowed_origins'] },
  register_client: { in: ['ords_security'], named: [...CLIENT_PARAMS, 'p_client_secret'] },
  import_client: { in: ['ords_security'], named: [...CLIENT_PARAMS, 'p_client_id', 'p_client_secret'] },
  grant_client_role: { in: ['oauth', 'ords_security'], params: ['p_client_name', 'p_role_name'] },
  revoke_client_role: { in: ['oauth', 'ords_security'], params: ['p_client_name', 'p_role_name'] },
  delete_client: { in: ['oauth', 'ords_security'], params: ['p_name'] },
} satisfies Record<string, ProcedureSpec>;

export type ProcedureName = keyof typeof PROCEDURES;
const SPECS: Readonly<Record<ProcedureName, ProcedureSpec>> = PROCEDURES;

/** Other names a parameter goes by in some releases. */
const ALIASES: Record<string, string> = { p_allowed_origins: 'p_origins_allowed' };

export interface Resolved {
  procedure: ProcedureName;
  /** How the script spelled it, for messages: ORDS_ADMIN.DEFINE_MODULE. */
  display: string;
  /** Parameter order for positional arguments, p_schema first for *_ADMIN; undefined: named only. */
  params: string[] | undefined;
  /** Every parameter name the procedure knows. */
  known: Set<string>;
}

const PACKAGES: Record<string, { family: Family; admin: boolean }> = {
  ords: { family: 'ords', admin: false },
  ords_admin: { family: 'ords', admin: true },
  oauth: { family: 'oauth', admin: false },
  oauth_admin: { family: 'oauth', admin: true },
  ords_security: { family: 'ords_security', admin: false },
  ords_security_admin: { family: 'ords_security', admin: true },
};

/** The procedure a call names, or undefined when it is none of ORDS's security procedures. */
export function resolveProcedure(call: Call): Resolved | undefined {
  const parts = call.name[0] === 'ords_metadata' ? call.name.slice(1) : call.name;
  if (parts.length !== 2) return undefined;
  const pkg = Object.hasOwn(PACKAGES, parts[0]!) ? PACKAGES[parts[0]!] : undefined;
  const procedure = parts[1] as ProcedureName;
  if (!pkg || !Object.hasOwn(SPECS, procedure)) return undefined;
  const spec = SPECS[procedure];
  if (!spec.in.includes(pkg.family)) return undefined;
  const base = spec.params && [...spec.params];
  // ENABLE_SCHEMA already names the schema; the other *_ADMIN procedures put it first.
  const params = base && pkg.admin && procedure !== 'enable_schema' ? ['p_schema', ...base] : base;
  const known = new Set([...(params ?? []), ...(spec.named ?? []), 'p_schema']);
  return { procedure, display: call.name.join('.').toUpperCase(), params, known };
}

export function canonicalParam(name: string): string {
  return ALIASES[name] ?? name;
}
