/** -r and --reporter-<name>-export, shared by run and merge; and writing the selected reports. */
import type { RunResult } from '../model/result.js';
import { buildReport } from '../report/json.js';
import { FILE_REPORTERS, renderReportFiles, type Selected } from '../report/render.js';
import { checkOutputPath, writeReportFiles } from '../report/write.js';
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

/**
 * Renders and writes the selected file reports from results already masked as
 * data; problems are reported, never thrown. False when a report is missing
 * (the run then exits 1: a promised report that is not there fails closed).
 */
export async function writeReports(
  results: RunResult[],
  files: Selected[],
  warn: (text: string) => void,
): Promise<boolean> {
  if (files.length === 0) return true;
  const report = buildReport(results, toolVersion());
  let complete = true;
  const onError = (name: string, e: unknown) => {
    complete = false;
    warn(`the ${name} reporter failed: ${(e as Error).message}`);
  };
  const written = writeReportFiles(await renderReportFiles(report, files, onError));
  for (const f of written.failed) warn(`error: cannot write ${f.path}: ${f.message}`);
  if (written.written.length > 0)
    process.stderr.write(`gatecheck: reports written: ${written.written.join(', ')}\n`);
  return complete && written.failed.length === 0;
}
