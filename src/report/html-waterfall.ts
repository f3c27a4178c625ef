/**
 * The timing waterfall, as inline SVG (positions are SVG attributes, so the
 * strict CSP holds). One instance of each scenario (its first), a heading row
 * per scenario and a row per exchange: the request, the 401 before a refresh,
 * the retry, token fetches, and each security probe named by its caller. Bars
 * are coloured by verdict, not by status: an expected 401 is green, a 200 whose
 * check failed is red. Idle stretches (waits) are cut to a short break, so one
 * 2.5 s wait does not squeeze every other bar into a sliver.
 */
import type { Exchange, ScenarioResult, StepResult } from '../model/result.js';
import { instanceLabel, ms } from './format.js';
import { esc } from './html-escape.js';

const MAX_ROWS = 240;
const LABEL_WIDTH = 380;
const BAR_WIDTH = 560;
const ROW = 20;
const BREAK = 26;

type Verdict = 'ok' | 'bad' | 'token' | 'refresh';

interface Row {
  label: string;
  heading?: boolean;
  exchange?: Exchange;
  verdict?: Verdict;
  tip?: string;
}

export interface Waterfall {
  addScenario(s: ScenarioResult): void;
  render(): string;
}

export function createWaterfall(): Waterfall {
  // The first instance of each scenario name: the page stays the same size over 200 iterations.
  const firsts = new Map<string, ScenarioResult>();
  let instances = 0;
  return {
    addScenario(s) {
      instances++;
      const seen = firsts.get(s.name);
      if (!seen || s.index < seen.index) firsts.set(s.name, s);
    },
    render() {
      const scenarios = [...firsts.values()]
        .filter((s) => s.steps.some((st) => st.exchanges.length > 0))
        .sort((a, b) => a.startMs - b.startMs);
      return renderRows(scenarios, instances > firsts.size);
    },
  };
}

function rowsOf(s: ScenarioResult): Row[] {
  const rows: Row[] = [{ label: instanceLabel(s), heading: true }];
  for (const step of s.steps) {
    step.exchanges.forEach((e, i) => rows.push(exchangeRow(step, e, i)));
  }
  return rows;
}

function exchangeRow(step: StepResult, e: Exchange, i: number): Row {
  const status = e.status ?? e.error ?? '?';
  const base = `${e.method} ${e.url} → ${status} · ${ms(e.durationMs)} at ${ms(e.startMs)}`;
  if (e.kind === 'token')
    return {
      label: `↳ token fetch (${e.profile})`,
      exchange: e,
      verdict: e.error ? 'bad' : 'token',
      tip: base,
    };
  if (e.kind === 'probe') {
    const probe = step.probes?.find((p) => p.caller === e.caller);
    const verdict: Verdict = probe?.passed ? 'ok' : 'bad';
    const what = probe?.kind === 'allow' ? 'must get in' : 'must be refused';
    const label = `↳ as ${e.caller}${e.retry ? ', retried with a new token' : ''}`;
    return { label, exchange: e, verdict, tip: `probe as ${e.caller} (${what}): ${base}` };
  }
  // The step's own request is judged by its own checks; a probe that failed colours the probe's bar.
  const own = step.checks.filter((c) => !c.check.startsWith('security '));
  const verdict: Verdict = e.error || step.error || !own.every((c) => c.passed) ? 'bad' : 'ok';
  if (e.kind === 'retry')
    return { label: '↳ retry with the new token', exchange: e, verdict, tip: `retry: ${base}` };
  const firstOfRetried = step.retried && i === step.exchanges.findIndex((x) => x.kind === 'request');
  if (firstOfRetried)
    return {
      label: step.name,
      exchange: e,
      verdict: 'refresh',
      tip: `401, so the token is refreshed: ${base}`,
    };
  return { label: step.name, exchange: e, verdict, tip: base };
}

/** Maps run time to x, cutting idle gaps longer than a quarter second (and 10% of the span) to BREAK px. */
function timeAxis(exchanges: Exchange[]): { x: (t: number) => number; breaks: { at: number; ms: number }[] } {
  const spans = exchanges
    .map((e) => [e.startMs, e.startMs + e.durationMs] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const start = spans[0]![0];
  const end = Math.max(...spans.map((s) => s[1]));
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  const minGap = Math.max(250, 0.1 * (end - start));
  const gaps: [number, number][] = [];
  for (let i = 1; i < merged.length; i++) {
    if (merged[i]![0] - merged[i - 1]![1] > minGap) gaps.push([merged[i - 1]![1], merged[i]![0]]);
  }
  const idle = gaps.reduce((sum, g) => sum + (g[1] - g[0]), 0);
  const scale = (BAR_WIDTH - gaps.length * BREAK) / Math.max(1, end - start - idle);
  const x = (t: number) => {
    let px = LABEL_WIDTH;
    let from = start;
    for (const [a, b] of gaps) {
      if (t <= a) break;
      if (t < b) return px + (a - from) * scale + ((t - a) / (b - a)) * BREAK;
      px += (a - from) * scale + BREAK;
      from = b;
    }
    return px + (t - from) * scale;
  };
  return { x, breaks: gaps.map(([a, b]) => ({ at: x(a), ms: b - a })) };
}

function renderRows(scenarios: ScenarioResult[], sampled: boolean): string {
  const all = scenarios.flatMap(rowsOf);
  if (all.length === 0) return '<p class="muted">No requests were made.</p>';
  const rows = all.slice(0, MAX_ROWS);
  const exchanges = rows.flatMap((r) => (r.exchange ? [r.exchange] : []));
  const { x, breaks } = timeAxis(exchanges);
  const height = (rows.length + 1) * ROW + 6;
  const cuts = breaks.map(
    (b) =>
      `<g class="cut"><rect x="${(b.at + 2).toFixed(1)}" y="${ROW - 4}" width="${BREAK - 4}" height="${height - ROW}" class="gap"/><text x="${(b.at + BREAK / 2).toFixed(1)}" y="${ROW - 8}" class="axis" text-anchor="middle">+${esc(ms(b.ms))}</text></g>`,
  );
  const svgRows = rows.map((row, i) => {
    const y = (i + 1) * ROW;
    const label = row.label.length > 58 ? `${row.label.slice(0, 57)}…` : row.label;
    if (row.heading)
      return `<g><title>${esc(row.label)}</title><text x="4" y="${y + 14}" class="label heading">${esc(label)}</text><line x1="0" y1="${y + 1}" x2="${LABEL_WIDTH + BAR_WIDTH + 60}" y2="${y + 1}" class="sep"/></g>`;
    const e = row.exchange!;
    const x0 = x(e.startMs);
    const w = Math.max(2, x(e.startMs + e.durationMs) - x0);
    return `<g><title>${esc(row.tip ?? '')}</title><text x="16" y="${y + 14}" class="label">${esc(label)}</text><rect x="${x0.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="2" class="bar ${row.verdict}"/><text x="${(x0 + w + 4).toFixed(1)}" y="${y + 14}" class="axis">${esc(e.status ?? 'error')} · ${esc(ms(e.durationMs))}</text></g>`;
  });
  const notes = [
    sampled ? 'the first instance of each scenario' : '',
    all.length > rows.length ? `the first ${rows.length} of ${all.length} rows` : '',
    breaks.length > 0 ? 'idle time (waits) cut to the shaded breaks' : '',
  ].filter(Boolean);
  const legend = `<p class="legend"><span class="key ok"></span>as expected <span class="key bad"></span>failed or error <span class="key refresh"></span>401 that triggers a token refresh <span class="key token"></span>token fetch${notes.length ? ` · <span class="muted">${esc(notes.join('; '))}</span>` : ''}</p>`;
  return `${legend}<div class="scroll"><svg class="waterfall" viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 90} ${height}" width="${LABEL_WIDTH + BAR_WIDTH + 90}" role="img" aria-label="Request timing waterfall">${cuts.join('')}${svgRows.join('')}</svg></div>`;
}
