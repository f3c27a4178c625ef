/**
 * What the terminal prints after the summary: a recap of failures (each failing
 * scenario named once, however many iterations or rows failed) and, with
 * --timings, response times per endpoint.
 *
 *   Failures
 *   ✗ wrong expectation  × 200 (iterations 1–200)
 *       GET /public/items › status: expected 201, got 200
 */
import { describeInstances, type FailureGroups } from './failure-groups.js';
import { ms, plural, type Palette } from './format.js';
import type { EndpointLatency } from './latency.js';

/** Groups shown per scenario before "… and N more". */
const MAX_GROUPS = 10;

export function renderRecap(failures: FailureGroups, p: Palette): string {
  const scenarios = failures.byScenario();
  if (scenarios.length === 0) return '';
  const lines = ['', p.bold('Failures')];
  for (const s of scenarios) {
    const instances = describeInstances({
      count: s.failed,
      iterations: s.groups.flatMap((g) => g.iterations),
      rows: s.groups.flatMap((g) => g.rows),
    });
    const times = s.failed > 1 ? `  × ${s.failed}` : '';
    lines.push(`${p.fail('✗')} ${s.scenario}${times}${instances ? p.dim(` (${instances})`) : ''}`);
    for (const g of s.groups.slice(0, MAX_GROUPS)) {
      const why = g.message ? ` (${g.message})` : '';
      const what =
        g.check === 'error'
          ? `error ${g.actual}`
          : `${g.check}: expected ${g.expected}, got ${g.actual}${why}`;
      const count = g.count !== s.failed ? p.dim(`  × ${g.count}`) : '';
      lines.push(`    ${g.step} › ${p.fail(what)}${count}`);
    }
    if (s.groups.length > MAX_GROUPS) lines.push(p.dim(`    … and ${s.groups.length - MAX_GROUPS} more`));
  }
  if (failures.ungrouped() > 0) lines.push(p.dim(`… and ${failures.ungrouped()} more failures`));
  return `${lines.join('\n')}\n`;
}

export function renderTimings(rows: readonly EndpointLatency[], p: Palette): string {
  if (rows.length === 0) return '';
  const cells = rows.map((r) => [r.endpoint, String(r.count), ms(r.p50), ms(r.p95), ms(r.max)]);
  const header = ['endpoint', 'requests', 'p50', 'p95', 'max'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return `\n${p.bold('Timings')} ${p.dim(`(${plural(rows.length, 'endpoint')})`)}\n${[
    p.dim(line(header)),
    ...cells.map(line),
  ]
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

/** One line for scenarios an interrupted run (or --bail) never started, instead of one each. */
export function renderNotRun(count: number, p: Palette): string {
  return count === 0 ? '' : `${p.dim(`○ ${plural(count, 'scenario')} not run`)}\n`;
}
