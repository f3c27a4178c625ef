/**
 * Shard reports -> the report of the whole run, streamed: each collection's
 * scenarios are put back in their unsharded order by merging the shards' sorted
 * streams (a shard runs its part in order), renumbered, with totals recounted.
 * A set of shards is checked first: complete, nothing twice, one suite.
 */
import type { ShardInfo } from '../model/report.js';
import type { RunResult } from '../model/result.js';
import { addScenarioStats, computeStats, emptyStats } from '../model/stats.js';
import { InputError } from '../source/errors.js';
import { readReportItems, type ReportItem } from './read.js';
import type { ReportStream } from './render.js';
import type { Report } from '../model/report.js';

/** A report being read: its top-level fields first, then its items one at a time. */
export class ReportReader {
  readonly fields: Record<string, unknown> = {};
  private readonly items: Generator<ReportItem, void, undefined>;
  private pending: ReportItem | undefined;

  constructor(readonly file: string) {
    this.items = readReportItems(file);
    for (let item = this.pull(); item; item = this.pull()) {
      if (item.type !== 'field') {
        this.pending = item;
        break;
      }
      this.fields[item.key] = item.value;
    }
  }

  get shard(): ShardInfo | undefined {
    return this.fields.shard as ShardInfo | undefined;
  }

  peek(): ReportItem | undefined {
    this.pending ??= this.pull();
    return this.pending;
  }

  next(): ReportItem | undefined {
    const item = this.peek();
    this.pending = undefined;
    return item;
  }

  /** The next item that is not a top-level field (those after the runs are totals, recounted anyway). */
  nextOfRuns(): ReportItem | undefined {
    let item = this.next();
    while (item?.type === 'field') item = this.next();
    return item;
  }

  private pull(): ReportItem | undefined {
    const r = this.items.next();
    return r.done ? undefined : r.value;
  }
}

/** What is wrong with a set of shard reports, in one line each; empty when it is one whole run. */
export function shardSetProblems(readers: readonly ReportReader[]): string[] {
  const problems: string[] = [];
  const plain = readers.filter((r) => !r.shard);
  for (const r of plain) problems.push(`${r.file} is not a shard report (run without --shard)`);
  const shards = readers.filter((r) => r.shard);
  const first = shards[0];
  if (!first) return problems;
  for (const r of shards.slice(1)) {
    if (r.shard!.suite !== first.shard!.suite || r.shard!.count !== first.shard!.count)
      problems.push(
        `${r.file} is from another suite than ${first.file} (collections, scenarios, iterations, data or shard count differ)`,
      );
  }
  const count = first.shard!.count;
  const byIndex = new Map<number, string[]>();
  for (const r of shards) byIndex.set(r.shard!.index, [...(byIndex.get(r.shard!.index) ?? []), r.file]);
  for (const [index, files] of [...byIndex].sort((a, b) => a[0] - b[0]))
    if (files.length > 1)
      problems.push(`shard ${index}/${count} is given ${files.length} times: ${files.join(', ')}`);
  const missing: string[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(`${i}/${count}`);
  if (missing.length > 0) {
    const given = [...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${count}`);
    problems.push(
      `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing (given: ${given.join(', ')})`,
    );
  }
  return problems;
}

export interface MergeSummary {
  scenarios: number;
  failed: boolean;
}

/**
 * Streams the merged runs of readers whose runs line up (the shards of one
 * suite: the same collections in the same order) into `out`.
 */
export function mergeStreams(readers: readonly ReportReader[], out: ReportStream): MergeSummary {
  const summary: MergeSummary = { scenarios: 0, failed: false };
  for (;;) {
    const starts = readers.map((r) => r.nextOfRuns());
    if (starts.every((s) => s === undefined)) break;
    const odd = readers.find((_, i) => starts[i]?.type !== 'run-start');
    if (odd)
      throw new InputError('has a different number of collections than the other reports', {
        file: odd.file,
      });
    const heads = readers.map(readRunHead);
    const file = heads[0]!.collection.file;
    const other = heads.findIndex((h) => h.collection.file !== file);
    if (other !== -1)
      throw new InputError(`has ${heads[other]!.collection.file} where ${readers[0]!.file} has ${file}`, {
        file: readers[other]!.file,
      });
    const startedAt = Math.min(...heads.map((h) => Date.parse(h.startedAt)));
    out.runStart({ collection: heads[0]!.collection, startedAt: new Date(startedAt).toISOString() });
    const stats = emptyStats();
    let index = 0;
    for (;;) {
      let best = -1;
      let bestOrder = Infinity;
      readers.forEach((r, i) => {
        const item = r.peek();
        if (item?.type !== 'scenario') return;
        const order = item.value.order ?? item.value.index;
        if (order < bestOrder) [best, bestOrder] = [i, order];
      });
      if (best === -1) break;
      const item = readers[best]!.next() as Extract<ReportItem, { type: 'scenario' }>;
      const scenario = { ...item.value, index: index++ };
      addScenarioStats(stats, scenario);
      out.scenario(scenario);
    }
    const tails = readers.map(readRunTail);
    const end = Math.max(...heads.map((h, i) => Date.parse(h.startedAt) + tails[i]!.durationMs));
    const failed = stats.scenarios.failed > 0;
    out.runEnd({
      collection: heads[0]!.collection,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: end - startedAt,
      outcome: failed ? 'failed' : 'passed',
      interrupted: tails.some((t) => t.interrupted),
      stats,
    });
    summary.scenarios += stats.scenarios.total;
    summary.failed ||= failed;
  }
  return summary;
}

/** A run's fields up to its scenarios, and the scenarios-start. */
function readRunHead(reader: ReportReader): Pick<RunResult, 'collection' | 'startedAt'> {
  const fields: Record<string, unknown> = {};
  for (let item = reader.peek(); item && item.type === 'run-field'; item = reader.peek()) {
    reader.next();
    fields[item.key] = item.value;
  }
  if (reader.peek()?.type === 'scenarios-start') reader.next();
  const collection = fields.collection as RunResult['collection'] | undefined;
  if (!collection || typeof fields.startedAt !== 'string')
    throw new InputError('a run lacks its collection or startedAt before its scenarios', {
      file: reader.file,
    });
  return { collection, startedAt: fields.startedAt };
}

/** After the scenarios: the run's remaining fields, through run-end. */
function readRunTail(reader: ReportReader): { durationMs: number; interrupted: boolean } {
  const fields: Record<string, unknown> = {};
  for (let item = reader.next(); item && item.type !== 'run-end'; item = reader.next()) {
    if (item.type === 'run-field') fields[item.key] = item.value;
  }
  return { durationMs: Number(fields.durationMs ?? 0), interrupted: fields.interrupted === true };
}

/** In memory, for reports that do not line up (merged with --allow-partial): by collection file. */
export function mergeRuns(reports: readonly Report[]): RunResult[] {
  const byFile = new Map<string, RunResult[]>();
  for (const report of reports) {
    for (const run of report.runs)
      byFile.set(run.collection.file, [...(byFile.get(run.collection.file) ?? []), run]);
  }
  return [...byFile.values()].map((runs) => {
    const scenarios = runs
      .flatMap((r) => r.scenarios)
      .sort((a, b) => (a.order ?? a.index) - (b.order ?? b.index))
      .map((s, index) => ({ ...s, index }));
    const start = Math.min(...runs.map((r) => Date.parse(r.startedAt)));
    const end = Math.max(...runs.map((r) => Date.parse(r.startedAt) + r.durationMs));
    const stats = computeStats(scenarios);
    return {
      collection: runs[0]!.collection,
      startedAt: new Date(start).toISOString(),
      durationMs: end - start,
      outcome: stats.scenarios.failed > 0 ? 'failed' : 'passed',
      interrupted: runs.some((r) => r.interrupted),
      scenarios,
      stats,
    } satisfies RunResult;
  });
}
