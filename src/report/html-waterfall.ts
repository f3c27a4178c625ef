/**
 * The timing waterfall: one row per exchange (request, token fetch, retry), as
 * inline SVG. Positions are SVG attributes, not style attributes, so the page
 * works under a CSP without 'unsafe-inline'.
 */
import type { Exchange, RunResult } from '../model/result.js';
import { ms } from './format.js';
import { esc } from './html-escape.js';

const MAX_ROWS = 400;
const LABEL_WIDTH = 360;
const BAR_WIDTH = 600;
const ROW = 20;

interface Row {
  label: string;
  exchange: Exchange;
}

export function renderWaterfall(run: RunResult): string {
  const rows: Row[] = [];
  for (const s of run.scenarios) {
    for (const step of s.steps) {
      for (const exchange of step.exchanges) rows.push({ label: `${s.name} › ${step.name}`, exchange });
    }
  }
  if (rows.length === 0) return '<p class="muted">No requests were made.</p>';
  rows.sort((a, b) => a.exchange.startMs - b.exchange.startMs);
  const shown = rows.slice(0, MAX_ROWS);
  const total = Math.max(1, ...shown.map((r) => r.exchange.startMs + r.exchange.durationMs));
  const x = (t: number) => LABEL_WIDTH + (t / total) * BAR_WIDTH;
  const height = (shown.length + 1) * ROW + 10;

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const tx = x(f * total).toFixed(1);
    return `<line x1="${tx}" y1="${ROW - 6}" x2="${tx}" y2="${height}" class="tick"/><text x="${tx}" y="${ROW - 8}" class="axis" text-anchor="middle">${esc(ms(f * total))}</text>`;
  });
  const bars = shown.map((row, i) => {
    const e = row.exchange;
    const y = (i + 1) * ROW;
    const kind = e.error
      ? 'err'
      : e.kind === 'token'
        ? 'token'
        : e.kind === 'retry' || (e.kind === 'probe' && e.retry)
          ? 'retry'
          : (e.status ?? 0) >= 400
            ? 'http4xx'
            : 'ok';
    const what =
      e.kind === 'token' ? `token (${e.profile})` : e.kind === 'probe' ? `probe (${e.caller})` : e.kind;
    const tip = `${what}: ${e.method} ${e.url} → ${e.status ?? e.error ?? '?'} · ${ms(e.durationMs)} at ${ms(e.startMs)}`;
    const label = row.label.length > 52 ? `${row.label.slice(0, 51)}…` : row.label;
    const w = Math.max(2, (e.durationMs / total) * BAR_WIDTH).toFixed(1);
    return `<g><title>${esc(tip)}</title><text x="4" y="${y + 13}" class="label">${esc(e.kind === 'token' ? `↳ token ${e.profile}` : label)}</text><rect x="${x(e.startMs).toFixed(1)}" y="${y + 3}" width="${w}" height="${ROW - 6}" rx="2" class="bar ${kind}"/><text x="${(x(e.startMs) + Number(w) + 4).toFixed(1)}" y="${y + 13}" class="axis">${esc(e.status ?? 'error')}</text></g>`;
  });
  const more =
    rows.length > shown.length
      ? `<p class="muted">Showing the first ${shown.length} of ${rows.length} exchanges.</p>`
      : '';
  const legend =
    '<p class="legend"><span class="key ok"></span>request <span class="key http4xx"></span>4xx/5xx <span class="key token"></span>token fetch <span class="key retry"></span>retry after 401 <span class="key err"></span>error</p>';
  return `${legend}<svg class="waterfall" viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${height}" width="100%" role="img" aria-label="Request timing waterfall">${ticks.join('')}${bars.join('')}</svg>${more}`;
}
