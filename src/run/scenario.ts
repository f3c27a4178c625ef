/** A scenario's steps, in order, with its own captures. After a failed or errored step the rest are skipped. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { WaitStep } from '../model/collection.js';
import type { ScenarioInstance } from '../plan/instances.js';
import type { HttpTrace } from '../model/events.js';
import type { ScenarioResult, StepResult } from '../model/result.js';
import { stepName } from '../model/step-name.js';
import type { RunContext } from './context.js';
import { executeRequestStep } from './step.js';
import { ScenarioCookies } from './scenario-cookies.js';
import { rowText } from '../plan/data.js';

export async function executeScenario(
  instance: ScenarioInstance,
  index: number,
  ctx: RunContext,
  onStep: (step: StepResult) => void,
  onTrace?: (step: number, trace: HttpTrace) => void,
): Promise<ScenarioResult> {
  const startMs = ctx.elapsed();
  const { scenario } = instance;
  // The scenario's own variables: its data row, then what its steps capture.
  const captures = new Map<string, string>(Object.entries(instance.row ? rowText(instance.row) : {}));
  const steps: StepResult[] = [];
  const jar = new ScenarioCookies();
  let stopped = false;
  for (const [i, step] of scenario.steps.entries()) {
    let result: StepResult;
    if (stopped || ctx.signal.aborted) result = skipped(stepName(step), i, step.kind, ctx.elapsed());
    else if (step.kind === 'wait') result = await executeWait(step, i, ctx);
    else {
      const trace = onTrace ? (t: HttpTrace) => onTrace(i, t) : undefined;
      result = await executeRequestStep(step, i, step.auth ?? scenario.auth, captures, ctx, trace, jar);
    }
    if (result.outcome === 'failed' || result.outcome === 'error') stopped = true;
    steps.push(result);
    onStep(result);
  }
  const outcome = steps.some((s) => s.outcome === 'failed' || s.outcome === 'error')
    ? 'failed'
    : steps.every((s) => s.outcome === 'skipped')
      ? 'skipped'
      : 'passed';
  return { index, ...identity(instance), outcome, steps, startMs, durationMs: ctx.elapsed() - startMs };
}

async function executeWait(step: WaitStep, index: number, ctx: RunContext): Promise<StepResult> {
  const startMs = ctx.elapsed();
  try {
    await sleep(step.ms, undefined, { signal: ctx.signal });
  } catch {
    return skipped(stepName(step), index, 'wait', startMs);
  }
  return {
    ...skipped(stepName(step), index, 'wait', startMs),
    outcome: 'passed',
    durationMs: ctx.elapsed() - startMs,
  };
}

/** Name, order, iteration and row of an instance's result. */
export function identity(
  instance: ScenarioInstance,
): Pick<ScenarioResult, 'name' | 'order' | 'iteration' | 'row'> {
  const { scenario, order, iteration, row } = instance;
  return {
    name: scenario.name,
    order,
    ...(iteration ? { iteration } : {}),
    ...(row ? { row: { index: row.index, name: row.name } } : {}),
  };
}

export function skipped(name: string, index: number, kind: 'request' | 'wait', startMs: number): StepResult {
  return {
    index,
    name,
    kind,
    outcome: 'skipped',
    retried: false,
    exchanges: [],
    tokenEvents: [],
    checks: [],
    startMs,
    durationMs: 0,
  };
}
