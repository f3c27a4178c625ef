/**
 * The security matrix as a grid: a row per endpoint, a column per caller, each
 * cell the expected and observed status. Refused-as-expected and
 * allowed-as-expected share one colour; GOT IN and LOCKED OUT are red. Folded
 * per step, so 200 iterations add counts to the same cells, not rows.
 */
import type { ScenarioResult } from '../model/result.js';
import { esc } from './html-escape.js';
import { matrixRowsOf, showExpected, showObserved } from './security-matrix.js';

interface Cell {
  expected: string;
  /** Observed statuses ('error' for none) and how often. */
  observed: Map<string, number>;
  passed: number;
  gotIn: number;
  lockedOut: number;
  otherFailures: number;
}

export interface SecurityGrid {
  addScenario(collection: string, scenario: ScenarioResult): void;
  render(): string;
}

export function createSecurityGrid(): SecurityGrid {
  const endpoints = new Map<string, Map<string, Cell>>();
  const callers: string[] = [];
  return {
    addScenario(collection, scenario) {
      for (const row of matrixRowsOf(collection, scenario)) {
        if (!callers.includes(row.caller)) callers.push(row.caller);
        let cells = endpoints.get(row.endpoint);
        if (!cells) endpoints.set(row.endpoint, (cells = new Map()));
        let cell = cells.get(row.caller);
        if (!cell) {
          cell = {
            expected: showExpected(row.expected),
            observed: new Map(),
            passed: 0,
            gotIn: 0,
            lockedOut: 0,
            otherFailures: 0,
          };
          cells.set(row.caller, cell);
        }
        const seen = showObserved(row);
        cell.observed.set(seen, (cell.observed.get(seen) ?? 0) + 1);
        if (row.passed) cell.passed++;
        else if (row.gotIn) cell.gotIn++;
        else if (row.kind === 'allow' || row.kind === 'step') cell.lockedOut++;
        else cell.otherFailures++;
      }
    },
    render() {
      if (endpoints.size === 0) return '';
      const head = callers.map((c) => `<th scope="col">${esc(c)}</th>`).join('');
      const body = [...endpoints]
        .map(([endpoint, cells]) => {
          const failed = [...cells.values()].some((c) => c.passed < total(c));
          const tds = callers.map((caller) => renderCell(cells.get(caller))).join('');
          return `<tr data-item data-outcome="${failed ? 'failed' : 'passed'}"><th scope="row"><code>${esc(endpoint)}</code></th>${tds}</tr>`;
        })
        .join('');
      return `<h3>Security matrix <span class="muted">endpoint × caller: expected / observed</span></h3>
<p class="legend"><span class="key ok"></span>refused or allowed as expected <span class="key err"></span>GOT IN (had to be refused) or LOCKED OUT (had to get in)</p>
<div class="scroll"><table class="grid"><tr><th>endpoint</th>${head}</tr>${body}</table></div>`;
    },
  };
}

function total(c: Cell): number {
  return c.passed + c.gotIn + c.lockedOut + c.otherFailures;
}

function renderCell(c: Cell | undefined): string {
  if (!c) return '<td class="none">—</td>';
  const n = total(c);
  const observed = [...c.observed.keys()].join('|');
  const verdict =
    c.gotIn > 0 ? 'GOT IN' : c.lockedOut > 0 ? 'LOCKED OUT' : c.otherFailures > 0 ? 'unexpected' : '';
  const failed = n - c.passed;
  const counts = n > 1 ? ` <span class="count">${failed > 0 ? `${failed} of ${n}` : `×${n}`}</span>` : '';
  const mark = failed > 0 ? `✗ ${verdict}` : '✓';
  return `<td class="${failed > 0 ? 'bad' : 'ok'}"><span class="exp">${esc(c.expected)}</span> / <b>${esc(observed)}</b><br><span class="mark">${esc(mark)}</span>${counts}</td>`;
}
