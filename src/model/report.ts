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
  /** Which part of a sharded run this is (absent for a whole run). */
  shard?: ShardInfo;
  /** Totals over every run. */
  stats: RunStats;
  /** One run per collection, in command-line order. */
  runs: RunResult[];
}

/** A shard report's place in the whole run: `merge` checks that a set is complete. */
export interface ShardInfo {
  /** 1-based. */
  index: number;
  count: number;
  /** The same for every shard of one suite: a digest of what the whole run would run. */
  suite: string;
}
