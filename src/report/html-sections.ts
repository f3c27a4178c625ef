/** Parts of the HTML report: failure groups with request detail, the scenario table, latency, time. */
import type { CheckResult, StepResult } from '../model/result.js';
import { curlCommand } from './curl.js';
import { describeInstances, type FailureGroup } from './failure-groups.js';
import { ms, plural, show, statusFlow } from './format.js';
import { esc } from './html-escape.js';
import type { EndpointLatency } from './latency.js';

const EXCERPT_BYTES = 2048;

export function renderFailures(groups: readonly FailureGroup[], ungrouped = 0): string {
  if (groups.length === 0) return '';
  const total = groups.reduce((n, g) => n + g.count, 0);
  const items = groups
    .map((g) => {
      const instances = describeInstances(g);
      const what =
        g.check === 'error'
          ? `<b>error</b> ${esc(g.actual)}`
          : `<b>${esc(g.check)}</b>: expected <code>${esc(g.expected)}</code>, got <code>${esc(g.actual)}</code>${g.message ? ` <span class="muted">(${esc(g.message)})</span>` : ''}`;
      return `<details class="group failed" data-item data-outcome="failed"><summary><span class="badge">×${g.count}</span> <span class="mark">✗</span> ${esc(g.scenario)} › ${esc(g.step)} · ${what}${instances ? ` <span class="muted">· ${esc(instances)}</span>` : ''}</summary>
${renderStepDetail(g.sample)}</details>`;
    })
    .join('\n');
  const more =
    ungrouped > 0
      ? `\n<p class="muted">… and ${ungrouped} more failures, not grouped (too many distinct ones).</p>`
      : '';
  return `<h3>Failures <span class="muted">${plural(groups.length, 'distinct failure')}, ${total + ungrouped} in all; identical ones grouped</span></h3>\n${items}${more}`;
}

/** What was sent and received for one step: the checks, the request as sent (headers masked), the response, curl. */
export function renderStepDetail(step: StepResult): string {
  const checks =
    step.checks.length > 0
      ? `<table class="checks"><tr><th></th><th>check</th><th>expected</th><th>actual</th></tr>${step.checks.map(renderCheck).join('')}</table>`
      : '';
  const error = step.error ? `<p class="error">${esc(step.error.code)}: ${esc(step.error.message)}</p>` : '';
  const req = step.request;
  const sent = req
    ? `<div class="detail"><h4>Request as sent</h4><pre>${esc(`${req.method} ${req.url}`)}${headerLines(req.headers)}${req.bodyExcerpt ? `\n\n${esc(req.bodyExcerpt)}` : ''}</pre>
<h4>curl${req.bodyExcerpt && req.bodyExcerpt.length >= EXCERPT_BYTES ? ' <span class="muted">(body cut to its first 2 KB)</span>' : ''}</h4><pre class="curl">${esc(curlCommand({ method: req.method, url: req.url, headers: req.headers, body: req.bodyExcerpt, multipart: req.multipart }))}</pre></div>`
    : '';
  const res = step.response;
  const received = res
    ? `<div class="detail"><h4>Response <span class="muted">${esc(statusFlow(step) || String(res.status))} · ${esc(ms(res.durationMs))}</span></h4><pre>${esc(String(res.status))}${headerLines(res.headers)}${res.bodyExcerpt ? `\n\n${esc(res.bodyExcerpt)}` : ''}</pre></div>`
    : '';
  return `<div class="step-detail">${error}${checks}${sent}${received}</div>`;
}

function headerLines(headers: Record<string, string> | undefined): string {
  return Object.entries(headers ?? {})
    .map(([k, v]) => `\n${esc(k)}: ${esc(v)}`)
    .join('');
}

function renderCheck(c: CheckResult): string {
  const why = c.message ? ` <span class="muted">(${esc(c.message)})</span>` : '';
  return `<tr class="${c.passed ? 'passed' : 'failed'}"><td>${c.passed ? '✓' : '✗'}</td><td>${esc(c.check)}</td><td><code>${esc(show(c.expected))}</code></td><td><code>${esc(show(c.actual))}</code>${why}</td></tr>`;
}

export function renderLatency(rows: readonly EndpointLatency[]): string {
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (r) =>
        `<tr data-item data-outcome="passed"><td><code>${esc(r.endpoint)}</code></td><td class="num">${r.count}</td><td class="num">${esc(ms(r.p50))}</td><td class="num">${esc(ms(r.p95))}</td><td class="num">${esc(ms(r.max))}</td></tr>`,
    )
    .join('');
  return `<h3>Latency per endpoint</h3><table class="checks latency"><tr><th>endpoint</th><th class="num">requests</th><th class="num">p50</th><th class="num">p95</th><th class="num">max</th></tr>${body}</table>`;
}

/** "2026-11-23 18:05:24 Europe/Berlin (UTC+01:00)": the runner's local time and zone; UTC in the title. */
export function localTime(iso: string, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const offset = String(parts.timeZoneName).replace('GMT', 'UTC');
  const zone = /^(UTC|Etc\/UTC|Etc\/GMT)$/.test(timeZone)
    ? 'UTC'
    : `${timeZone} (${offset === 'UTC' ? 'UTC+00:00' : offset})`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`;
}
