/**
 * gatecheck diff <before.json> <after.json> [--json] [--must-not-change <regex>]... [--fail-on-change]
 * Exit 1 when an endpoint marked must-not-change (or, with --fail-on-change, any) changed.
 */
import {
  compareIndexes,
  indexObservations,
  scenarioObservations,
  type Comparison,
  type Observation,
} from '../diff/compare.js';
import { palette, useColor } from '../report/format.js';
import { readReportItems } from '../report/read.js';
import { InputError } from '../source/errors.js';
import { parseCommandArgs } from './args.js';

export const DIFF_HELP = `Usage: gatecheck diff <before.json> <after.json> [options]

Compares two JSON reports (-r json) per endpoint and caller: who gets in now, who
no longer does, which endpoints turned public or protected.

Options:
      --json                     print the changes as JSON
      --must-not-change <regex>  exit 1 if an endpoint matching it changed (repeatable)
      --fail-on-change           exit 1 if anything changed
      --no-color                 plain output
`;

export async function diffCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'diff',
    argv,
    {
      json: { type: 'boolean' },
      'must-not-change': { type: 'string', multiple: true },
      'fail-on-change': { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(DIFF_HELP);
    return 0;
  }
  if (positionals.length !== 2)
    throw new InputError('compare two reports: gatecheck diff <before.json> <after.json>');
  const guards = (values['must-not-change'] ?? []).map((source) => {
    try {
      return new RegExp(source);
    } catch (e) {
      throw new InputError(`invalid regular expression: ${(e as Error).message}`, {
        flag: '--must-not-change',
      });
    }
  });
  const comparison = compareIndexes(
    indexObservations(streamObservations(positionals[0]!)),
    indexObservations(streamObservations(positionals[1]!)),
  );
  const violated = comparison.changes.filter(
    (c) => values['fail-on-change'] || guards.some((g) => g.test(c.endpoint)),
  );
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ ...comparison, violations: violated.map((c) => c.endpoint) }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      renderTable(
        comparison,
        new Set(violated.map((c) => c.endpoint)),
        useColor(process.stdout, values['no-color'] ?? false),
      ),
    );
  }
  return violated.length > 0 ? 1 : 0;
}

function renderTable(c: Comparison, violated: Set<string>, color: boolean): string {
  const p = palette(color);
  if (c.changes.length === 0) return `No changes: ${c.endpoints} endpoints compared.\n`;
  const lines: string[] = [];
  for (const change of c.changes) {
    const { before, after } = change.access;
    const access = before === after ? '' : `  ${before} → ${after}`;
    const flag = violated.has(change.endpoint) ? p.fail('  MUST NOT CHANGE') : '';
    lines.push(`${p.bold(change.endpoint)}${p.warn(access)}${flag}  ${p.dim(change.collection)}`);
    const width = Math.max(...change.callers.map((x) => x.caller.length));
    for (const x of change.callers) {
      const statuses = `${x.before ?? '-'} → ${x.after ?? '-'}`.padEnd(11);
      const kind =
        x.kind === 'now allowed' ? p.fail(x.kind) : x.kind === 'now refused' ? p.pass(x.kind) : x.kind;
      lines.push(`  ${x.caller.padEnd(width)}  ${statuses}  ${kind}`);
    }
  }
  lines.push('', `${c.changes.length} of ${c.endpoints} endpoints changed.`);
  return `${lines.join('\n')}\n`;
}

/** A report's observations, read one scenario at a time. */
function* streamObservations(file: string): Generator<Observation> {
  let collection = '';
  for (const item of readReportItems(file)) {
    if (item.type === 'run-field' && item.key === 'collection')
      collection = (item.value as { file: string }).file;
    else if (item.type === 'scenario') yield* scenarioObservations(collection, item.value);
  }
}
