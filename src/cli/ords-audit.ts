/**
 * gatecheck ords audit <baseUrl> [-e env.yaml] [--script security.sql] [--alias a]
 *     [--other-alias b] [--path /protected/path] [-r cli,json,junit,html]
 * Exit 0: nothing exposed; 1: an exposure found or a request failed; 2: bad input.
 */
import { HttpClient } from '../http/client.js';
import { SecretSet } from '../mask/secrets.js';
import { runAudit } from '../ords/audit.js';
import { formatWarning, loadSecurity, type LoadedSecurity } from '../ords/load.js';
import { SAMPLE_PARAM } from '../ords/matrix.js';
import { loadEnvironmentFile } from '../plan/environment.js';
import { runVerdict } from '../model/verdict.js';
import { createCliReporter, renderVerdict } from '../report/cli.js';
import { useColor } from '../report/format.js';
import { protectingPrivilege } from '../sim/access.js';
import { InputError } from '../source/errors.js';
import { intFlag, parseCommandArgs } from './args.js';
import { REPORTER_OPTIONS, selectReporters, writeReports } from './reporting.js';

export const ORDS_HELP = `Usage: gatecheck ords audit <baseUrl> [options]

The exposure checks of an ORDS security review, against a running server:
anonymous metadata-catalog/ and open-api-catalog/, REST-enabled SQL at
/ords/<alias>/_/sql, OAuth clients or privileges holding the "SQL Developer" role
(from --script), token endpoint hygiene (GET refused, Cache-Control: no-store, a
token of one alias refused by another) and stack traces in error bodies.

Options:
  -e, --environment <file>   alias and client credentials (ORDS_CLIENT_ID/ORDS_CLIENT_SECRET,
                             or the client_<name>_id/_secret pairs gatecheck matrix writes)
      --script <file|dir>    the ORDS security script (or simulator config) behind the server
      --alias <alias>        the schema alias (default: the environment's "alias", or the script's)
      --other-alias <alias>  a second alias on the server: a token of --alias must not open it
      --path <path>          a protected path under the alias for that check (default: from --script)
      --timeout <ms>         per request (default 10000)
  -k, --insecure             do not verify TLS certificates
  -r, --reporters <list>     cli, json, junit, html (default cli)
      --no-color
`;

export async function ordsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(ORDS_HELP);
    return sub ? 0 : 2;
  }
  if (sub !== 'audit')
    throw new InputError(`unknown subcommand "ords ${sub}"; try "gatecheck ords audit <baseUrl>"`);
  const { values, positionals } = parseCommandArgs(
    'ords audit',
    rest,
    {
      ...REPORTER_OPTIONS,
      environment: { type: 'string', short: 'e' },
      script: { type: 'string' },
      alias: { type: 'string' },
      'other-alias': { type: 'string' },
      path: { type: 'string' },
      timeout: { type: 'string' },
      insecure: { type: 'boolean', short: 'k' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(ORDS_HELP);
    return 0;
  }
  const baseUrl = positionals[0];
  if (positionals.length !== 1 || !baseUrl || !/^https?:\/\/[^/]/.test(baseUrl))
    throw new InputError('name the server: gatecheck ords audit http://host:port');
  const reporters = selectReporters(values, 'cli');
  const timeoutMs = intFlag('--timeout', values.timeout, 1, 3_600_000) ?? 10_000;
  const env = values.environment ? loadEnvironmentFile(values.environment) : undefined;
  let security: LoadedSecurity | undefined;
  if (values.script) {
    security = loadSecurity(values.script);
    for (const w of security.warnings) process.stderr.write(formatWarning(w));
  }
  const vars = env?.variables ?? {};
  const alias = values.alias ?? vars.alias ?? security?.model.alias;
  if (!alias)
    throw new InputError('which schema alias? give --alias, or an environment with "alias"', {
      flag: '--alias',
    });

  const secrets = new SecretSet();
  for (const name of env?.secrets ?? []) secrets.add(vars[name]);
  const http = new HttpClient({ insecure: values.insecure });
  const mask = (text: string) => secrets.mask(text);
  try {
    const result = await runAudit(
      {
        baseUrl,
        alias,
        client: clientFrom(vars, security),
        otherAlias: values['other-alias'],
        protectedPath: values.path ?? protectedPathOf(security),
        security,
        timeoutMs,
      },
      http,
      secrets,
    );
    const color = useColor(process.stdout, values['no-color'] === true);
    const verdict = runVerdict([result]);
    if (reporters.cli) {
      const cli = createCliReporter({ write: (text) => process.stdout.write(mask(text)), color, baseUrl });
      cli({
        type: 'run-start',
        collection: result.collection,
        startedAt: result.startedAt,
        scenarios: result.scenarios.length,
      });
      for (const s of result.scenarios) cli({ type: 'scenario-end', result: s });
      cli({ type: 'run-end', result });
      // The same last line and verdict as `gatecheck run`.
      process.stdout.write(mask(renderVerdict(verdict, result.durationMs, color)));
    }
    // The terminal folds skipped scenarios into a count; say why each was not checked.
    for (const s of result.scenarios.filter((x) => x.outcome === 'skipped'))
      process.stderr.write(`gatecheck: ${s.name}\n`);
    const reportsOk = await writeReports([result], reporters.files, mask, (t) =>
      process.stderr.write(mask(`gatecheck: ${t}\n`)),
    );
    return verdict.exitCode === 0 && reportsOk ? 0 : 1;
  } finally {
    await http.close();
  }
}

/** The environment's client (ORDS_CLIENT_*, else the first client_<name>_id/_secret pair), else the script's first client. */
function clientFrom(
  vars: Record<string, string>,
  security?: LoadedSecurity,
): { id: string; secret: string } | undefined {
  if (vars.ORDS_CLIENT_ID && vars.ORDS_CLIENT_SECRET)
    return { id: vars.ORDS_CLIENT_ID, secret: vars.ORDS_CLIENT_SECRET };
  for (const [name, id] of Object.entries(vars)) {
    const m = /^(client_\w+)_id$/.exec(name);
    const secret = m ? vars[`${m[1]}_secret`] : undefined;
    if (secret) return { id, secret };
  }
  const first = security ? [...security.model.clients.values()][0] : undefined;
  return first && { id: first.clientId, secret: first.clientSecret };
}

/** The first GET endpoint a privilege protects, path parameters filled. */
function protectedPathOf(security?: LoadedSecurity): string | undefined {
  for (const m of security?.model.modules ?? []) {
    for (const t of m.templates) {
      if (!t.handlers.has('GET')) continue;
      const path = `${m.basePath}${t.segments.map((s) => (s.startsWith(':') ? SAMPLE_PARAM : s)).join('/')}`;
      if (protectingPrivilege(security!.model.privileges, path)) return path;
    }
  }
  return undefined;
}
