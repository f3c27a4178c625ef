/**
 * The terminal reporter: a line per step under its scenario, in file order even
 * when scenarios finish out of order; expected vs actual under every failed
 * check; a summary line. It writes through `write`, which masks secrets.
 *
 *   ✓ client credentials reach the module
 *       ✓ POST /ords/myapi/myapi/hello → 200  4 ms  (token fetched: ords-client)
 *   ✗ wrong expectation
 *       ✗ GET /ords/myapi/public/items → 200  3 ms
 *           status: expected 201, got 200
 */
import type { RunEvent, RunListener } from '../model/events.js';
import type { RunResult, ScenarioResult, StepResult } from '../model/result.js';
import { ms, palette, plural, show, type Palette } from './format.js';

export interface CliReporterOptions {
  write: (text: string) => void;
  color: boolean;
  /** Origin and path of the resolved baseUrl; URLs under it print as paths. */
  baseUrl?: string;
}

export function createCliReporter(options: CliReporterOptions): RunListener {
  const p = palette(options.color);
  const done = new Map<number, ScenarioResult>();
  let printed = 0;
  return (event: RunEvent) => {
    switch (event.type) {
      case 'run-start':
        options.write(
          `${p.bold(event.collection.name)} ${p.dim(`(${event.collection.file}, ${plural(event.scenarios, 'scenario')})`)}\n`,
        );
        return;
      case 'scenario-end':
        done.set(event.result.index, event.result);
        for (let next = done.get(printed); next; next = done.get(printed)) {
          options.write(renderScenario(next, p, options.baseUrl));
          done.delete(printed++);
        }
        return;
      case 'run-end':
        options.write(renderSummary(event.result, p));
        return;
      default:
        return;
    }
  };
}

function renderScenario(s: ScenarioResult, p: Palette, baseUrl: string | undefined): string {
  const mark = s.outcome === 'passed' ? p.pass('✓') : s.outcome === 'skipped' ? p.dim('○') : p.fail('✗');
  const lines = [`${mark} ${s.name} ${p.dim(ms(s.durationMs))}`];
  for (const step of s.steps) lines.push(...renderStep(step, p, baseUrl));
  return `${lines.join('\n')}\n`;
}

function renderStep(step: StepResult, p: Palette, baseUrl: string | undefined): string[] {
  const pad = '    ';
  if (step.outcome === 'skipped') return [`${pad}${p.dim(`○ ${step.name} (skipped)`)}`];
  if (step.kind === 'wait') return [`${pad}${p.dim(`◷ ${step.name}`)}`];
  const mark = step.outcome === 'passed' ? p.pass('✓') : p.fail('✗');
  const method = step.request?.method ?? '';
  const url = step.request ? shortUrl(step.request.url, baseUrl) : step.name;
  const statuses = step.exchanges
    .filter((e) => e.kind === 'request' && e.status !== undefined)
    .map((e) => String(e.status));
  const flow = step.retried
    ? `${statuses[0] ?? '?'} → token refreshed → ${statuses[1] ?? '?'}`
    : (statuses[0] ?? '');
  const tokens = step.tokenEvents.map((t) =>
    t.kind === 'fetched'
      ? `token fetched: ${t.profile}`
      : t.kind === 'refreshed'
        ? `token refreshed (${t.reason === '401' ? 'after 401' : 'expiring'}): ${t.profile}`
        : `token failed: ${t.profile}`,
  );
  const notes = [...tokens, ...(step.retried ? ['retried'] : [])];
  const head = `${pad}${mark} ${method} ${url}${flow ? ` → ${flow}` : ''}  ${p.dim(ms(step.durationMs))}${notes.length ? p.dim(`  (${notes.join(', ')})`) : ''}`;
  const lines = [head];
  if (step.error) lines.push(`${pad}    ${p.fail(`error ${step.error.code}: ${step.error.message}`)}`);
  for (const c of step.checks.filter((x) => !x.passed)) {
    const why = c.message ? ` (${c.message})` : '';
    lines.push(
      `${pad}    ${p.fail(`${c.check}: expected ${show(c.expected)}, got ${show(c.actual)}${why}`)}`,
    );
  }
  return lines;
}

function renderSummary(r: RunResult, p: Palette): string {
  const { scenarios, checks } = r.stats;
  const verdict = r.outcome === 'passed' ? p.pass('PASSED') : p.fail('FAILED');
  const parts = [
    `${plural(scenarios.total, 'scenario')}: ${scenarios.passed} passed, ${scenarios.failed} failed${scenarios.skipped ? `, ${scenarios.skipped} skipped` : ''}`,
    `${plural(checks.total, 'check')}, ${checks.failed} failed`,
    `${plural(r.stats.requests, 'request')}, ${plural(r.stats.tokenFetches, 'token fetch', 'token fetches')}, ${plural(r.stats.retries, 'retry', 'retries')}`,
    ms(r.durationMs),
  ];
  return `${verdict}${r.interrupted ? p.warn(' (interrupted)') : ''} ${parts.join(' · ')}\n`;
}

function shortUrl(url: string, baseUrl: string | undefined): string {
  if (baseUrl && url.startsWith(baseUrl)) {
    const rest = url.slice(baseUrl.length);
    return rest.startsWith('/') ? rest : `/${rest}`;
  }
  return url;
}
