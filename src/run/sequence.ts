/**
 * Postman mode: the scenarios of a collection are its folders, run one after
 * another as Postman runs a collection, sharing one set of variable scopes, and
 * every request is sent even after an earlier one failed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpTrace } from '../model/events.js';
import { stepName } from '../model/step-name.js';
import type { ScenarioResult, StepResult } from '../model/result.js';
import type { ScenarioInstance } from '../plan/instances.js';
import type { PostmanSandbox } from '../postman/sandbox.js';
import { PostmanScopes } from '../postman/scopes.js';
import type { RunContext } from './context.js';
import { PostmanCookies } from './cookies.js';
import { executePostmanStep, type PostmanRun } from './postman-step.js';
import { identity, skipped } from './scenario.js';

export interface PostmanRunHandle extends PostmanRun {
  dispose(): void;
}

export function createPostmanRun(ctx: RunContext): PostmanRunHandle {
  let sandbox: Promise<PostmanSandbox> | undefined;
  return {
    scopes: new PostmanScopes(ctx.variables, ctx.collection.variables),
    cookies: new PostmanCookies(ctx.secrets),
    sandbox: () =>
      (sandbox ??= import('../postman/sandbox.js').then(({ PostmanSandbox }) => PostmanSandbox.create())),
    dispose: () => {
      void sandbox?.then((s) => s.dispose()).catch(() => undefined);
    },
  };
}

export async function executePostmanScenario(
  instance: ScenarioInstance,
  index: number,
  ctx: RunContext,
  run: PostmanRun,
  onStep: (step: StepResult) => void,
  onTrace?: (step: number, trace: HttpTrace) => void,
): Promise<ScenarioResult> {
  const startMs = ctx.elapsed();
  const { scenario } = instance;
  run.scopes.data = { ...(instance.row?.values ?? {}) };
  const steps: StepResult[] = [];
  for (const [i, step] of scenario.steps.entries()) {
    let result: StepResult;
    const name = stepName(step);
    if (ctx.signal.aborted) result = skipped(name, i, step.kind, ctx.elapsed());
    else if (step.kind === 'wait') {
      const at = ctx.elapsed();
      result = skipped(name, i, 'wait', at);
      try {
        await sleep(step.ms, undefined, { signal: ctx.signal });
        result = { ...result, outcome: 'passed', durationMs: ctx.elapsed() - at };
      } catch {
        // interrupted: the wait stays skipped
      }
    } else {
      const trace = onTrace ? (t: HttpTrace) => onTrace(i, t) : undefined;
      result = await executePostmanStep(step, i, step.auth ?? scenario.auth, run, ctx, trace);
    }
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
