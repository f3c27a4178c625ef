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

/**
 * The instances a plan runs, each made when it is reached: a million-run plan is
 * a few numbers (and, for a shard balanced by timings, one number per instance),
 * not a million objects held for the whole run.
 */
export class InstanceList implements Iterable<ScenarioInstance> {
  readonly length: number;

  /** `positions`: the positions in the full run this list holds, in order; all of them when absent. */
  constructor(
    private readonly scenarios: readonly Scenario[],
    private readonly iterations: number,
    private readonly rows: readonly DataRow[],
    private readonly positions?: { start: number; step: number } | Uint32Array,
  ) {
    const total = scenarios.length * Math.max(rows.length, 1) * iterations;
    this.length =
      positions === undefined
        ? total
        : positions instanceof Uint32Array
          ? positions.length
          : Math.max(0, Math.ceil((total - positions.start) / positions.step));
  }

  /** The full run's size, before any shard. */
  get total(): number {
    return this.scenarios.length * Math.max(this.rows.length, 1) * this.iterations;
  }

  at(index: number): ScenarioInstance | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const p = this.positions;
    return this.atPosition(
      p === undefined ? index : p instanceof Uint32Array ? p[index]! : p.start + index * p.step,
    );
  }

  /** Iteration-major, then data row, then scenario in file order. */
  atPosition(order: number): ScenarioInstance {
    const perRow = this.scenarios.length;
    const perIteration = perRow * Math.max(this.rows.length, 1);
    const iteration = Math.floor(order / perIteration) + 1;
    const row = this.rows[Math.floor((order % perIteration) / perRow)];
    return {
      scenario: this.scenarios[order % perRow]!,
      order,
      ...(this.iterations > 1 ? { iteration } : {}),
      ...(row ? { row } : {}),
    };
  }

  *[Symbol.iterator](): Iterator<ScenarioInstance> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  /** This list with only the given positions of the full run. */
  withPositions(positions: { start: number; step: number } | Uint32Array): InstanceList {
    return new InstanceList(this.scenarios, this.iterations, this.rows, positions);
  }
}

/** Every selected scenario once per iteration and data row. */
export function expandInstances(
  scenarios: readonly Scenario[],
  iterations = 1,
  rows: readonly DataRow[] = [],
): InstanceList {
  return new InstanceList(scenarios, iterations, rows);
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

/** `all`'s part for this shard (`all` is the full, unsharded run). */
export function selectShard(all: InstanceList, shard: Shard, timings?: Report): InstanceList {
  if (shard.count === 1) return all;
  if (!timings) return all.withPositions({ start: shard.index - 1, step: shard.count });
  const recorded = new Map<string, number>();
  for (const run of timings.runs) {
    for (const s of run.scenarios) recorded.set(instanceKey(s.name, s.iteration, s.row?.index), s.durationMs);
  }
  const known = [...recorded.values()];
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const costs = new Float64Array(all.total);
  for (let order = 0; order < costs.length; order++) {
    const x = all.atPosition(order);
    costs[order] = recorded.get(instanceKey(x.scenario.name, x.iteration, x.row?.index)) ?? fallback;
  }
  const loads = new Array<number>(shard.count).fill(0);
  const mine: number[] = [];
  const byCost = Uint32Array.from(costs.keys()).sort((a, b) => costs[b]! - costs[a]! || a - b);
  for (const order of byCost) {
    let target = 0;
    for (let s = 1; s < shard.count; s++) if (loads[s]! < loads[target]!) target = s;
    loads[target]! += costs[order]!;
    if (target === shard.index - 1) mine.push(order);
  }
  return all.withPositions(Uint32Array.from(mine).sort());
}
