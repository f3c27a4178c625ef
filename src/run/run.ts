/**
 * Execute a plan: scenarios concurrently (a fixed pool of workers), steps in
 * order, one HTTP client and one token cache for the whole run. Results are in
 * file order whatever order scenarios finish in; with keep: 'failures' only the
 * failed ones are kept (reporters stream the rest as they finish). Listeners see typed events; a
 * listener that throws is reported and cannot change the run.
 */
import { DigestSessions } from '../auth/digest.js';
import { SessionCache } from '../auth/session.js';
import { TokenCache } from '../auth/token-cache.js';
import { HttpClient } from '../http/client.js';
import type { HttpTrace, RunListener, RunEvent } from '../model/events.js';
import type { RunResult, ScenarioResult, StepResult } from '../model/result.js';
import { stepName } from '../model/step-name.js';
import type { ScenarioInstance } from '../plan/instances.js';
import type { RunPlan } from '../plan/plan.js';
import type { RunContext } from './context.js';
import { executeScenario, identity, skipped } from './scenario.js';
import type { SequenceOutput } from './sequence.js';
import { addScenarioStats, emptyStats } from '../model/stats.js';

export interface ExecuteOptions {
  concurrency?: number;
  bail?: boolean;
  /** Default per-request timeout in ms (a step's own timeoutMs wins). */
  timeoutMs?: number;
  insecure?: boolean;
  /** PEM contents: extra CAs, and a client certificate and key (mTLS). */
  tls?: { ca?: string; cert?: string; key?: string };
  /** Largest response body kept (default 10 MiB). */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  listeners?: RunListener[];
  /** Probe every step that has auth, as if it were `secured`. */
  security?: boolean;
  /** Emit 'http' events with each request and response (for --verbose). */
  trace?: boolean;
  /** Where a listener's own failure is reported. */
  onListenerError?: (error: unknown) => void;
  /**
   * Which scenario results the RunResult keeps: 'all' (the default), or
   * 'failures' for long runs whose reporters take each result as it finishes
   * (totals are counted either way, so memory stays flat).
   */
  keep?: 'all' | 'failures';
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 10_000;

export async function executePlan(plan: RunPlan, options: ExecuteOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const elapsed = () => performance.now() - started;
  const signal = options.signal ?? new AbortController().signal;
  const http = new HttpClient({
    insecure: options.insecure,
    ...options.tls,
    maxBodyBytes: options.maxBodyBytes,
    signal,
    secrets: plan.secrets,
  });
  const ctx: RunContext = {
    collection: plan.collection,
    variables: plan.variables,
    http,
    tokens: new TokenCache(http, plan.secrets, elapsed),
    sessions: new SessionCache(http, plan.secrets, elapsed),
    digests: new DigestSessions(),
    secrets: plan.secrets,
    timeoutMs: options.timeoutMs ?? plan.collection.defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    elapsed,
    signal,
    securityAll: options.security ?? false,
  };
  const emit = (event: RunEvent) => {
    for (const listener of options.listeners ?? []) {
      try {
        listener(event);
      } catch (error) {
        options.onListenerError?.(error);
      }
    }
  };

  const { collection } = plan;
  emit({
    type: 'run-start',
    collection: { name: collection.name, file: collection.file },
    startedAt,
    scenarios: plan.instances.length,
    ...(collection.mode === 'postman'
      ? {
          requests: requestCount(plan),
        }
      : {}),
  });
  const { instances } = plan;
  const keepAll = (options.keep ?? 'all') === 'all';
  const results: ScenarioResult[] = [];
  const stats = emptyStats();
  let next = 0;
  let bailed = false;
  const finished = (result: ScenarioResult) => {
    if (options.bail && result.outcome === 'failed') bailed = true;
    addScenarioStats(stats, result);
    if (keepAll || result.outcome === 'failed' || result.outcome === 'error') results.push(result);
    emit({ type: 'scenario-end', result });
  };
  const open = (index: number, instance: ScenarioInstance) =>
    emit({ type: 'scenario-start', index, name: instance.scenario.name });
  const onStep = (scenario: number, step: StepResult) => emit({ type: 'step-end', scenario, step });
  const onTrace = options.trace
    ? (scenario: number, step: number, trace: HttpTrace) => emit({ type: 'http', scenario, step, trace })
    : undefined;
  const worker = async () => {
    for (let i = next++; i < instances.length; i = next++) {
      const instance = instances.at(i)!;
      if (bailed || signal.aborted) {
        finished(skippedScenario(instance, i, elapsed()));
        continue;
      }
      open(i, instance);
      const trace = onTrace ? (step: number, t: HttpTrace) => onTrace(i, step, t) : undefined;
      finished(await executeScenario(instance, i, ctx, (step) => onStep(i, step), trace));
    }
  };
  // Postman mode runs its requests one after another, sharing variable scopes; setNextRequest
  // may run a scenario's steps more than once, so its results are numbered as they start.
  // Postman mode (its sandbox, scopes and step runner) is loaded only for a Postman collection.
  const postmanMode = collection.mode === 'postman' ? await import('./sequence.js') : undefined;
  const postman = postmanMode?.createPostmanRun(ctx);
  let count = 0;
  const sequence: SequenceOutput = {
    open: (instance) => (open(count, instance), count++),
    step: onStep,
    trace: onTrace,
    close: finished,
    skip: (instance) => finished(skippedScenario(instance, count++, elapsed())),
    stopped: () => bailed,
  };
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  try {
    if (postman) await postmanMode!.executePostmanInstances(instances, ctx, postman, sequence);
    else await Promise.all(Array.from({ length: Math.min(concurrency, instances.length) }, worker));
  } finally {
    postman?.dispose();
    await http.close();
  }

  results.sort((a, b) => a.index - b.index);
  const result: RunResult = {
    collection: { name: collection.name, file: collection.file },
    startedAt,
    durationMs: elapsed(),
    outcome: stats.scenarios.failed > 0 ? 'failed' : 'passed',
    interrupted: signal.aborted,
    scenarios: results,
    stats,
  };
  emit({ type: 'run-end', result });
  return result;
}

function skippedScenario(instance: ScenarioInstance, index: number, at: number): ScenarioResult {
  const steps = instance.scenario.steps.map((s, i) => skipped(stepName(s), i, s.kind, at));
  return { index, ...identity(instance), outcome: 'skipped', steps, startMs: at, durationMs: 0 };
}

/** Requests a Postman run plans to send: each instance's request steps. */
function requestCount(plan: RunPlan): number {
  let n = 0;
  for (const instance of plan.instances)
    n += instance.scenario.steps.filter((s) => s.kind === 'request').length;
  return n;
}
