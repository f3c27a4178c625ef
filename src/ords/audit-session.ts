/**
 * The machinery of an audit: sends a check's requests, records each as a step,
 * and turns the checks into one run result (one scenario per check). A request
 * that could not be made ends its check as an error; a check's verdict comes from
 * its judge.
 */
import type { HttpClient, HttpResponse } from '../http/client.js';
import type { CheckResult, RunResult, ScenarioResult, StepResult } from '../model/result.js';
import { computeStats } from '../model/stats.js';

export interface Probe {
  method: string;
  /** Relative to the alias: /metadata-catalog/. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Under another alias than the audited one. */
  alias?: string;
}

/** A check's verdicts from the responses to its probes, one per probe or all for the last. */
export type Judge = (responses: HttpResponse[]) => CheckResult[];

export class AuditSession {
  readonly scenarios: ScenarioResult[] = [];
  private readonly started = Date.now();
  private readonly t0 = performance.now();

  constructor(
    private readonly http: HttpClient,
    /** The server root, without a trailing slash. */
    readonly root: string,
    readonly alias: string,
    private readonly timeoutMs: number,
  ) {}

  elapsed(): number {
    return Math.round(performance.now() - this.t0);
  }

  /** Sends the probes in order and records the check; returns its scenario. */
  async check(name: string, probes: Probe[], judge: Judge, caller = 'anonymous'): Promise<ScenarioResult> {
    const startMs = this.elapsed();
    const steps: StepResult[] = [];
    const responses: HttpResponse[] = [];
    for (const [i, p] of probes.entries()) {
      const step = this.probeStep(i, p, caller);
      steps.push(step);
      try {
        const res = await this.http.send({
          method: p.method,
          url: step.request!.url,
          headers: { accept: 'application/json', ...p.headers },
          body: p.body,
          timeoutMs: this.timeoutMs,
        });
        responses.push(res);
        step.response = { status: res.status, durationMs: res.durationMs };
        step.exchanges.push({
          kind: 'request',
          method: p.method,
          url: step.request!.url,
          status: res.status,
          startMs: step.startMs,
          durationMs: res.durationMs,
        });
      } catch (e) {
        const err = e as Error & { code?: string };
        step.outcome = 'error';
        step.error = { code: err.code ?? 'E_INTERNAL', message: err.message };
        step.durationMs = this.elapsed() - step.startMs;
        return this.add(name, steps, startMs);
      }
      step.durationMs = this.elapsed() - step.startMs;
    }
    // One check per request lands on its own step; otherwise all on the last one.
    const checks = judge(responses);
    steps.forEach((step, i) => {
      step.checks = checks.length === steps.length ? [checks[i]!] : i === steps.length - 1 ? checks : [];
      if (step.checks.some((c) => !c.passed)) {
        step.outcome = 'failed';
        const res = responses[i]!;
        step.response = { ...step.response!, headers: res.headers, bodyExcerpt: res.body.slice(0, 2048) };
      }
    });
    return this.add(name, steps, startMs);
  }

  /** A check decided without a request (from the security script), as one step. */
  record(name: string, stepName: string, checks: CheckResult[]): void {
    const outcome = checks.every((c) => c.passed) ? 'passed' : 'failed';
    this.scenarios.push({
      index: this.scenarios.length,
      name,
      outcome,
      startMs: this.elapsed(),
      durationMs: 0,
      steps: [
        {
          index: 0,
          name: stepName,
          kind: 'request',
          outcome,
          retried: false,
          exchanges: [],
          tokenEvents: [],
          startMs: this.elapsed(),
          durationMs: 0,
          checks,
        },
      ],
    });
  }

  skip(name: string, why: string): void {
    this.scenarios.push({
      index: this.scenarios.length,
      name: `${name} (not checked: ${why})`,
      outcome: 'skipped',
      steps: [],
      startMs: this.elapsed(),
      durationMs: 0,
    });
  }

  result(): RunResult {
    const failed = this.scenarios.some((s) => s.outcome === 'failed' || s.outcome === 'error');
    return {
      collection: { name: `ORDS audit of /ords/${this.alias}/`, file: this.root },
      startedAt: new Date(this.started).toISOString(),
      durationMs: this.elapsed(),
      outcome: failed ? 'failed' : 'passed',
      interrupted: false,
      scenarios: this.scenarios,
      stats: computeStats(this.scenarios),
    };
  }

  private probeStep(index: number, p: Probe, caller: string): StepResult {
    const endpoint = `/ords/${p.alias ?? this.alias}${p.path}`;
    const url = `${this.root}${endpoint}`;
    return {
      index,
      name: `${p.method} ${url}`,
      kind: 'request',
      outcome: 'passed',
      endpoint: `${p.method} ${endpoint}`,
      caller,
      request: { method: p.method, url },
      retried: false,
      exchanges: [],
      tokenEvents: [],
      checks: [],
      startMs: this.elapsed(),
      durationMs: 0,
    };
  }

  private add(name: string, steps: StepResult[], startMs: number): ScenarioResult {
    const outcome = steps.some((s) => s.outcome === 'error')
      ? 'error'
      : steps.some((s) => s.outcome === 'failed')
        ? 'failed'
        : 'passed';
    const durationMs = this.elapsed() - startMs;
    const scenario: ScenarioResult = {
      index: this.scenarios.length,
      name,
      outcome,
      steps,
      startMs,
      durationMs,
    };
    this.scenarios.push(scenario);
    return scenario;
  }
}
