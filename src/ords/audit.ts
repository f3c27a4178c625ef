/**
 * The exposure checks an ORDS security reviewer runs against a server, as a run
 * result every reporter renders (one scenario per check, one step per request):
 *   ✓ metadata-catalog/ refuses anonymous callers      GET /ords/hr/metadata-catalog/ → 401
 *   ✗ REST-enabled SQL is off                           POST /ords/hr/_/sql → 401 (it answers)
 * A failed check is an exposure found; a request that could not be made is an error.
 * The checks are the table in audit-checks.ts; audit-session.ts sends and records.
 */
import type { HttpClient } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { RunResult } from '../model/result.js';
import { AUDIT_CHECKS, type AuditContext } from './audit-checks.js';
import { AuditSession } from './audit-session.js';
import type { LoadedSecurity } from './load.js';

export interface AuditOptions {
  baseUrl: string;
  alias: string;
  client?: { id: string; secret: string };
  /** A second alias on the same server: a token of `alias` must not open it. */
  otherAlias?: string;
  /** A protected path (relative to the alias) to try a token on under the other alias. */
  protectedPath?: string;
  /** The security script or config, for what only it can tell (roles granted). */
  security?: LoadedSecurity;
  timeoutMs: number;
}

export async function runAudit(
  options: AuditOptions,
  http: HttpClient,
  secrets: SecretSet,
): Promise<RunResult> {
  const root = options.baseUrl.replace(/\/+$/, '');
  const session = new AuditSession(http, root, options.alias, options.timeoutMs);
  const { client } = options;
  if (client) {
    secrets.add(client.secret);
    secrets.addBasic(client.id, client.secret);
  }
  const ctx: AuditContext = {
    session,
    secrets,
    security: options.security,
    basic: client
      ? { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}` }
      : undefined,
    otherAlias: options.otherAlias,
    protectedPath: options.protectedPath,
  };
  for (const check of AUDIT_CHECKS) {
    const why = check.unavailable?.(ctx);
    if (why !== undefined) session.skip(check.name, why);
    else await check.run(ctx, check.name);
  }
  return session.result();
}
