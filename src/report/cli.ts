/**
 * The terminal reporter: a line per step under its scenario, in file order even
 * when scenarios finish out of order; expected vs actual under every failed
 * check; a subtotal line per file when a run has several. The run's one verdict
 * line (renderVerdict) is printed by the command after every file has run. It
 * writes through `write`, which masks secrets.
 *
 *   ✓ client credentials reach the module
 *       ✓ POST /ords/myapi/myapi/hello → 200  4 ms  (token fetched: ords-client)
 *   ✗ wrong expectation
 *       ✗ GET /ords/myapi/public/items → 200  3 ms
 *           status: expected 201, got 200
 */
import type { HttpTrace, RunEvent, RunListener } from '../model/events.js';
import { describeRefusal, type RunStats, type ScenarioResult, type StepResult } from '../model/result.js';
import type { RunVerdict } from '../model/verdict.js';
import { instanceLabel, ms, palette, plural, show, statusFlow, type Palette } from './format.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import { formatCurl } from '../curl/format.js';
import { createMatrixAccumulator, matrixLines, matrixRowsOf, type MatrixRow } from './security-matrix.js';
import { createFailureGroups } from './failure-groups.js';
import { createLatencyStats } from './latency.js';
import { renderNotRun, renderRecap, renderTimings } from './recap.js';

export interface CliReporterOptions {
  write: (text: string) => void;
  color: boolean;
  /** Origin and path of the resolved baseUrl; URLs under it print as paths. */
  baseUrl?: string;
  /** Print each request and response ('http' events) under its step. */
  verbose?: boolean;
  /** Masks secrets in the curl commands --verbose prints, before they are shell-quoted. */
  mask?: (text: string) => string;
  /** Makes the progress line for a total number of scenarios. */
  progress?: (total: number) => Progress;
  /** Print this file's totals at its end (a run of several files). */
  subtotal?: boolean;
  /** Failures and the summary only: no passing scenarios, no matrix. */
  quiet?: boolean;
  /** Response times per endpoint (p50, p95, max) after the summary. */
  timings?: boolean;
}

export function createCliReporter(options: CliReporterOptions): RunListener {
  const p = palette(options.color);
  const done = new Map<number, ScenarioResult>();
  const traces = new Map<string, HttpTrace[]>();
  let progress: Progress = NO_PROGRESS;
  let printed = 0;
  let finished = 0;
  let failed = 0;
  let notRun = 0;
  let collectionFile = '';
  const failures = createFailureGroups();
  const latency = createLatencyStats();
  // The matrix is gathered as scenarios finish: the run's result may keep only its failures.
  let matrix = createMatrixAccumulator();
  const write = (text: string) => progress.around(() => options.write(text));
  const flushNotRun = () => {
    if (notRun > 0) write(renderNotRun(notRun, p));
    notRun = 0;
  };
  return (event: RunEvent) => {
    switch (event.type) {
      case 'run-start': {
        collectionFile = event.collection.file;
        // A Postman run's plan is what it means to send: setNextRequest may send more or fewer.
        const planned =
          event.requests === undefined
            ? plural(event.scenarios, 'scenario')
            : `${plural(event.requests, 'request')} planned`;
        const what = `(${event.collection.file}, ${planned})`;
        write(`${p.bold(event.collection.name)} ${p.dim(what)}\n`);
        matrix = createMatrixAccumulator();
        progress = options.progress?.(event.scenarios) ?? NO_PROGRESS;
        return;
      }
      case 'http':
        if (options.verbose) {
          const key = `${event.scenario}/${event.step}`;
          traces.set(key, [...(traces.get(key) ?? []), event.trace]);
          curlOf.set(event.trace, formatCurl(event.trace.request, { mask: options.mask, multiline: false }));
        }
        return;
      case 'scenario-end':
        done.set(event.result.index, event.result);
        finished++;
        if (event.result.outcome === 'failed') failed++;
        failures.add(collectionFile, event.result);
        if (options.timings) latency.add(event.result);
        for (let next = done.get(printed); next; next = done.get(printed)) {
          const index = printed;
          matrix.add(matrixRowsOf(collectionFile, next));
          if (next.outcome === 'skipped') notRun++;
          else if (!options.quiet || next.outcome !== 'passed') {
            flushNotRun();
            write(renderScenario(next, p, options.baseUrl, (step) => traces.get(`${index}/${step}`) ?? []));
          }
          done.delete(printed++);
        }
        progress.update(finished, failed);
        return;
      case 'run-end': {
        progress.stop();
        flushNotRun();
        const rows = options.quiet ? [] : matrix.rows();
        if (rows.length > 0) options.write(renderMatrix(rows, p));
        options.write(renderRecap(failures, p));
        if (options.timings) options.write(renderTimings(latency.summary().sort(bySlowest), p));
        // The run's verdict line comes last, over every file (renderVerdict, printed by the command).
        if (options.subtotal)
          options.write(p.dim(`  ${event.result.collection.file}: ${totals(event.result.stats)}\n`));
        return;
      }
      default:
        return;
    }
  };
}

function renderScenario(
  s: ScenarioResult,
  p: Palette,
  baseUrl: string | undefined,
  tracesOf: (step: number) => HttpTrace[],
): string {
  const mark = s.outcome === 'passed' ? p.pass('✓') : s.outcome === 'skipped' ? p.dim('○') : p.fail('✗');
  const lines = [`${mark} ${instanceLabel(s)} ${p.dim(ms(s.durationMs))}`];
  for (const step of s.steps) {
    lines.push(...renderStep(step, p, baseUrl));
    for (const t of tracesOf(step.index)) lines.push(...renderTrace(t, p));
  }
  return `${lines.join('\n')}\n`;
}

/** Each traced request as a runnable curl command (masked before quoting). */
const curlOf = new WeakMap<HttpTrace, string>();

/** --verbose: the request and response as sent and received (secrets are masked on output). */
function renderTrace(t: HttpTrace, p: Palette): string[] {
  const pad = '        ';
  const label = t.kind === 'token' ? 'token request' : t.kind === 'retry' ? 'retry' : 'request';
  const lines = [`${pad}${p.dim(`> ${label}: ${t.request.method} ${t.request.url}`)}`];
  const curl = curlOf.get(t);
  if (curl) lines.push(`${pad}${p.dim(`$ ${curl}`)}`);
  for (const [k, v] of Object.entries(t.request.headers)) lines.push(`${pad}${p.dim(`> ${k}: ${v}`)}`);
  if (t.request.body) lines.push(`${pad}${p.dim(`> ${t.request.body}`)}`);
  if (t.response) {
    lines.push(`${pad}${p.dim(`< ${t.response.status}`)}`);
    for (const [k, v] of Object.entries(t.response.headers)) lines.push(`${pad}${p.dim(`< ${k}: ${v}`)}`);
    for (const line of t.response.body.split('\n').filter((l) => l !== ''))
      lines.push(`${pad}${p.dim(`< ${line}`)}`);
  }
  if (t.error) lines.push(`${pad}${p.fail(`! ${t.error}`)}`);
  return lines;
}

function renderStep(step: StepResult, p: Palette, baseUrl: string | undefined): string[] {
  const pad = '    ';
  if (step.outcome === 'skipped') return [`${pad}${p.dim(`○ ${step.name} (skipped)`)}`];
  if (step.kind === 'wait') return [`${pad}${p.dim(`◷ ${step.name}`)}`];
  const mark = step.outcome === 'passed' ? p.pass('✓') : p.fail('✗');
  const method = step.request?.method ?? '';
  const url = step.request ? shortUrl(step.request.url, baseUrl) : step.name;
  const flow = statusFlow(step);
  const tokens = step.tokenEvents.map((t) =>
    t.kind === 'fetched'
      ? `token fetched: ${t.profile}`
      : t.kind === 'refreshed'
        ? `token refreshed (${t.reason === '401' ? 'after 401' : 'expiring'}${t.via ? `, ${t.via === 'refresh_token' ? 'refresh token' : 'new grant'}` : ''}): ${t.profile}`
        : `token failed: ${t.profile}`,
  );
  const wait = step.tokenWait ? [`waited ${ms(step.tokenWait.ms)} for token: ${step.tokenWait.profile}`] : [];
  const notes = [...tokens, ...wait, ...(step.retried ? ['retried'] : [])];
  // One clock: the time shown is the response time the duration check measures.
  const shown = step.response?.durationMs ?? step.durationMs;
  const head = `${pad}${mark} ${method} ${url}${flow ? ` → ${flow}` : ''}  ${p.dim(ms(shown))}${notes.length ? p.dim(`  (${notes.join(', ')})`) : ''}`;
  const lines = [head];
  if (step.error) lines.push(`${pad}    ${p.fail(`error ${step.error.code}: ${step.error.message}`)}`);
  if (step.probes) {
    const probes = step.probes.map((x) => {
      const what = `${x.caller} → ${x.status ?? (x.tokenRefused ? describeRefusal(x.tokenRefused) : (x.error ?? '?'))}`;
      return x.passed
        ? p.pass(`${what} ✓`)
        : p.fail(`${what} ✗ ${x.kind === 'allow' ? 'kept out' : 'GOT IN'}`);
    });
    lines.push(`${pad}    ${p.dim('security:')} ${probes.join(p.dim(' · '))}`);
  }
  // Failed probes are on the security line already.
  for (const c of step.checks.filter((x) => !x.passed && !x.check.startsWith('security '))) {
    const why = c.message ? ` (${c.message})` : '';
    lines.push(
      `${pad}    ${p.fail(`${c.check}: expected ${show(c.expected)}, got ${show(c.actual)}${why}`)}`,
    );
  }
  return lines;
}

function renderMatrix(rows: MatrixRow[], p: Palette): string {
  const mark = (r: MatrixRow) =>
    r.passed ? p.pass('✓') : p.fail(r.gotIn ? '✗ GOT IN' : r.kind === 'allow' ? '✗ kept out' : '✗');
  const lines = matrixLines(rows, mark).map((l) => `  ${l}`);
  return `\n${p.bold('Security matrix')} ${p.dim('(endpoint × caller: expected → observed)')}\n${lines.join('\n')}\n\n`;
}

/**
 * The last line of a run, over every file, from the same verdict as the exit code:
 *   FAILED 3 scenarios: 2 passed, 1 failed · 9 checks, 1 failed · 1 error · 7 requests, … · 1.2 s
 * With a hint when no request got an answer.
 */
export function renderVerdict(v: RunVerdict, durationMs: number, color: boolean): string {
  const p = palette(color);
  const word =
    v.verdict === 'PASSED'
      ? p.pass('PASSED')
      : v.verdict === 'INTERRUPTED'
        ? p.warn('INTERRUPTED')
        : p.fail(v.verdict === 'NO TESTS' ? 'NO SCENARIO RAN' : 'FAILED');
  const hint =
    v.unreachable.length > 0
      ? `${p.fail(`no request got an answer: is ${v.unreachable.join(', ')} reachable? (check baseUrl)`)}\n`
      : '';
  return `${hint}${word} ${totals(v.stats)} · ${ms(durationMs)}\n`;
}

function totals(stats: RunStats): string {
  const { scenarios, checks, steps } = stats;
  return [
    `${plural(scenarios.total, 'scenario')}: ${scenarios.passed} passed, ${scenarios.failed} failed${scenarios.skipped ? `, ${scenarios.skipped} skipped` : ''}`,
    `${plural(checks.total, 'check')}, ${checks.failed} failed`,
    ...(steps.errored > 0 ? [plural(steps.errored, 'error')] : []),
    `${plural(stats.requests, 'request')}, ${plural(stats.tokenFetches, 'token fetch', 'token fetches')}, ${plural(stats.retries, 'retry', 'retries')}`,
  ].join(' · ');
}

const bySlowest = (a: { p95: number }, b: { p95: number }) => b.p95 - a.p95;

function shortUrl(url: string, baseUrl: string | undefined): string {
  if (baseUrl && url.startsWith(baseUrl)) {
    const rest = url.slice(baseUrl.length);
    return rest.startsWith('/') ? rest : `/${rest}`;
  }
  return url;
}
