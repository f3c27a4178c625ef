/** -r and --reporter-<name>-export, shared by run and merge; and opening and closing the selected reports. */
import type { ShardInfo } from '../model/report.js';
import type { RunResult } from '../model/result.js';
import { FILE_REPORTERS, openReportStream, type ReportStream, type Selected } from '../report/render.js';
import { checkOutputPath } from '../report/output-path.js';
import { didYouMean } from '../source/did-you-mean.js';
import { InputError } from '../source/errors.js';
import { toolVersion } from '../version.js';

export const REPORTER_NAMES = ['cli', ...Object.keys(FILE_REPORTERS)];

export const REPORTER_OPTIONS = {
  reporters: { type: 'string', short: 'r' },
  'reporter-json-export': { type: 'string' },
  'reporter-junit-export': { type: 'string' },
  'reporter-html-export': { type: 'string' },
} as const;

export interface ReporterValues {
  reporters?: string;
  'reporter-json-export'?: string;
  'reporter-junit-export'?: string;
  'reporter-html-export'?: string;
}

export interface ReporterSelection {
  cli: boolean;
  files: Selected[];
}

export function selectReporters(values: ReporterValues, fallback: string): ReporterSelection {
  const names = [...new Set((values.reporters ?? fallback).split(',').map((r) => r.trim()))];
  if (names.includes(''))
    throw new InputError(`name the reporters to use, comma-separated: ${REPORTER_NAMES.join(', ')}`, {
      flag: '--reporters',
    });
  const unknown = names.find((r) => !REPORTER_NAMES.includes(r));
  if (unknown) {
    const hint = didYouMean(unknown, REPORTER_NAMES);
    throw new InputError(`unknown reporter "${unknown}"${hint} (available: ${REPORTER_NAMES.join(', ')})`, {
      flag: '--reporters',
    });
  }
  const exports: Record<string, string | undefined> = {
    json: values['reporter-json-export'],
    junit: values['reporter-junit-export'],
    html: values['reporter-html-export'],
  };
  for (const [name, path] of Object.entries(exports)) {
    if (path === undefined) continue;
    checkOutputPath(`--reporter-${name}-export`, path);
    if (!names.includes(name)) names.push(name); // an export path implies its reporter
  }
  return {
    cli: names.includes('cli'),
    files: names.filter((n) => n !== 'cli').map((name) => ({ name, path: exports[name] })),
  };
}

/** Opens the selected reports before the run: results stream into them as scenarios finish. */
export async function openReports(
  files: Selected[],
  mask: (text: string) => string,
  shard?: ShardInfo,
  startedAt = new Date().toISOString(),
): Promise<ReportStream | undefined> {
  if (files.length === 0) return undefined;
  return openReportStream(files, { startedAt, version: toolVersion(), shard }, mask);
}

/**
 * Completes the reports; false when any could not be written or its reporter
 * failed (each said in one line): the command then exits 1, never 0.
 */
export function closeReports(stream: ReportStream | undefined, warn: (text: string) => void): boolean {
  if (!stream) return true;
  const outcome = stream.close();
  for (const f of outcome.failed) warn(f.message);
  if (outcome.written.length > 0)
    process.stderr.write(`gatecheck: reports written: ${outcome.written.join(', ')}\n`);
  return outcome.failed.length === 0;
}

/** Writes finished results (a command that has them all at once, such as ords audit); false if a report failed. */
export async function writeReports(
  results: readonly RunResult[],
  files: Selected[],
  mask: (text: string) => string,
  warn: (text: string) => void,
): Promise<boolean> {
  const stream = await openReports(files, mask, undefined, results[0]?.startedAt);
  for (const { scenarios, ...summary } of results) {
    stream?.runStart(summary);
    for (const s of scenarios) stream?.scenario(s);
    stream?.runEnd(summary);
  }
  return closeReports(stream, warn);
}
