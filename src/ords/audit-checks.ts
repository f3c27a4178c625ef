/**
 * The checks of an ORDS audit, in the order they run, one row each: its name,
 * why it cannot run with the options given (then it is reported as not checked),
 * and how it runs. A check that needs another's outcome (the token) reads it from
 * the shared context.
 */
import type { HttpResponse } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { CheckResult } from '../model/result.js';
import type { AuditSession } from './audit-session.js';
import type { LoadedSecurity } from './load.js';

export interface AuditContext {
  session: AuditSession;
  secrets: SecretSet;
  /** The security script or config, for what only it can tell (roles granted). */
  security?: LoadedSecurity;
  /** Basic credentials of the client whose tokens are checked, when one was given. */
  basic?: { authorization: string };
  otherAlias?: string;
  protectedPath?: string;
  /** The token the client got, once the token check has run. */
  token?: string;
}

export interface AuditCheck {
  name: string;
  /** Why this check cannot run here, or undefined when it can. */
  unavailable?: (ctx: AuditContext) => string | undefined;
  /** Runs the check under its name (which it may refine). */
  run: (ctx: AuditContext, name: string) => Promise<unknown> | void;
}

const NO_CLIENT = 'no client credentials in the environment';
const needsClient = (ctx: AuditContext) => (ctx.basic ? undefined : NO_CLIENT);

/** Stack trace markers: Java frames, exception class names, ORDS's debug fields. */
const STACK_TRACE =
  /"stackTrace"|"diagnosticTrace"|\bat [a-z][\w$]*(\.[\w$]+)+\([\w$]+\.java:\d+\)|\b[a-z]+(\.[a-z]+)+\.[A-Z]\w*Exception\b/;

export const AUDIT_CHECKS: AuditCheck[] = [
  {
    name: 'metadata-catalog/ refuses anonymous callers (p_auto_rest_auth)',
    run: ({ session }, name) =>
      session.check(name, [{ method: 'GET', path: '/metadata-catalog/' }], ([r]) => [
        refusedCheck(
          r!,
          'the schema metadata is open to anyone: ORDS.ENABLE_SCHEMA(p_auto_rest_auth => TRUE) closes it',
        ),
      ]),
  },
  {
    // Listing modules anonymously is what `gatecheck probe` relies on, so it is reported, not failed.
    name: 'open-api-catalog/ as seen by anonymous callers',
    run: async ({ session }, name) => {
      let listed: number | undefined;
      const catalog = await session.check(name, [{ method: 'GET', path: '/open-api-catalog/' }], ([r]) => {
        if (r!.status === 200) listed = countItems(r!.body);
        return [
          {
            check: 'anonymous open-api-catalog',
            expected: 'refused, or a deliberate public catalog',
            actual: r!.status,
            passed: true,
          },
        ];
      });
      if (catalog.outcome === 'passed' && listed !== undefined)
        catalog.name = `open-api-catalog/ answers anonymous callers, listing ${listed} module(s) (reported, not failed)`;
    },
  },
  {
    name: 'REST-enabled SQL is off',
    run: ({ session }, name) =>
      session.check(
        name,
        [
          {
            method: 'POST',
            path: '/_/sql',
            headers: { 'content-type': 'application/sql' },
            body: 'select 1 from dual',
          },
        ],
        ([r]) => [
          {
            check: 'REST-enabled SQL',
            expected: 404,
            actual: r!.status,
            passed: r!.status === 404,
            message:
              r!.status === 404
                ? undefined
                : `/_/sql answers (${r!.status}): REST-enabled SQL is on for this alias`,
          },
        ],
      ),
  },
  {
    name: 'no OAuth client or privilege holds the SQL Developer role',
    unavailable: (ctx) => (ctx.security ? undefined : 'give --script'),
    run: ({ session, security }, name) => {
      const holders = sqlDeveloperHolders(security!);
      session.record(name, 'roles granted in the security script', [
        {
          check: 'SQL Developer role',
          expected: [],
          actual: holders,
          passed: holders.length === 0,
          message: holders.length
            ? `${holders.join(', ')}: "SQL Developer" is the role ORDS gives authenticated database users; granting it opens what they may call`
            : undefined,
        },
      ]);
    },
  },
  {
    name: 'token endpoint refuses GET',
    unavailable: needsClient,
    run: ({ session, secrets, basic }, name) =>
      session.check(
        name,
        [{ method: 'GET', path: '/oauth/token?grant_type=client_credentials', headers: basic }],
        ([r]) => {
          const issued = accessToken(r!.body);
          if (issued) secrets.add(issued); // the report keeps the body of a failed check: mask the token
          return [
            {
              check: 'token on GET',
              expected: 'refused',
              actual: r!.status,
              passed: !(r!.status === 200 && /access_token/.test(r!.body)),
              message:
                r!.status === 200
                  ? 'a GET issued a token: credentials in URLs end up in logs and caches'
                  : undefined,
            },
          ];
        },
        'client',
      ),
  },
  {
    name: 'token responses carry Cache-Control: no-store',
    unavailable: needsClient,
    run: (ctx, name) =>
      ctx.session.check(
        name,
        [
          {
            method: 'POST',
            path: '/oauth/token',
            headers: { ...ctx.basic, 'content-type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=client_credentials',
          },
        ],
        ([r]) => {
          ctx.token = accessToken(r!.body);
          if (ctx.token) ctx.secrets.add(ctx.token);
          if (r!.status !== 200 || !ctx.token)
            return [
              {
                check: 'token',
                expected: 200,
                actual: r!.status,
                passed: false,
                message: 'the client could not get a token; check its credentials',
              },
            ];
          const cache = r!.headers['cache-control'] ?? '';
          const noStore = /\bno-store\b/i.test(cache);
          return [
            {
              check: 'Cache-Control',
              expected: 'no-store',
              actual: cache || '(none)',
              passed: noStore,
              message: noStore ? undefined : 'RFC 6749 §5.1: a token response must not be cached',
            },
          ];
        },
        'client',
      ),
  },
  {
    name: 'a token of one alias is refused by another',
    unavailable: (ctx) =>
      needsClient(ctx) ??
      (!ctx.otherAlias || !ctx.protectedPath
        ? 'give --other-alias and --path (or --script)'
        : !ctx.token
          ? 'no token'
          : undefined),
    run: ({ session, token, otherAlias, protectedPath }) =>
      session.check(
        `a token of "${session.alias}" is refused by "${otherAlias}"`,
        [
          {
            method: 'GET',
            path: protectedPath!,
            headers: { authorization: `Bearer ${token}` },
            alias: otherAlias,
          },
        ],
        ([r]) => [
          {
            check: 'cross-alias token',
            expected: 'refused (401 or 404)',
            actual: r!.status,
            passed: r!.status >= 400,
            message:
              r!.status < 400
                ? `a token issued for /ords/${session.alias}/ opened /ords/${otherAlias}${protectedPath}`
                : undefined,
          },
        ],
        'client',
      ),
  },
  {
    name: 'error bodies carry no stack trace',
    run: ({ session }, name) =>
      session.check(
        name,
        [
          { method: 'GET', path: '/gatecheck-audit-no-such-resource/' },
          {
            method: 'POST',
            path: '/oauth/token',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=nonsense',
          },
        ],
        (responses) =>
          responses.map((r, i) => ({
            check: i === 0 ? 'stack trace in a 404 body' : 'stack trace in a token error body',
            expected: 'none',
            actual: STACK_TRACE.test(r.body) ? 'stack trace' : 'none',
            passed: !STACK_TRACE.test(r.body),
            message: STACK_TRACE.test(r.body)
              ? 'debug output reaches callers (debug.printDebugToScreen)'
              : undefined,
          })),
      ),
  },
];

function refusedCheck(r: HttpResponse, exposure: string): CheckResult {
  const refused = r.status === 401 || r.status === 403 || r.status === 404;
  return {
    check: 'anonymous access',
    expected: 'refused (401)',
    actual: r.status,
    passed: refused,
    message: refused ? undefined : exposure,
  };
}

function countItems(body: string): number {
  try {
    const items = (JSON.parse(body) as { items?: unknown[] }).items;
    return Array.isArray(items) ? items.length : 0;
  } catch {
    return 0;
  }
}

function accessToken(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { access_token?: unknown }).access_token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** `client "x"` and `privilege "y"` entries that grant the built-in SQL Developer role. */
function sqlDeveloperHolders(security: LoadedSecurity): string[] {
  const role = 'SQL Developer';
  return [
    ...security.grantedRoles.filter((g) => g.role === role).map((g) => `client "${g.client}"`),
    ...security.model.privileges.filter((p) => p.roles.has(role)).map((p) => `privilege "${p.name}"`),
  ];
}
