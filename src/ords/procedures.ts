/**
 * The ORDS procedures a security script may call, one row each: its parameters
 * in declaration order (what positional arguments bind to). Packages are
 * matched case-insensitively; the *_ADMIN variants take `p_schema` first.
 */
import type { Call } from './reader.js';

export type ProcedureName =
  | 'enable_schema'
  | 'define_module'
  | 'publish_module'
  | 'define_template'
  | 'define_handler'
  | 'define_parameter'
  | 'define_service'
  | 'delete_module'
  | 'create_role'
  | 'delete_role'
  | 'create_privilege'
  | 'define_privilege'
  | 'delete_privilege'
  | 'create_privilege_mapping'
  | 'delete_privilege_mapping'
  | 'set_module_privilege'
  | 'create_client'
  | 'register_client'
  | 'import_client'
  | 'grant_client_role'
  | 'revoke_client_role'
  | 'delete_client';

type Family = 'ords' | 'oauth' | 'ords_security';

/** Parameters in declaration order; `undefined` where ORDS documents no stable order (named only). */
const PARAMS: Record<Family, Partial<Record<ProcedureName, string[] | undefined>>> = {
  ords: {
    enable_schema: [
      'p_enabled',
      'p_schema',
      'p_url_mapping_type',
      'p_url_mapping_pattern',
      'p_auto_rest_auth',
    ],
    define_module: ['p_module_name', 'p_base_path', 'p_items_per_page', 'p_status', 'p_comments'],
    publish_module: ['p_module_name', 'p_status'],
    define_template: [
      'p_module_name',
      'p_pattern',
      'p_priority',
      'p_etag_type',
      'p_etag_query',
      'p_comments',
    ],
    define_handler: [
      'p_module_name',
      'p_pattern',
      'p_method',
      'p_source_type',
      'p_source',
      'p_items_per_page',
      'p_mimes_allowed',
      'p_comments',
    ],
    define_parameter: [
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
    define_service: [
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
    delete_module: ['p_module_name'],
    create_role: ['p_role_name'],
    delete_role: ['p_role_name'],
    create_privilege: ['p_name', 'p_role_name', 'p_label', 'p_description'],
    define_privilege: [
      'p_privilege_name',
      'p_roles',
      'p_patterns',
      'p_modules',
      'p_label',
      'p_description',
      'p_comments',
    ],
    delete_privilege: ['p_name'],
    create_privilege_mapping: ['p_privilege_name', 'p_pattern'],
    delete_privilege_mapping: ['p_privilege_name', 'p_pattern'],
    set_module_privilege: ['p_module_name', 'p_privilege_name'],
  },
  oauth: {
    create_client: [
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
    ],
    grant_client_role: ['p_client_name', 'p_role_name'],
    revoke_client_role: ['p_client_name', 'p_role_name'],
    delete_client: ['p_name'],
  },
  ords_security: {
    register_client: undefined,
    import_client: undefined,
    grant_client_role: ['p_client_name', 'p_role_name'],
    revoke_client_role: ['p_client_name', 'p_role_name'],
    delete_client: ['p_name'],
  },
};

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
  const pkg = PACKAGES[parts[0]!];
  if (!pkg) return undefined;
  const procedure = parts[1] as ProcedureName;
  const table = PARAMS[pkg.family];
  if (!(procedure in table)) return undefined;
  const base = table[procedure];
  // ENABLE_SCHEMA already names the schema; the other *_ADMIN procedures put it first.
  const params = base && pkg.admin && procedure !== 'enable_schema' ? ['p_schema', ...base] : base;
  const known = new Set([...(params ?? []), ...EXTRA_NAMED[procedure], 'p_schema']);
  return { procedure, display: call.name.join('.').toUpperCase(), params, known };
}

/** Named-only parameters (overloads and newer releases). */
const EXTRA_NAMED: Record<ProcedureName, string[]> = {
  enable_schema: [],
  define_module: [],
  publish_module: [],
  define_template: [],
  define_handler: [],
  define_parameter: [],
  define_service: [],
  delete_module: [],
  create_role: [],
  delete_role: [],
  create_privilege: ['p_roles', 'p_patterns', 'p_modules', 'p_comments'],
  define_privilege: [],
  delete_privilege: [],
  create_privilege_mapping: ['p_patterns'],
  delete_privilege_mapping: ['p_patterns'],
  set_module_privilege: [],
  create_client: ['p_allowed_origins'],
  register_client: [
    'p_name',
    'p_grant_type',
    'p_owner',
    'p_description',
    'p_origins_allowed',
    'p_redirect_uri',
    'p_support_email',
    'p_support_uri',
    'p_privilege_names',
    'p_client_secret',
    'p_token_duration',
    'p_refresh_duration',
    'p_code_duration',
    'p_token_endpoint_auth_method',
  ],
  import_client: [
    'p_name',
    'p_grant_type',
    'p_owner',
    'p_description',
    'p_origins_allowed',
    'p_redirect_uri',
    'p_support_email',
    'p_support_uri',
    'p_privilege_names',
    'p_client_id',
    'p_client_secret',
    'p_token_duration',
    'p_refresh_duration',
    'p_code_duration',
    'p_token_endpoint_auth_method',
  ],
  grant_client_role: [],
  revoke_client_role: [],
  delete_client: [],
};

export function canonicalParam(name: string): string {
  return ALIASES[name] ?? name;
}
