/**
 * The JSON report: the document `-r json` writes and that later commands (diff,
 * merge) read. Versioned: a reader checks schemaVersion; fields are only ever
 * added within a version. Described by schema/report.schema.json.
 */
import type { RunResult, RunStats } from './result.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface Report {
  $schema: string;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'gatecheck'; version: string };
  startedAt: string;
  durationMs: number;
  outcome: 'passed' | 'failed';
  interrupted: boolean;
  /** Totals over every run. */
  stats: RunStats;
  /** One run per collection, in command-line order. */
  runs: RunResult[];
}
