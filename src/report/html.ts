/**
 * -r html: one self-contained page (no network) a QA lead opens first: the
 * verdict and where it ran (environment, base URL, local time), failures grouped
 * with counts and the iterations or rows they came from and the request as sent,
 * the endpoint × caller grid, a waterfall, latency per endpoint and a table of
 * scenarios. Filters (failed only, text) and expand/collapse all come from one
 * script allowed by its hash, next to the stylesheet, in a strict CSP.
 * Built from an accumulator (html-model.ts), so it never needs every result kept.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../model/report.js';
import { instanceLabel, ms, plural } from './format.js';
import { esc } from './html-escape.js';
import { createHtmlModel, medianOf, totalStats, type HtmlModel, type RunModel } from './html-model.js';
import { SCRIPT } from './html-script.js';
import { localTime, renderFailures, renderLatency, renderStepDetail } from './html-sections.js';
import { STYLE } from './html-style.js';
import type { FileReporter, ReportMeta, ReportOutput, ReportSink, StreamingReporter } from './types.js';

export const htmlReporter: FileReporter & StreamingReporter = {
  name: 'html',
  defaultPath: 'reports/report.html',
  render: renderHtml,
  open: openHtmlSink,
};

/** The streaming entry point: each scenario is folded as it finishes; the page is written at close. */
function openHtmlSink(out: ReportOutput, meta: ReportMeta): ReportSink {
  const model = createHtmlModel({ version: meta.version });
  return {
    runStart: (run) => model.addRun(run),
    scenario: (result) => model.addScenario(result),
    runEnd: (summary) => model.endRun(summary),
    close: (totals) => out.write(renderPage(model, meta.startedAt, totals.durationMs)),
  };
}

/** The FileReporter entry point: folds a finished report through the accumulator. */
export function renderHtml(report: Report): string {
  const model = createHtmlModel({ version: report.tool.version });
  for (const run of report.runs) {
    model.addRun(run);
    for (const s of run.scenarios) model.addScenario(s);
    model.endRun(run);
  }
  return renderPage(model, report.startedAt, report.durationMs);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

export function renderPage(model: HtmlModel, startedAt: string, durationMs: number): string {
  const csp = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const runs = model.runs();
  const failed = runs.some((r) => r.end?.outcome === 'failed');
  const interrupted = runs.some((r) => r.end?.interrupted);
  const outcome = failed ? 'failed' : 'passed';
  const verdict = interrupted ? 'INTERRUPTED' : outcome.toUpperCase();
  const title = runs.map((r) => r.meta.collection.name).join(', ');
  const s = totalStats(runs);
  const cards = [
    ['scenarios', `${s.scenarios.passed}/${s.scenarios.total}`, 'passed'],
    ['checks', `${s.checks.passed}/${s.checks.total}`, 'passed'],
    ['requests', String(s.requests), ''],
    ['token fetches', String(s.tokenFetches), ''],
    ['retries after 401', String(s.retries), ''],
    ['duration', ms(durationMs), ''],
  ]
    .map(
      ([label, value, sub]) =>
        `<div class="card"><div class="value">${esc(value)}</div><div class="muted">${esc(label)} ${esc(sub)}</div></div>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`gatecheck · ${title} · ${verdict}`)}</title>
<style>${STYLE}</style></head>
<body>
<header><h1>gatecheck report <span class="verdict ${outcome}">${verdict}</span></h1>
<p class="muted">${esc(title)} · started <time datetime="${esc(startedAt)}" title="${esc(startedAt)}">${esc(localTime(startedAt))}</time> · gatecheck ${esc(model.version)}</p></header>
<section class="cards">${cards}</section>
<div class="controls" hidden><label><input type="checkbox" id="failed-only"> failed only</label> <input type="search" id="q" placeholder="filter: scenario, endpoint, check, status…" aria-label="filter"> <button type="button" id="expand">expand all</button> <button type="button" id="collapse">collapse all</button> <span id="shown" class="muted"></span></div>
${runs.map(renderRun).join('\n')}
<script>${SCRIPT}</script>
</body></html>
`;
}

function renderRun(run: RunModel): string {
  const { meta } = run;
  const where = run.end?.target ?? meta.target;
  const target = [
    where?.environment ? `environment <code>${esc(where.environment)}</code>` : '',
    where?.baseUrl ? `base URL <code>${esc(where.baseUrl)}</code>` : '',
    `started ${esc(localTime(meta.startedAt))}`,
    run.end ? esc(ms(run.end.durationMs)) : '',
    run.end?.interrupted ? '<b>interrupted</b>' : '',
  ].filter(Boolean);
  return `<section class="run">
<h2>${esc(meta.collection.name)} <span class="muted">${esc(meta.collection.file)}</span></h2>
<p class="target">${target.join(' · ')}</p>
${renderFailures(run.failures.all(), run.failures.ungrouped())}
${run.grid.render()}
<h3>Timing</h3>
${run.waterfall.render()}
${renderLatency(run.latency.summary())}
${renderScenarios(run)}
</section>`;
}

function renderScenarios(run: RunModel): string {
  const rows = [...run.scenarios.values()]
    .map((s) => {
      const outcome = s.failed > 0 ? 'failed' : s.passed > 0 ? 'passed' : 'skipped';
      const instances = s.passed + s.failed + s.skipped;
      const counts =
        instances === 1
          ? ''
          : `${plural(instances, 'run')}: ${s.passed} passed${s.failed ? `, ${s.failed} failed` : ''}${s.skipped ? `, ${s.skipped} skipped` : ''} · median `;
      const steps = s.sample.steps
        .map((st) =>
          st.kind === 'wait'
            ? `<div class="step wait muted">◷ ${esc(st.name)}</div>`
            : `<details class="step ${st.outcome}"><summary><span class="mark">${mark(st.outcome)}</span> <code>${esc(st.request ? `${st.request.method} ${st.request.url}` : st.name)}</code> <span class="muted">${esc(st.name)} · ${esc(ms(st.durationMs))}</span></summary>${renderStepDetail(st)}</details>`,
        )
        .join('');
      const shown = instances > 1 ? `<p class="muted">Shown: ${esc(instanceLabel(s.sample))}</p>` : '';
      return `<details class="scenario ${outcome}" data-item data-outcome="${outcome}"><summary><span class="mark">${mark(outcome)}</span> ${esc(s.name)} <span class="muted">${counts}${esc(ms(medianOf(s.durations)))}</span></summary>${shown}${steps}</details>`;
    })
    .join('\n');
  return `<h3>Scenarios</h3>\n${rows}`;
}

function mark(outcome: string): string {
  return outcome === 'passed' ? '✓' : outcome === 'skipped' ? '○' : '✗';
}
