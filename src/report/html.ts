/**
 * -r html: one self-contained page (no network, no script) with the verdict,
 * totals, a timing waterfall per collection, and every scenario and step; failed
 * ones open with expected vs actual. A Content-Security-Policy allows only the
 * page's own stylesheet, by hash.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../model/report.js';
import type { CheckResult, RunResult, ScenarioResult, StepResult } from '../model/result.js';
import { instanceLabel, ms, plural, show, statusFlow } from './format.js';
import { esc } from './html-escape.js';
import { STYLE } from './html-style.js';
import { securityMatrix, showExpected } from './security-matrix.js';
import { renderWaterfall } from './html-waterfall.js';
import { REPORT_SCHEMA_VERSION } from '../model/report.js';
import type { FileReporter, ReportMeta, ReportOutput, ReportSink, StreamingReporter } from './types.js';

export const htmlReporter: FileReporter & StreamingReporter = {
  name: 'html',
  defaultPath: 'reports/report.html',
  render: renderHtml,
  open: openHtmlSink,
};

/**
 * For now the page is rendered from the whole report at the end, so this sink
 * keeps every result (memory grows with the run, unlike json and junit).
 */
function openHtmlSink(out: ReportOutput, meta: ReportMeta): ReportSink {
  const runs: RunResult[] = [];
  let scenarios: ScenarioResult[] = [];
  return {
    runStart() {
      scenarios = [];
    },
    scenario(result) {
      scenarios.push(result);
    },
    runEnd(summary) {
      runs.push({ ...summary, scenarios });
    },
    close(totals) {
      out.write(
        renderHtml({
          $schema: '',
          schemaVersion: REPORT_SCHEMA_VERSION,
          tool: { name: 'gatecheck', version: meta.version },
          startedAt: meta.startedAt,
          ...totals,
          runs,
        }),
      );
    },
  };
}

export function renderHtml(report: Report): string {
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = report.runs.map((r) => r.collection.name).join(', ');
  const verdict = report.interrupted ? 'INTERRUPTED' : report.outcome.toUpperCase();
  const s = report.stats;
  const cards = [
    ['scenarios', `${s.scenarios.passed}/${s.scenarios.total}`, 'passed'],
    ['checks', `${s.checks.passed}/${s.checks.total}`, 'passed'],
    ['requests', String(s.requests), ''],
    ['token fetches', String(s.tokenFetches), ''],
    ['retries after 401', String(s.retries), ''],
    ['duration', ms(report.durationMs), ''],
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
<header><h1>gatecheck report <span class="verdict ${report.outcome}">${verdict}</span></h1>
<p class="muted">${esc(title)} · started ${esc(report.startedAt)} · gatecheck ${esc(report.tool.version)}</p></header>
<section class="cards">${cards}</section>
${report.runs.map(renderRun).join('\n')}
</body></html>
`;
}

function renderRun(run: RunResult): string {
  return `<section class="run">
<h2>${esc(run.collection.name)} <span class="muted">${esc(run.collection.file)}</span></h2>
<h3>Timing</h3>
${renderWaterfall(run)}
${renderMatrix(run)}
<h3>Scenarios</h3>
${run.scenarios.map(renderScenario).join('\n')}
</section>`;
}

function renderMatrix(run: RunResult): string {
  const rows = securityMatrix([run]);
  if (rows.length === 0) return '';
  const body = rows
    .map((r, i) => {
      const endpoint = i > 0 && rows[i - 1]!.endpoint === r.endpoint ? '' : `<code>${esc(r.endpoint)}</code>`;
      const verdict = r.passed ? '✓' : r.gotIn ? '✗ GOT IN' : r.kind === 'allow' ? '✗ kept out' : '✗';
      return `<tr class="${r.passed ? 'passed' : 'failed'}"><td>${endpoint}</td><td>${esc(r.caller)}</td><td>${esc(showExpected(r.expected))}</td><td>${esc(r.observed ?? 'error')}</td><td>${verdict}</td></tr>`;
    })
    .join('');
  return `<h3>Security matrix</h3><table class="checks matrix"><tr><th>endpoint</th><th>caller</th><th>expected</th><th>observed</th><th></th></tr>${body}</table>`;
}

function renderScenario(s: ScenarioResult): string {
  const open = s.outcome === 'failed' ? ' open' : '';
  return `<details class="scenario ${s.outcome}"${open}><summary><span class="mark">${mark(s.outcome)}</span> ${esc(instanceLabel(s))} <span class="muted">${plural(s.steps.length, 'step')} · ${esc(ms(s.durationMs))}</span></summary>
${s.steps.map(renderStep).join('\n')}
</details>`;
}

function renderStep(step: StepResult): string {
  if (step.kind === 'wait')
    return `<div class="step wait"><span class="muted">◷ ${esc(step.name)}</span></div>`;
  const flow = statusFlow(step);
  const tokens = step.tokenEvents.map(
    (t) =>
      `token ${t.kind}${t.reason ? ` (${t.reason === '401' ? 'after 401' : 'expiring'})` : ''}: ${t.profile}`,
  );
  const head = `<div class="step-head"><span class="mark">${mark(step.outcome)}</span> <code>${esc(step.request?.method ?? '')} ${esc(step.request?.url ?? step.name)}</code>${flow ? ` → <b>${esc(flow)}</b>` : ''} <span class="muted">${esc(ms(step.durationMs))}${tokens.length ? ` · ${esc(tokens.join(', '))}` : ''}</span></div>`;
  const name =
    step.request && !step.name.startsWith(`${step.request.method} `)
      ? `<div class="muted step-name">${esc(step.name)}</div>`
      : '';
  const error = step.error ? `<p class="error">${esc(step.error.code)}: ${esc(step.error.message)}</p>` : '';
  const checks =
    step.checks.length > 0
      ? `<table class="checks"><tr><th></th><th>check</th><th>expected</th><th>actual</th></tr>${step.checks.map(renderCheck).join('')}</table>`
      : '';
  const body = step.response?.bodyExcerpt
    ? `<details class="body"><summary>response body (excerpt)</summary><pre>${esc(step.response.bodyExcerpt)}</pre></details>`
    : '';
  return `<div class="step ${step.outcome}">${head}${name}${error}${checks}${body}</div>`;
}

function renderCheck(c: CheckResult): string {
  const why = c.message ? ` <span class="muted">(${esc(c.message)})</span>` : '';
  return `<tr class="${c.passed ? 'passed' : 'failed'}"><td>${c.passed ? '✓' : '✗'}</td><td>${esc(c.check)}</td><td><code>${esc(show(c.expected))}</code></td><td><code>${esc(show(c.actual))}</code>${why}</td></tr>`;
}

function mark(outcome: string): string {
  return outcome === 'passed' ? '✓' : outcome === 'skipped' ? '○' : '✗';
}
