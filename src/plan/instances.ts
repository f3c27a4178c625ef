/**
 * What actually runs: every selected scenario once per iteration and data row,
 * iteration-major, in file order; then, for --shard i/n, this machine's part.
 *
 * Shards are deterministic (the same inputs give every machine the same split)
 * and together are exactly the full run. Without timings, instances are dealt
 * round-robin (balanced by count); with a previous JSON report, longest first to
 * the least-loaded shard (balanced by recorded duration).
 */
import type { Scenario } from '../model/collection.js';
import type { Report } from '../model/report.js';
import { InputError } from '../source/errors.js';
import type { DataRow } from './data.js';

export interface ScenarioInstance {
  scenario: Scenario;
  /** Position in the full, unsharded run: reports merge and sort by it. */
  order: number;
  /** 1-based, when there is more than one iteration. */
  iteration?: number;
  row?: DataRow;
}

export interface Shard {
  index: number;
  count: number;
}

export function expandInstances(
  scenarios: readonly Scenario[],
  iterations = 1,
  rows: readonly DataRow[] = [],
): ScenarioInstance[] {
  const out: ScenarioInstance[] = [];
  for (let iteration = 1; iteration <= iterations; iteration++) {
    for (const row of rows.length > 0 ? rows : [undefined]) {
      for (const scenario of scenarios) {
        out.push({
          scenario,
          order: out.length,
          ...(iterations > 1 ? { iteration } : {}),
          ...(row ? { row } : {}),
        });
      }
    }
  }
  return out;
}

/** The stable identity of an instance across runs: what sharding and merging key on. */
export function instanceKey(name: string, iteration?: number, rowIndex?: number): string {
  return `${name}\u0000${iteration ?? 1}\u0000${rowIndex ?? 0}`;
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new InputError(`expected i/n with 1 <= i <= n, got "${value}"`, { flag: '--shard' });
  return { index, count };
}

export function selectShard(
  instances: readonly ScenarioInstance[],
  shard: Shard,
  timings?: Report,
): ScenarioInstance[] {
  if (shard.count === 1) return [...instances];
  if (!timings) return instances.filter((_, i) => i % shard.count === shard.index - 1);
  const recorded = new Map<string, number>();
  for (const run of timings.runs) {
    for (const s of run.scenarios) recorded.set(instanceKey(s.name, s.iteration, s.row?.index), s.durationMs);
  }
  const known = [...recorded.values()];
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const cost = (x: ScenarioInstance) =>
    recorded.get(instanceKey(x.scenario.name, x.iteration, x.row?.index)) ?? fallback;
  const loads = new Array<number>(shard.count).fill(0);
  const mine = new Set<number>();
  const byCost = [...instances].sort((a, b) => cost(b) - cost(a) || a.order - b.order);
  for (const x of byCost) {
    let target = 0;
    for (let s = 1; s < shard.count; s++) if (loads[s]! < loads[target]!) target = s;
    loads[target]! += cost(x);
    if (target === shard.index - 1) mine.add(x.order);
  }
  return instances.filter((x) => mine.has(x.order));
}
