/**
 * Per-endpoint response times folded as results arrive, with p50 and p95. Each
 * endpoint keeps at most MAX_SAMPLES durations (a uniform reservoir beyond that,
 * with a fixed seed so reports are reproducible), so memory stays flat on long runs.
 */
import type { ScenarioResult } from '../model/result.js';

const MAX_SAMPLES = 4096;

export interface EndpointLatency {
  endpoint: string;
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LatencyStats {
  add(scenario: ScenarioResult): void;
  /** Endpoints in order of first appearance. */
  summary(): EndpointLatency[];
}

export function createLatencyStats(): LatencyStats {
  const table = new Map<string, { samples: number[]; count: number; max: number }>();
  let seed = 0x9e3779b9;
  const random = () => {
    // xorshift32: deterministic, good enough to pick reservoir slots.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const record = (endpoint: string, ms: number) => {
    let e = table.get(endpoint);
    if (!e) table.set(endpoint, (e = { samples: [], count: 0, max: 0 }));
    e.count++;
    e.max = Math.max(e.max, ms);
    if (e.samples.length < MAX_SAMPLES) e.samples.push(ms);
    else {
      const slot = Math.floor(random() * e.count);
      if (slot < MAX_SAMPLES) e.samples[slot] = ms;
    }
  };
  return {
    add(s) {
      for (const step of s.steps) {
        for (const x of step.exchanges) {
          if (x.error || x.status === undefined) continue;
          if (x.kind === 'token') record(`token fetch (${x.profile})`, x.durationMs);
          else record(step.endpoint ?? `${x.method} ${x.url}`, x.durationMs);
        }
      }
    },
    summary: () =>
      [...table].map(([endpoint, e]) => {
        const sorted = [...e.samples].sort((a, b) => a - b);
        return {
          endpoint,
          count: e.count,
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
          max: e.max,
        };
      }),
  };
}

/** Nearest-rank quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
