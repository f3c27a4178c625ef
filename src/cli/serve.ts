/**
 * gatecheck serve [--config sim.yaml] [--port N] [--host 127.0.0.1]
 * Prints the base URL as the first line of standard output once it accepts
 * connections; stops on SIGINT or SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { matrixEnvironment } from '../ords/callers.js';
import { formatWarning, loadSecurity, loadUsers } from '../ords/load.js';
import { loadDefaultSimConfig } from '../sim/config.js';
import { startSimulator, type SimRequestRecord } from '../sim/server.js';
import { intFlag, parseCommandArgs } from './args.js';

export const SERVE_HELP = `Usage: gatecheck serve [options]

Starts the ORDS security simulator (see README, "The ORDS simulator").

Options:
  -c, --config <file>       simulator config (default: the built-in environments/ords-simulator.yaml),
                            or an ORDS security script (.sql) or a directory of them
      --users <file>        first-party users (config_user_add: [{ user, password, roles }])
      --environment-out <f> write an environment with the URL, alias and every caller's credentials
  -p, --port <n>            port to listen on; 0 picks a free one (default 8787)
      --host <addr>         address to listen on (default 127.0.0.1)
      --token-lifetime <s>  server-wide token lifetime in seconds (settings.token_lifetime)
      --early-expiry <s>    tokens die after s seconds while expires_in still says the lifetime
      --log                 print one line per request to standard error
`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('serve', argv, {
    config: { type: 'string', short: 'c' },
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'token-lifetime': { type: 'string' },
    'early-expiry': { type: 'string' },
    log: { type: 'boolean' },
    users: { type: 'string' },
    'environment-out': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const port = intFlag('--port', values.port, 0, 65535) ?? 8787;
  const lifetime = intFlag('--token-lifetime', values['token-lifetime'], 1, 10 ** 9);
  const early = intFlag('--early-expiry', values['early-expiry'], 0, 10 ** 9);
  const loaded = values.config ? loadSecurity(values.config, values.users) : undefined;
  for (const w of loaded?.warnings ?? []) process.stderr.write(formatWarning(w));
  const model = loaded?.model ?? loadDefaultSimConfig();
  if (!loaded && values.users) for (const u of loadUsers(values.users)) model.users.set(u.name, u);
  if (lifetime !== undefined) model.settings.tokenLifetime = lifetime;
  if (early !== undefined) model.settings.earlyExpiry = early;

  const host = values.host ?? '127.0.0.1';
  let sim;
  try {
    sim = await startSimulator({ model, host, port, onRequest: values.log ? logLine : undefined });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(
      `gatecheck serve: cannot listen on ${host}:${port}: ${code === 'EADDRINUSE' ? 'address already in use' : String(code ?? e)}\n`,
    );
    return 1;
  }
  if (values['environment-out']) {
    // Credentials go to a file, never to the terminal.
    const env = matrixEnvironment(model, sim.url, `gatecheck serve ${values.config ?? '(built-in)'}`);
    writeFileSync(values['environment-out'], stringify(env, { lineWidth: 0 }));
  }
  process.stdout.write(`${sim.url}\n`);
  // A test server with demo credentials should not be reachable from the network by accident.
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host))
    process.stderr.write(
      `gatecheck serve: warning: listening on ${host}, beyond this machine: its demo credentials are reachable from the network\n`,
    );
  for (const m of [model, ...(model.aliases ?? [])])
    process.stderr.write(`ORDS simulator for schema alias "${m.alias}": ${sim.url}/ords/${m.alias}/\n`);
  process.stderr.write('Ctrl-C stops it\n');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}

function logLine(r: SimRequestRecord): void {
  const who = r.principal ? ` ${r.principal}` : '';
  process.stderr.write(`${r.method} ${r.path} ${r.status}${who}${r.note ? ` (${r.note})` : ''}\n`);
}
