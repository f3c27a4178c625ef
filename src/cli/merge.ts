/**
 * gatecheck merge <report.json...> [-r junit,html,json] [--reporter-<name>-export f]
 * Combines the JSON reports of shards into one run's reports; exit 1 if it failed.
 */
import { readReport } from '../report/read.js';
import { mergeRuns } from '../report/merge.js';
import { InputError } from '../source/errors.js';
import { parseCommandArgs } from './args.js';
import { REPORTER_OPTIONS, selectReporters, writeReports } from './reporting.js';

export const MERGE_HELP = `Usage: gatecheck merge <report.json...> [options]

Combines the JSON reports of --shard runs into the reports of the whole run.

Options:
  -r, --reporters <list>          json, junit, html (default json,junit)
      --reporter-<name>-export f  where each goes (defaults under reports/)
`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'merge',
    argv,
    { ...REPORTER_OPTIONS, help: { type: 'boolean', short: 'h' } },
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
  const runs = mergeRuns(positionals.map(readReport));
  const written = await writeReports(runs, selection.files, (t) => process.stderr.write(`gatecheck: ${t}\n`));
  const scenarios = runs.reduce((n, r) => n + r.scenarios.length, 0);
  const failed = runs.some((r) => r.outcome === 'failed');
  process.stderr.write(
    `gatecheck: merged ${positionals.length} reports: ${scenarios} scenarios, ${failed ? 'FAILED' : 'PASSED'}\n`,
  );
  return failed || !written ? 1 : 0;
}
