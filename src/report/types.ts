/**
 * Reporters turn results into files; they never open them. The run hands each
 * reporter an output that masks secrets and writes to a temporary file renamed
 * into place at the end, so a reporter cannot leak a secret, a half-written
 * report is never left where a reader looks, and a reporter that throws cannot
 * lose another's file.
 *
 * A streaming reporter sees results as they finish, in file order:
 *   runStart(run) · scenario(result)… · runEnd(summary)   per collection
 *   close(totals)                                                once
 * and keeps what it needs (totals, failures), not every result.
 */
import type { Report, ShardInfo } from '../model/report.js';
import type { RunResult, ScenarioResult } from '../model/result.js';

/** A reporter of the whole finished report (kept for the programmatic API and tests). */
export interface FileReporter {
  name: string;
  /** Where the file goes unless --reporter-<name>-export says otherwise. */
  defaultPath: string;
  render(report: Report): string;
}

/** What is known when reports open: before any result. */
export interface ReportMeta {
  startedAt: string;
  version: string;
  shard?: ShardInfo;
}

/** What is known when a collection's run starts. */
export type RunHead = Pick<RunResult, 'collection' | 'startedAt'>;

/** A collection's run without its scenarios (they were streamed). */
export type RunSummary = Omit<RunResult, 'scenarios'>;

/** The report's top-level fields known only at the end. */
export type ReportTotals = Pick<Report, 'durationMs' | 'outcome' | 'interrupted' | 'stats'>;

export interface ReportSink {
  runStart(run: RunHead): void;
  scenario(result: ScenarioResult): void;
  runEnd(summary: RunSummary): void;
  close(totals: ReportTotals): void;
}

/** Where a streaming reporter writes: masked, buffered, to a temporary file. */
export interface ReportOutput {
  write(text: string): void;
  /** Bytes written so far (after masking): where a later writeAt can patch. */
  position(): number;
  /** Overwrites bytes already written (unmasked: numbers and markup only). */
  writeAt(position: number, text: string): void;
}

export interface StreamingReporter {
  name: string;
  defaultPath: string;
  open(out: ReportOutput, meta: ReportMeta): ReportSink;
}
