/**
 * Postman mode: the scenarios of a collection are its folders, run one after
 * another as Postman runs a collection, sharing one set of variable scopes, and
 * every request is sent even after an earlier one failed.
 *
 * An iteration walks the requests of all selected scenarios as one list, as
 * postman-runtime's waterfall does: a script's setNextRequest(name | id) moves
 * the walk to that request (by id first, then by name, the last of a name
 * winning); null or a request that is not there ends the iteration. Each stretch
 * of steps run from one scenario is reported as one scenario result, in run order.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Step } from '../model/collection.js';
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

/** How the sequence reports: a scenario result is opened, its steps stream, then it is closed. */
export interface SequenceOutput {
  /** A stretch of one scenario starts; returns the index its result and events carry. */
  open(instance: ScenarioInstance): number;
  step(index: number, step: StepResult): void;
  trace?: (index: number, step: number, trace: HttpTrace) => void;
  close(result: ScenarioResult): void;
  /** An instance the run did not reach (Ctrl-C, --bail). */
  skip(instance: ScenarioInstance): void;
  /** Whether the run stops here (--bail after a failure). */
  stopped(): boolean;
}

/** A step's place in the walk of one iteration. */
interface Position {
  instance: ScenarioInstance;
  step: Step;
  index: number;
}

export async function executePostmanInstances(
  instances: Iterable<ScenarioInstance>,
  ctx: RunContext,
  run: PostmanRun,
  out: SequenceOutput,
): Promise<void> {
  // One iteration at a time: a long run does not hold every instance (the plan makes them on demand).
  const cycles = countIterations(instances);
  let iteration = 0;
  for (const group of iterations(instances)) {
    if (ctx.signal.aborted || out.stopped()) {
      group.forEach((instance) => out.skip(instance));
      continue;
    }
    run.cursor = { iteration: iteration++, cycles };
    await executeIteration(group, ctx, run, out);
  }
}

const iterationKey = (instance: ScenarioInstance) =>
  `${instance.iteration ?? 1}\u0000${instance.row?.index ?? 0}`;

/** Instances of one iteration (and data row) are consecutive in plan order. */
function* iterations(instances: Iterable<ScenarioInstance>): Generator<ScenarioInstance[]> {
  let group: ScenarioInstance[] = [];
  let key: string | undefined;
  for (const instance of instances) {
    const k = iterationKey(instance);
    if (k !== key && group.length > 0) {
      yield group;
      group = [];
    }
    key = k;
    group.push(instance);
  }
  if (group.length > 0) yield group;
}

function countIterations(instances: Iterable<ScenarioInstance>): number {
  let n = 0;
  let key: string | undefined;
  for (const instance of instances) {
    const k = iterationKey(instance);
    if (k !== key) n++;
    key = k;
  }
  return n;
}

async function executeIteration(
  group: ScenarioInstance[],
  ctx: RunContext,
  run: PostmanRun,
  out: SequenceOutput,
): Promise<void> {
  const walk: Position[] = group.flatMap((instance) =>
    instance.scenario.steps.map((step, index) => ({ instance, step, index })),
  );
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  walk.forEach(({ step }, i) => {
    if (step.kind !== 'request') return;
    byId.set(itemId(step), i);
    if (step.name) byName.set(step.name, i);
  });
  run.scopes.data = { ...(group[0]?.row?.values ?? {}) };

  let open: { instance: ScenarioInstance; index: number; steps: StepResult[]; startMs: number } | undefined;
  const close = () => {
    if (!open) return;
    const { instance, index, steps, startMs } = open;
    open = undefined;
    const outcome = steps.some((s) => s.outcome === 'failed' || s.outcome === 'error')
      ? 'failed'
      : steps.every((s) => s.outcome === 'skipped')
        ? 'skipped'
        : 'passed';
    out.close({ index, ...identity(instance), outcome, steps, startMs, durationMs: ctx.elapsed() - startMs });
  };

  let at = 0;
  for (; at < walk.length && !ctx.signal.aborted && !out.stopped();) {
    const { instance, step, index } = walk[at]!;
    if (open?.instance !== instance) {
      close();
      open = { instance, index: out.open(instance), steps: [], startMs: ctx.elapsed() };
    }
    const scenarioIndex = open.index;
    run.nextRequest = undefined;
    const result = await executeStep(step, index, instance, ctx, run, (t) =>
      out.trace?.(scenarioIndex, index, t),
    );
    open.steps.push(result);
    out.step(scenarioIndex, result);
    const next = run.nextRequest as { value: unknown } | undefined;
    run.nextRequest = undefined;
    if (!next) at++;
    else {
      const target =
        typeof next.value === 'string' || typeof next.value === 'number' ? String(next.value) : '';
      // null, or a request that is not there, ends this iteration (postman-runtime's rule).
      at = next.value === null ? walk.length : (byId.get(target) ?? byName.get(target) ?? walk.length);
    }
  }
  // Interrupted: what the open scenario had still to run is skipped, and so are the scenarios after it.
  if (open && at < walk.length) {
    const { instance, steps } = open;
    for (const [index, step] of instance.scenario.steps.entries())
      if (index > steps.at(-1)!.index) steps.push(skipped(stepName(step), index, step.kind, ctx.elapsed()));
  }
  const reached = open?.instance;
  close();
  if (at < walk.length)
    for (const instance of group.slice(reached ? group.indexOf(reached) + 1 : 0)) out.skip(instance);
}

async function executeStep(
  step: Step,
  index: number,
  instance: ScenarioInstance,
  ctx: RunContext,
  run: PostmanRun,
  trace: (t: HttpTrace) => void,
): Promise<StepResult> {
  if (step.kind === 'request')
    return executePostmanStep(step, index, step.auth ?? instance.scenario.auth, run, ctx, trace);
  const at = ctx.elapsed();
  const result = skipped(stepName(step), index, 'wait', at);
  try {
    await sleep(step.ms, undefined, { signal: ctx.signal });
    return { ...result, outcome: 'passed', durationMs: ctx.elapsed() - at };
  } catch {
    return result; // interrupted: the wait stays skipped
  }
}

/** The id scripts see as pm.info.requestId and may pass to setNextRequest: the Postman item's, else its place. */
export function itemId(step: Step): string {
  return (step.kind === 'request' ? step.id : undefined) ?? step.path.join('.');
}
