/**
 * gatecheck merge <report.json...> [-r junit,html,json] [--reporter-<name>-export f] [--allow-partial]
 * Combines the JSON reports of shards into one run's reports, streaming; exit 1 if
 * it failed or a report could not be written, 2 if the set of shards is incomplete,
 * duplicated or mixed (unless --allow-partial).
 */
import { readReport } from '../report/read.js';
import {
  mergeRuns,
  mergeStreams,
  ReportReader,
  shardSetProblems,
  type MergeSummary,
} from '../report/merge.js';
import { InputError } from '../source/errors.js';
import { parseCommandArgs } from './args.js';
import { closeReports, openReports, REPORTER_OPTIONS, selectReporters } from './reporting.js';

export const MERGE_HELP = `Usage: gatecheck merge <report.json...> [options]

Combines the JSON reports of --shard runs into the reports of the whole run.
Refuses a set with a shard missing or given twice, or shards of different suites.

Options:
  -r, --reporters <list>          json, junit, html (default json,junit)
      --reporter-<name>-export f  where each goes (defaults under reports/)
      --allow-partial             merge what is there, saying what is missing
`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'merge',
    argv,
    { ...REPORTER_OPTIONS, 'allow-partial': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(MERGE_HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new InputError('name the JSON reports to merge: gatecheck merge report-*.json');
  const selection = selectReporters(values, 'json,junit');
  if (selection.cli) throw new InputError('merge writes files: json, junit, html', { flag: '--reporters' });
  const warn = (t: string) => process.stderr.write(`gatecheck: ${t}\n`);

  const readers = positionals.map((file) => new ReportReader(file));
  const problems = shardSetProblems(readers);
  if (problems.length > 0 && !values['allow-partial'])
    throw new InputError(`${problems.join('; ')}; pass --allow-partial to merge them anyway`, {});
  for (const p of problems) warn(`warning: --allow-partial: ${p}`);

  const startedAt = readers
    .map((r) => r.fields.startedAt)
    .filter((t): t is string => typeof t === 'string')
    .sort()[0];
  const reports = await openReports(selection.files, (t) => t, undefined, startedAt);
  let summary: MergeSummary = { scenarios: 0, failed: false };
  let reportsOk: boolean;
  try {
    // Shards of one suite line up (the same collections in the same order): merged as streams.
    const first = readers[0]!.shard;
    const oneSuite = readers.every((r) => r.shard && r.shard.suite === first?.suite);
    if (oneSuite) {
      // A shard given twice (allowed with --allow-partial) counts once: the first one given.
      const once = readers.filter(
        (r, i) => readers.findIndex((x) => x.shard!.index === r.shard!.index) === i,
      );
      summary = mergeStreams(once, reports ?? discard);
    } else {
      // Reports that need not line up: merged in memory by collection file.
      for (const run of mergeRuns(positionals.map(readReport))) {
        const { scenarios, ...rest } = run;
        reports?.runStart(run);
        for (const s of scenarios) reports?.scenario(s);
        reports?.runEnd(rest);
        summary.scenarios += run.stats.scenarios.total;
        summary.failed ||= run.outcome === 'failed';
      }
    }
  } finally {
    reportsOk = closeReports(reports, warn);
  }
  process.stderr.write(
    `gatecheck: merged ${positionals.length} reports: ${summary.scenarios} scenarios, ${summary.failed ? 'FAILED' : 'PASSED'}\n`,
  );
  return summary.failed || !reportsOk ? 1 : 0;
}

const discard = {
  runStart: () => undefined,
  scenario: () => undefined,
  runEnd: () => undefined,
  listener: () => () => undefined,
  close: () => ({ written: [], failed: [] }),
};
