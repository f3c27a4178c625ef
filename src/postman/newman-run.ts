/**
 * Runs a Postman collection whose scripts gatecheck cannot translate through
 * newman as a library (loaded only here), and turns newman's executions into a
 * RunResult so every reporter works the same: folders are scenarios, requests
 * steps, pm.tests checks.
 */
import type { RunListener } from '../model/events.js';
import type { CheckResult, RunResult, ScenarioResult, StepResult } from '../model/result.js';
import { computeStats } from '../run/stats.js';
import type { PmCollection } from './types.js';

export interface NewmanRunOptions {
  file: string;
  collection: PmCollection;
  environment?: { name?: string; values: { key: string; value: string; type?: string }[] };
  vars: Record<string, string>;
  timeoutMs?: number;
  insecure?: boolean;
  bail?: boolean;
  listeners?: RunListener[];
}

interface Execution {
  item: { name: string; parent?: () => { name?: string; parent?: () => unknown } | undefined };
  request?: { method: string; url: { toString(): string } };
  response?: {
    code: number;
    responseTime: number;
    headers: { toObject(): Record<string, string> };
    text(): string;
  };
  requestError?: { message: string; code?: string };
  assertions?: { assertion: string; error?: { message: string } }[];
}

export async function runWithNewman(options: NewmanRunOptions): Promise<RunResult> {
  const { default: newman } = await import('newman');
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const emit = (e: Parameters<RunListener>[0]) => options.listeners?.forEach((l) => l(e));
  emit({
    type: 'run-start',
    collection: { name: options.collection.info.name, file: options.file },
    startedAt,
    scenarios: 0,
  });
  const summary = await new Promise<{ run: { executions: Execution[] } }>((resolve, reject) => {
    newman.run(
      {
        collection: options.collection as never,
        environment: options.environment as never,
        envVar: Object.entries(options.vars).map(([key, value]) => ({ key, value })),
        reporters: [],
        timeoutRequest: options.timeoutMs,
        insecure: options.insecure,
        bail: options.bail,
      },
      (err, s) => (err ? reject(err) : resolve(s as unknown as { run: { executions: Execution[] } })),
    );
  });

  const scenarios: ScenarioResult[] = [];
  let clock = 0;
  for (const execution of summary.run.executions) {
    const parent = execution.item.parent?.();
    const folder = parent && 'parent' in parent && parent.parent?.() ? parent.name : undefined;
    const scenarioName = folder ?? execution.item.name;
    let scenario = scenarios.at(-1);
    if (!scenario || scenario.name !== scenarioName || !folder) {
      scenario = {
        index: scenarios.length,
        name: scenarioName,
        outcome: 'passed',
        steps: [],
        startMs: clock,
        durationMs: 0,
      };
      scenarios.push(scenario);
    }
    const step = toStep(execution, scenario.steps.length, clock);
    clock += step.durationMs;
    scenario.steps.push(step);
    scenario.durationMs += step.durationMs;
    if (step.outcome === 'failed' || step.outcome === 'error') scenario.outcome = 'failed';
  }
  const stats = computeStats(scenarios);
  const result: RunResult = {
    collection: { name: options.collection.info.name, file: options.file },
    startedAt,
    durationMs: performance.now() - started,
    outcome: stats.scenarios.failed > 0 ? 'failed' : 'passed',
    interrupted: false,
    scenarios,
    stats,
  };
  for (const s of scenarios) emit({ type: 'scenario-end', result: s });
  emit({ type: 'run-end', result });
  return result;
}

function toStep(e: Execution, index: number, startMs: number): StepResult {
  const checks: CheckResult[] = (e.assertions ?? []).map((a) => ({
    check: a.assertion,
    expected: undefined,
    actual: undefined,
    passed: !a.error,
    ...(a.error ? { message: a.error.message } : {}),
  }));
  const durationMs = e.response?.responseTime ?? 0;
  const url = e.request?.url.toString() ?? '';
  const method = e.request?.method ?? 'GET';
  const step: StepResult = {
    index,
    name: e.item.name,
    kind: 'request',
    outcome: e.requestError ? 'error' : checks.every((c) => c.passed) ? 'passed' : 'failed',
    request: { method, url },
    retried: false,
    exchanges: [
      {
        kind: 'request',
        method,
        url,
        status: e.response?.code,
        startMs,
        durationMs,
        ...(e.requestError ? { error: e.requestError.message } : {}),
      },
    ],
    tokenEvents: [],
    checks,
    startMs,
    durationMs,
  };
  if (e.response)
    step.response = { status: e.response.code, durationMs, headers: e.response.headers.toObject() };
  if (e.requestError) step.error = { code: 'E_TRANSPORT', message: e.requestError.message };
  return step;
}
