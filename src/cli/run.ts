/**
 * gatecheck run <collection...> [-e env] [-g globals] [--env-file f]... [--var k=v]... [--grep re]
 *   [--concurrency N] [--bail] [--timeout ms] [--insecure] [--no-color]
 * Every file is loaded and planned before anything is sent; one verdict over all
 * files ends the output and decides the exit code (src/model/verdict.ts): 0 all
 * passed, 1 a check failed, a request could not be made or no scenario ran, 2 bad
 * input, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import { executeJob, prepareJobs, resolvedBaseUrl, type RunJob } from '../api.js';
import type { RunListener } from '../model/events.js';
import type { RunResult } from '../model/result.js';
import { runVerdict } from '../model/verdict.js';
import { createCliReporter, renderVerdict } from '../report/cli.js';
import { plural, useColor } from '../report/format.js';
import { createProgress, progressWanted } from '../report/progress.js';
import { InputError } from '../source/errors.js';
import { parseCliVars } from '../plan/variables.js';
import { intFlag, parseCommandArgs } from './args.js';
import { maskEverywhere } from '../mask/secrets.js';
import { maskData } from '../mask/mask-data.js';
import { guardSignals } from './signals.js';
import { terminalSafe } from './terminal.js';
import { closeReports, openReports, REPORTER_OPTIONS, selectReporters } from './reporting.js';
import { resolveShard, suiteFingerprint } from './shard.js';

export const RUN_HELP = `Usage: gatecheck run <collection...> [options]

Options:
  -e, --environment <file>  environment file (YAML, or Postman environment JSON)
  -g, --globals <file>      Postman globals file (JSON export): the lowest variable scope
      --global-var <name=value>  set a Postman global (repeatable, as newman's)
      --env-file <file>     dotenv file read under the process environment (repeatable)
      --var <name=value>    set a variable, highest precedence (repeatable; newman's --env-var too)
  -r, --reporters <list>    comma-separated: cli, json, junit, html (default cli)
      --reporter-json-export <file>   default reports/gatecheck.json
      --reporter-junit-export <file>  default reports/junit.xml
      --reporter-html-export <file>   default reports/report.html
  -v, --verbose             show every request and response (secrets masked)
  -q, --quiet               print failures, the summary and the recap only
      --timings             response times per endpoint (p50, p95, max) after the summary
      --grep <regex>        run only scenarios whose name matches
      --folder <name>       run only the scenario (Postman folder) with exactly this name (repeatable)
  -n, --iterations <n>      run every scenario n times
  -d, --data <file>         CSV or JSON rows: every scenario runs once per row, columns as variables
      --shard <i/n|auto>    run this machine's part i of n (deterministic; merge the reports);
                            auto: from the CI (GitHub matrix, GitLab, CircleCI, Buildkite, Kubernetes)
      --shard-total <n>     with --shard auto where the CI gives only an index (Kubernetes)
      --shard-timings <f>   a previous JSON report: balance shards by its durations
      --concurrency <n>     scenarios run at once (default 8)
      --bail                stop starting scenarios after the first failure
      --pass-with-no-tests  exit 0 when no scenario ran (e.g. --grep matched nothing)
      --timeout <ms>        per-request timeout (default 10000, or defaults.timeoutMs)
      --security            probe every step that has auth as if it were secured
  -k, --insecure            do not verify TLS certificates
      --cacert <file>       trust this CA (PEM) as well as the system's
      --cert <file>, --key <file>  client certificate and key (PEM) for mutual TLS
      --max-body <size>     largest response body read, e.g. 10mb (default), 512kb
  -x, --suppress-exit-code  exit 0 even when checks fail (bad input and interrupts keep theirs)
      --no-color            plain output (NO_COLOR is respected too)
`;

export const RUN_OPTIONS = {
  environment: { type: 'string', short: 'e' },
  globals: { type: 'string', short: 'g' },
  'global-var': { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  var: { type: 'string', multiple: true },
  'env-var': { type: 'string', multiple: true },
  ...REPORTER_OPTIONS,
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  timings: { type: 'boolean' },
  grep: { type: 'string' },
  folder: { type: 'string', multiple: true },
  iterations: { type: 'string', short: 'n' },
  data: { type: 'string', short: 'd' },
  shard: { type: 'string' },
  'shard-total': { type: 'string' },
  'shard-timings': { type: 'string' },
  concurrency: { type: 'string' },
  bail: { type: 'boolean' },
  'pass-with-no-tests': { type: 'boolean' },
  timeout: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  'suppress-exit-code': { type: 'boolean', short: 'x' },
  security: { type: 'boolean' },
  cacert: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'max-body': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** run's options, as its flags give them: what another command passes to runCollections. */
export type RunFlags = ReturnType<typeof parseCommandArgs<typeof RUN_OPTIONS, true>>['values'];

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', argv, RUN_OPTIONS, true);
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  return runCollections(positionals, values);
}

/** `gatecheck run` once its flags are read: runs the collection files and returns the exit code. */
export async function runCollections(files: string[], values: RunFlags): Promise<number> {
  if (files.length === 0)
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

  const shard = resolveShard(values.shard, values['shard-total']);
  if (shard?.from)
    process.stderr.write(`gatecheck: --shard auto: ${shard.index}/${shard.count} from ${shard.from}\n`);
  const iterations = intFlag('--iterations', values.iterations, 1, 1_000_000);
  const jobs = prepareJobs(files, {
    environment: values.environment,
    globals: values.globals,
    globalVars: parseCliVars(values['global-var'] ?? [], '--global-var'),
    envFiles: values['env-file'],
    vars: parseCliVars([...(values['env-var'] ?? []), ...(values.var ?? [])]),
    grep: values.grep,
    folders: values.folder,
    iterations,
    data: values.data,
    shard: shard && `${shard.index}/${shard.count}`,
    shardTimings: values['shard-timings'],
  });

  // SIGINT, SIGTERM, SIGHUP: stop sending; the handlers stay until the reports are complete.
  const guard = guardSignals();
  const color = useColor(process.stdout, values['no-color'] ?? false);
  // Free-text messages are masked as text; results are masked as data before any
  // reporter renders them (src/mask/mask-data.ts), so no text pass rewrites markup.
  const warn = (text: string) => process.stderr.write(`gatecheck: ${terminalSafe(maskEverywhere(text))}\n`);
  for (const job of jobs)
    for (const name of job.secrets.tooShortNames)
      warn(
        `warning: the secret {{${name}}} is too short to mask (under 4 characters); it may appear in output`,
      );
  const showProgress = progressWanted(process.stdout);
  const results: RunResult[] = [];
  const noScenario = whyNoScenario(jobs, values.grep);
  const started = performance.now();
  // Reports open before anything is sent and take each result as its scenario finishes.
  const shardInfo =
    shard &&
    suiteFingerprint(jobs, shard, {
      iterations,
      data: values.data,
      grep: values.grep,
      shardTimings: values['shard-timings'],
    });
  const reports = await openReports(reporters.files, (text) => text, shardInfo);
  let reportsOk: boolean;
  let listenerFailed = false;
  try {
    for (const job of jobs) {
      for (const warning of job.warnings) warn(`warning: ${warning}`);
      const target = { environment: values.environment, baseUrl: resolvedBaseUrl(job) };
      const cli = createCliReporter({
        write: (text) => process.stdout.write(terminalSafe(text)),
        color,
        verbose: values.verbose,
        mask: (text) => job.secrets.mask(text),
        quiet: values.quiet,
        timings: values.timings,
        baseUrl: resolvedBaseUrl(job),
        progress: showProgress
          ? (total) => createProgress({ write: (t) => process.stdout.write(t), total })
          : undefined,
        subtotal: jobs.length > 1,
      });
      const result = await executeJob(job, {
        concurrency,
        timeoutMs,
        bail: values.bail,
        insecure: values.insecure,
        tls,
        maxBodyBytes,
        security: values.security,
        signal: guard.signal,
        trace: values.verbose,
        keep: 'failures',
        listeners: [
          ...(reporters.cli && !noScenario ? [cli] : []),
          ...(reports
            ? [
                withTarget(
                  reports.listener((scenario) => maskData(scenario, job.secrets)),
                  target,
                ),
              ]
            : []),
        ],
        onListenerError: (e) => {
          if (!listenerFailed) warn(`a reporter failed: ${(e as Error).message}`);
          listenerFailed = true;
        },
      });
      results.push({ ...result, target });
      if (guard.signal.aborted || (values.bail && result.outcome === 'failed')) break;
    }
  } finally {
    // Reports are completed whatever the outcome, interrupted runs included. The
    // signal handlers stay for the rest of the process: a signal while reports are
    // written or the verdict printed cannot kill it half way (the run's code stands).
    reportsOk = closeReports(reports, warn);
  }

  const verdict = runVerdict(results, {
    passWithNoTests: values['pass-with-no-tests'],
    interrupted: guard.signal.aborted,
  });
  if (verdict.verdict === 'NO TESTS') {
    const allowed = values['pass-with-no-tests'] ? ' (allowed by --pass-with-no-tests)' : '';
    process.stderr.write(`gatecheck: no scenario ran: ${noScenario ?? 'nothing to run'}${allowed}\n`);
  } else if (reporters.cli) {
    process.stdout.write(terminalSafe(renderVerdict(verdict, performance.now() - started, color)));
  }
  // 130, 143 or 129: the signal that came first (SIGINT, SIGTERM, SIGHUP).
  const signalled = guard.exitCode();
  if (signalled !== undefined) return signalled;
  if (verdict.verdict === 'INTERRUPTED') return verdict.exitCode;
  // -x (newman's habit) silences failed checks, never a report that could not be written.
  const code = values['suppress-exit-code'] && verdict.exitCode === 1 ? 0 : verdict.exitCode;
  return code === 0 && (!reportsOk || listenerFailed) ? 1 : code;
}

/** Why nothing will run, or undefined when something will. */
function whyNoScenario(jobs: RunJob[], grep: string | undefined): string | undefined {
  if (jobs.some((j) => j.plan.instances.length > 0)) return undefined;
  const total = jobs.reduce((n, j) => n + j.plan.collection.scenarios.length, 0);
  if (total === 0) return `${jobs.length === 1 ? 'the collection has' : 'the collections have'} no scenarios`;
  if (grep !== undefined)
    return `--grep ${JSON.stringify(grep)} matched none of ${plural(total, 'scenario')}`;
  return `this shard has none of the ${plural(total, 'scenario')}`;
}

/** Reports say what the run was pointed at: the environment file and the resolved baseUrl. */
function withTarget(listener: RunListener, target: RunResult['target']): RunListener {
  return (event) =>
    listener(event.type === 'run-end' ? { ...event, result: { ...event.result, target } } : event);
}

export function readPem(flag: string, file: string): string {
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
