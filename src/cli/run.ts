/**
 * gatecheck run <collection...> [-e env] [--env-file f]... [--var k=v]... [--grep re]
 *   [--concurrency N] [--bail] [--timeout ms] [--insecure] [--no-color]
 * Every file is loaded and planned before anything is sent; exit 0 all passed,
 * 1 a check failed or a request could not be made, 2 bad input, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import { executeJob, prepareJobs, resolvedBaseUrl } from '../api.js';
import type { RunResult } from '../model/result.js';
import { createCliReporter } from '../report/cli.js';
import { useColor } from '../report/format.js';
import { createProgress, progressWanted } from '../report/progress.js';
import { InputError } from '../source/errors.js';
import { parseCliVars } from '../plan/variables.js';
import { intFlag, parseCommandArgs } from './args.js';
import { REPORTER_OPTIONS, selectReporters, writeReports } from './reporting.js';

export const RUN_HELP = `Usage: gatecheck run <collection...> [options]

Options:
  -e, --environment <file>  environment file (YAML, or Postman environment JSON)
      --env-file <file>     dotenv file read under the process environment (repeatable)
      --var <name=value>    set a variable, highest precedence (repeatable)
  -r, --reporters <list>    comma-separated: cli, json, junit, html (default cli)
      --reporter-json-export <file>   default reports/gatecheck.json
      --reporter-junit-export <file>  default reports/junit.xml
      --reporter-html-export <file>   default reports/report.html
      --verbose             show every request and response (secrets masked)
      --grep <regex>        run only scenarios whose name matches
  -n, --iterations <n>      run every scenario n times
  -d, --data <file>         CSV or JSON rows: every scenario runs once per row, columns as variables
      --shard <i/n>         run this machine's part i of n (deterministic; merge the reports)
      --shard-timings <f>   a previous JSON report: balance shards by its durations
      --concurrency <n>     scenarios run at once (default 8)
      --bail                stop starting scenarios after the first failure
      --timeout <ms>        per-request timeout (default 10000, or defaults.timeoutMs)
      --security            probe every step that has auth as if it were secured
      --insecure            do not verify TLS certificates
      --cacert <file>       trust this CA (PEM) as well as the system's
      --cert <file>, --key <file>  client certificate and key (PEM) for mutual TLS
      --max-body <size>     largest response body read, e.g. 10mb (default), 512kb
      --no-color            plain output (NO_COLOR is respected too)
`;

export const RUN_OPTIONS = {
  environment: { type: 'string', short: 'e' },
  'env-file': { type: 'string', multiple: true },
  var: { type: 'string', multiple: true },
  ...REPORTER_OPTIONS,
  verbose: { type: 'boolean' },
  grep: { type: 'string' },
  iterations: { type: 'string', short: 'n' },
  data: { type: 'string', short: 'd' },
  shard: { type: 'string' },
  'shard-timings': { type: 'string' },
  concurrency: { type: 'string' },
  bail: { type: 'boolean' },
  timeout: { type: 'string' },
  insecure: { type: 'boolean' },
  security: { type: 'boolean' },
  cacert: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'max-body': { type: 'string' },
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
  const reporters = selectReporters(values, 'cli');
  const tls = {
    ca: values.cacert === undefined ? undefined : readPem('--cacert', values.cacert),
    cert: values.cert === undefined ? undefined : readPem('--cert', values.cert),
    key: values.key === undefined ? undefined : readPem('--key', values.key),
  };
  if ((tls.cert === undefined) !== (tls.key === undefined))
    throw new InputError('a client certificate needs both --cert and --key', {
      flag: tls.cert ? '--key' : '--cert',
    });
  const maxBodyBytes = values['max-body'] === undefined ? undefined : parseSize(values['max-body']);
  if (values.insecure)
    process.stderr.write('gatecheck: warning: --insecure: TLS certificates are not verified\n');
  const concurrency = intFlag('--concurrency', values.concurrency, 1, 1000);
  const timeoutMs = intFlag('--timeout', values.timeout, 1, 24 * 3600 * 1000);

  const jobs = prepareJobs(positionals, {
    environment: values.environment,
    envFiles: values['env-file'],
    vars: parseCliVars(values.var ?? []),
    grep: values.grep,
    iterations: intFlag('--iterations', values.iterations, 1, 1_000_000),
    data: values.data,
    shard: values.shard,
    shardTimings: values['shard-timings'],
  });

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const color = useColor(process.stdout, values['no-color'] ?? false);
  const mask = (text: string) => jobs.reduce((t, job) => job.secrets.mask(t), text);
  const warn = (text: string) => process.stderr.write(mask(`gatecheck: ${text}\n`));
  const showProgress = progressWanted(process.stdout);
  const results: RunResult[] = [];
  try {
    for (const job of jobs) {
      if (job.kind === 'newman') warn(`${job.file} runs through newman: ${job.warnings.join('; ')}`);
      const cli = createCliReporter({
        write: (text) => process.stdout.write(mask(text)),
        color,
        verbose: values.verbose,
        mask,
        baseUrl: resolvedBaseUrl(job),
        progress: showProgress
          ? (total) => createProgress({ write: (t) => process.stdout.write(t), total })
          : undefined,
      });
      const result = await executeJob(job, {
        concurrency,
        timeoutMs,
        bail: values.bail,
        insecure: values.insecure,
        tls,
        maxBodyBytes,
        security: values.security,
        signal: controller.signal,
        trace: values.verbose,
        listeners: reporters.cli ? [cli] : [],
        onListenerError: (e) => warn(`a reporter failed: ${(e as Error).message}`),
      });
      results.push(result);
      if (controller.signal.aborted || (values.bail && result.outcome === 'failed')) break;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  // Reports are written whatever the outcome, interrupted runs included.
  await writeReports(results, reporters.files, mask, warn);
  if (controller.signal.aborted) return 130;
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { flag });
  }
}

/** "10mb", "512kb", "2048" (bytes). */
function parseSize(value: string): number {
  const m = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!m || Number(m[1]) === 0)
    throw new InputError(`expected a size such as 10mb, 512kb or 2048, got "${value}"`, {
      flag: '--max-body',
    });
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Number(m[1]) * unit;
}
