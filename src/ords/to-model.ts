/**
 * Applies the calls of ORDS security scripts, in order, to build the simulator's
 * model: what ORDS would hold after running them. Names are matched as ORDS
 * matches them (modules, privileges, clients case-sensitively as stored; the
 * PL/SQL names case-insensitively). A call that names something undefined is an
 * input error at its position; a procedure gatecheck does not model is a warning.
 * Each ORDS concept applies its own procedures: apply-modules.ts,
 * apply-privileges.ts and apply-clients.ts.
 */
import { InputError } from '../source/errors.js';
import type { Exposures, SimModel, User } from '../sim/model.js';
import { NO_EXPOSURES } from '../sim/model.js';
import { clientsOf, CLIENT_CALLS } from './apply-clients.js';
import { modulesOf, MODULE_CALLS } from './apply-modules.js';
import { privilegesOf, PRIVILEGE_CALLS } from './apply-privileges.js';
import { CallArgs } from './call-args.js';
import { Draft, type ApplyCall } from './draft.js';
import { resolveProcedure, type ProcedureName } from './procedures.js';
import type { Call } from './call-syntax.js';
import { readScript, type Warning } from './reader.js';

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

/** Every procedure the table in procedures.ts names, applied by exactly one concept. */
const APPLY: Record<ProcedureName, ApplyCall> = { ...MODULE_CALLS, ...PRIVILEGE_CALLS, ...CLIENT_CALLS };

export function modelFromScripts(files: ScriptFile[], users: User[] = []): ScriptModel {
  const draft = new Draft();
  for (const f of files) {
    const read = readScript(f.file, f.text);
    draft.warnings.push(...read.warnings);
    for (const call of read.calls) apply(draft, call);
  }
  return finish(draft, users);
}

function apply(draft: Draft, call: Call): void {
  const proc = resolveProcedure(call);
  if (!proc) {
    draft.warn(
      call,
      `${call.name.join('.').toUpperCase()} is not an ORDS security procedure gatecheck models; skipped`,
    );
    return;
  }
  APPLY[proc.procedure](draft, new CallArgs(call, proc, draft.warnings));
}

function finish(draft: Draft, users: User[]): ScriptModel {
  const first = draft.aliases[0];
  if (!first)
    throw new InputError('no ORDS.ENABLE_SCHEMA call: the schema alias (p_url_mapping_pattern) is unknown');
  for (const other of draft.aliases.slice(1)) {
    draft.warn(
      other.call,
      `a second schema alias "${other.alias}": the simulator serves one alias, "${first.alias}"; everything the scripts define is served under it`,
    );
  }
  const { clients, demoCredentials, grantedRoles } = clientsOf(draft, first.alias);
  const exposures: Exposures = { ...NO_EXPOSURES, anonymousMetadataCatalog: !draft.autoRestAuth };
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
      modules: modulesOf(draft),
      privileges: privilegesOf(draft),
      clients,
      users: new Map(users.map((u) => [u.name, u])),
      exposures,
    },
    warnings: draft.warnings,
    demoCredentials,
    grantedRoles,
  };
}
