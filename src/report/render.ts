/**
 * The file reporters, each loaded only when selected, and the stream that feeds
 * them: results in file order as scenarios finish, each masked before any
 * reporter sees it. Reporters are isolated: one that throws or whose file
 * cannot be written is reported, the others' files are still written, and the
 * caller learns of it (the run then exits 1: no report fails silently).
 */
import type { RunEvent, RunListener } from '../model/events.js';
import type { ScenarioResult } from '../model/result.js';
import { sumStats } from '../model/stats.js';
import { ReportOutputFile } from './output-file.js';
import type { ReportMeta, ReportSink, RunHead, RunSummary, StreamingReporter } from './types.js';

export const FILE_REPORTERS: Record<string, () => Promise<StreamingReporter>> = {
  json: async () => (await import('./json.js')).jsonReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  html: async () => (await import('./html.js')).htmlReporter,
};

export interface Selected {
  name: string;
  /** An explicit --reporter-<name>-export path. */
  path?: string;
}

export interface ReportProblem {
  reporter: string;
  path: string;
  /** One line: "cannot write reports/x.json: ENOSPC" or "the html reporter failed: …". */
  message: string;
}

export interface ReportOutcome {
  written: string[];
  failed: ReportProblem[];
}

/** Receives one collection's run after another; close() once at the end. */
export interface ReportStream {
  runStart(run: RunHead): void;
  scenario(result: ScenarioResult): void;
  runEnd(summary: RunSummary): void;
  /** A RunListener feeding this stream, in file order; `prepare` masks each result first. */
  listener(prepare?: (result: ScenarioResult) => void): RunListener;
  close(): ReportOutcome;
}

interface Open {
  name: string;
  file: ReportOutputFile;
  sink: ReportSink | undefined;
  error?: string;
}

export async function openReportStream(
  selected: readonly Selected[],
  meta: ReportMeta,
  mask: (text: string) => string,
  registry: Record<string, () => Promise<StreamingReporter>> = FILE_REPORTERS,
): Promise<ReportStream> {
  const open: Open[] = [];
  const failed: ReportProblem[] = [];
  for (const { name, path } of selected) {
    try {
      const reporter = await registry[name]!();
      const file = new ReportOutputFile(path ?? reporter.defaultPath, mask);
      const entry: Open = { name, file, sink: undefined };
      open.push(entry);
      guard(entry, () => (entry.sink = reporter.open(file, meta)));
    } catch (e) {
      failed.push({
        reporter: name,
        path: path ?? name,
        message: `the ${name} reporter failed: ${message(e)}`,
      });
    }
  }
  const each = (call: (sink: ReportSink) => void) => {
    for (const entry of open) if (entry.sink && !entry.error) guard(entry, () => call(entry.sink!));
  };
  const runs: RunSummary[] = [];
  let broken: string | undefined;
  const stream: ReportStream = {
    runStart: (run) => each((s) => s.runStart(run)),
    scenario: (result) => each((s) => s.scenario(result)),
    runEnd: (summary) => {
      runs.push(summary);
      each((s) => s.runEnd(summary));
    },
    listener: (prepare) =>
      inFileOrder(stream, (result) => {
        try {
          prepare?.(result);
        } catch (e) {
          // A result that could not be masked must not reach a report: every report fails.
          broken ??= message(e);
          for (const entry of open) entry.error ??= `the ${entry.name} reporter failed: ${broken}`;
        }
      }),
    close() {
      const stats = sumStats(runs.map((r) => r.stats));
      const start = Date.parse(meta.startedAt);
      const end = Math.max(start, ...runs.map((r) => Date.parse(r.startedAt) + r.durationMs));
      const totals = {
        durationMs: Math.round(end - start),
        outcome: runs.some((r) => r.outcome === 'failed') ? ('failed' as const) : ('passed' as const),
        interrupted: runs.some((r) => r.interrupted),
        stats,
      };
      each((s) => s.close(totals));
      const written: string[] = [];
      for (const entry of open) {
        if (!entry.error && entry.file.commit()) written.push(entry.file.path);
        else {
          entry.file.discard();
          failed.push({
            reporter: entry.name,
            path: entry.file.path,
            message: entry.error ?? `cannot write ${entry.file.path}: ${entry.file.failure}`,
          });
        }
      }
      return { written, failed };
    },
  };
  return stream;
}

function guard(entry: Open, action: () => void): void {
  try {
    action();
  } catch (e) {
    entry.error = `the ${entry.name} reporter failed: ${message(e)}`;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Run events -> the stream, scenarios in file order whatever order they finish in. */
function inFileOrder(stream: ReportStream, prepare: (result: ScenarioResult) => void): RunListener {
  const waiting = new Map<number, ScenarioResult>();
  let next = 0;
  const drain = () => {
    for (let r = waiting.get(next); r; r = waiting.get(next)) {
      waiting.delete(next++);
      stream.scenario(r);
    }
  };
  return (event: RunEvent) => {
    if (event.type === 'run-start') {
      stream.runStart({ collection: event.collection, startedAt: event.startedAt });
    } else if (event.type === 'scenario-end') {
      prepare(event.result);
      waiting.set(event.result.index, event.result);
      drain();
    } else if (event.type === 'run-end') {
      // Anything left (a gap can only come from a run that numbered oddly) goes in index order.
      for (const index of [...waiting.keys()].sort((a, b) => a - b)) stream.scenario(waiting.get(index)!);
      waiting.clear();
      const { scenarios: _kept, ...summary } = event.result;
      stream.runEnd(summary);
    }
  };
}
