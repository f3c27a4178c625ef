/**
 * Endpoint × caller -> expected and observed status, for every secured step:
 *   GET /ords/{{alias}}/customers/validation/{{id}}  license-client  2xx  200  ✓
 *   GET /ords/{{alias}}/customers/validation/{{id}}  anonymous       401  200  ✗ got in
 * Derived from step results, so JSON reports need no second copy of it.
 */
import { describeRefusal, type RunResult, type ScenarioResult } from '../model/result.js';

export interface MatrixRow {
  collection: string;
  endpoint: string;
  caller: string;
  /** 'step' for the step's own caller; a probe kind otherwise. */
  kind: 'step' | 'anonymous' | 'invalid-token' | 'wrong-password' | 'deny' | 'allow';
  expected: number | number[] | string;
  observed?: number;
  /** The caller's token was refused, so it never reached the endpoint. */
  tokenRefused?: { status: number; error?: string };
  passed: boolean;
  /** A caller who had to be refused and was not. */
  gotIn: boolean;
}

export function securityMatrix(runs: readonly RunResult[]): MatrixRow[] {
  return runs.flatMap((run) => run.scenarios.flatMap((s) => matrixRowsOf(run.collection.file, s)));
}

/** One scenario's rows: what a reporter adds as each scenario finishes. */
export function matrixRowsOf(collection: string, scenario: ScenarioResult): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const step of scenario.steps) {
    if (!step.probes || !step.endpoint) continue;
    const status = step.checks.find((c) => c.check === 'status');
    rows.push({
      collection,
      endpoint: step.endpoint,
      caller: step.caller ?? 'anonymous',
      kind: 'step',
      expected: (status?.expected as MatrixRow['expected'] | undefined) ?? '2xx',
      observed: step.response?.status,
      passed: status?.passed ?? false,
      gotIn: false,
    });
    for (const p of step.probes) {
      const refusedExpected = p.kind !== 'allow';
      const gotIn = refusedExpected && p.status !== undefined && p.status < 400;
      rows.push({
        collection,
        endpoint: step.endpoint,
        caller: p.caller,
        kind: p.kind,
        expected: p.expected,
        observed: p.status,
        ...(p.tokenRefused ? { tokenRefused: p.tokenRefused } : {}),
        passed: p.passed,
        gotIn,
      });
    }
  }
  return rows;
}

/** Rows without repeats (iterations and data rows observe the same endpoint and caller again), first-seen order. */
export function createMatrixAccumulator(): { add(rows: MatrixRow[]): void; rows(): MatrixRow[] } {
  const seen = new Map<string, MatrixRow>();
  return {
    add(rows) {
      for (const r of rows) {
        const key = JSON.stringify([
          r.collection,
          r.endpoint,
          r.caller,
          r.kind,
          r.expected,
          r.observed,
          r.tokenRefused,
          r.passed,
        ]);
        if (!seen.has(key)) seen.set(key, r);
      }
    },
    rows: () => [...seen.values()],
  };
}

/** "200", "refused at token endpoint (401 invalid_client)", or "error". */
export function showObserved(r: MatrixRow): string {
  if (r.tokenRefused) return describeRefusal(r.tokenRefused);
  return r.observed === undefined ? 'error' : String(r.observed);
}

export function showExpected(e: MatrixRow['expected']): string {
  return Array.isArray(e) ? e.join('|') : String(e);
}

/** The matrix as aligned text lines. */
export function matrixLines(rows: readonly MatrixRow[], mark: (row: MatrixRow) => string): string[] {
  const cells = rows.map((r, i) => [
    i > 0 && rows[i - 1]!.endpoint === r.endpoint ? '' : r.endpoint,
    r.caller,
    showExpected(r.expected),
    showObserved(r),
  ]);
  const header = ['endpoint', 'caller', 'expected', 'observed'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
  return [line(header), ...cells.map((row, i) => `${line(row)}  ${mark(rows[i]!)}`)];
}
