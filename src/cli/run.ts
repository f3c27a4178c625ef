/**
 * gatecheck run <collection...> [-e env] [--env-file f]... [--var k=v]... [--grep re]
 *   [--concurrency N] [--bail] [--timeout ms] [--insecure] [--no-color]
 * Every file is loaded and planned before anything is sent; exit 0 all passed,
 * 1 a check failed or a request could not be made, 2 bad input, 130 interrupted.
 */
import { prepareRuns, resolvedBaseUrl } from '../api.js';
import { useColor } from '../report/format.js';
import { createCliReporter } from '../report/cli.js';
import { executePlan } from '../run/run.js';
import { InputError } from '../source/errors.js';
import { parseCliVars } from '../plan/variables.js';
import { intFlag, parseCommandArgs } from './args.js';

export const RUN_HELP = `Usage: gatecheck run <collection...> [options]

Options:
  -e, --environment <file>  environment file (YAML, or Postman environment JSON)
      --env-file <file>     dotenv file read under the process environment (repeatable)
      --var <name=value>    set a variable, highest precedence (repeatable)
  -r, --reporters <list>    reporters, comma-separated (cli)
      --grep <regex>        run only scenarios whose name matches
      --concurrency <n>     scenarios run at once (default 8)
      --bail                stop starting scenarios after the first failure
      --timeout <ms>        per-request timeout (default 10000, or defaults.timeoutMs)
      --insecure            do not verify TLS certificates
      --no-color            plain output (NO_COLOR is respected too)
`;

export const RUN_OPTIONS = {
  environment: { type: 'string', short: 'e' },
  'env-file': { type: 'string', multiple: true },
  var: { type: 'string', multiple: true },
  reporters: { type: 'string', short: 'r' },
  grep: { type: 'string' },
  concurrency: { type: 'string' },
  bail: { type: 'boolean' },
  timeout: { type: 'string' },
  insecure: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', argv, RUN_OPTIONS, true);
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new InputError('name at least one collection file: gatecheck run <collection...>');
  const reporters = (values.reporters ?? 'cli').split(',').map((r) => r.trim());
  const unknown = reporters.find((r) => r !== 'cli');
  if (unknown)
    throw new InputError(`unknown reporter "${unknown}" (available: cli)`, { flag: '--reporters' });
  const concurrency = intFlag('--concurrency', values.concurrency, 1, 1000);
  const timeoutMs = intFlag('--timeout', values.timeout, 1, 24 * 3600 * 1000);

  const plans = prepareRuns(positionals, {
    environment: values.environment,
    envFiles: values['env-file'],
    vars: parseCliVars(values.var ?? []),
    grep: values.grep,
  });

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const color = useColor(process.stdout, values['no-color'] ?? false);
  let failed = false;
  try {
    for (const plan of plans) {
      const write = (text: string) => process.stdout.write(plan.secrets.mask(text));
      const result = await executePlan(plan, {
        concurrency,
        timeoutMs,
        bail: values.bail,
        insecure: values.insecure,
        signal: controller.signal,
        listeners: [createCliReporter({ write, color, baseUrl: resolvedBaseUrl(plan) })],
        onListenerError: (e) =>
          process.stderr.write(plan.secrets.mask(`gatecheck: a reporter failed: ${(e as Error).message}\n`)),
      });
      if (result.outcome === 'failed') failed = true;
      if (controller.signal.aborted || (values.bail && failed)) break;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (controller.signal.aborted) return 130;
  return failed ? 1 : 0;
}
