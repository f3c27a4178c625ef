/**
 * gatecheck serve [--config sim.yaml] [--port N] [--host 127.0.0.1]
 * Prints the base URL as the first line of standard output once it accepts
 * connections; stops on SIGINT or SIGTERM.
 */
import { loadDefaultSimConfig, loadSimConfigFile } from '../sim/config.js';
import { startSimulator, type SimRequestRecord } from '../sim/server.js';
import { intFlag, parseCommandArgs } from './args.js';

export const SERVE_HELP = `Usage: gatecheck serve [options]

Starts the ORDS security simulator (see README, "The ORDS simulator").

Options:
  -c, --config <file>       simulator config (default: the built-in environments/ords-simulator.yaml)
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
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const port = intFlag('--port', values.port, 0, 65535) ?? 8787;
  const lifetime = intFlag('--token-lifetime', values['token-lifetime'], 1, 10 ** 9);
  const early = intFlag('--early-expiry', values['early-expiry'], 0, 10 ** 9);
  const model = values.config ? loadSimConfigFile(values.config) : loadDefaultSimConfig();
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
  process.stdout.write(`${sim.url}\n`);
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
