/**
 * The programmatic API: `runCollection('collections/ords-security.yaml', { environment: 'environments/local.yaml' })`
 * resolves to the RunResult (secrets masked). Bad input throws InputError or
 * InputErrors before anything is sent.
 */
import { loadCollectionFile } from './load/collection.js';
import type { RunListener } from './model/events.js';
import type { RunResult } from './model/result.js';
import { loadEnvironmentFile, type Environment } from './plan/environment.js';
import { planRun, type RunPlan } from './plan/plan.js';
import { interpolate } from './plan/template.js';
import { processVariables, Variables } from './plan/variables.js';
import { executePlan, type ExecuteOptions } from './run/run.js';

export interface PrepareOptions {
  /** Environment file: gatecheck YAML or Postman environment JSON. */
  environment?: string;
  /** dotenv files read under the process environment (`.env` in cwd is always read). */
  envFiles?: string[];
  /** `--var` values: the highest precedence. */
  vars?: Record<string, string>;
  /** Only scenarios whose name matches (case-insensitive regex). */
  grep?: string;
}

export type RunCollectionOptions = PrepareOptions &
  Omit<ExecuteOptions, 'listeners'> & { listeners?: RunListener[] };

/** Loads and plans each collection; throws on the first file with input errors. */
export function prepareRuns(files: readonly string[], options: PrepareOptions = {}): RunPlan[] {
  const environment: Environment | undefined = options.environment
    ? loadEnvironmentFile(options.environment)
    : undefined;
  const processVars = processVariables(options.envFiles ?? []);
  return files.map((file) => {
    const { collection, source } = loadCollectionFile(file);
    const variables = new Variables({
      collection: collection.variables,
      process: processVars,
      environment,
      cli: options.vars ?? {},
    });
    return planRun(collection, source, variables, { grep: options.grep });
  });
}

export async function runCollection(file: string, options: RunCollectionOptions = {}): Promise<RunResult> {
  const [plan] = prepareRuns([file], options);
  const result = await executePlan(plan!, options);
  return maskResult(result, plan!);
}

/** The run's results with every secret value masked (the last line of defence for anything written). */
export function maskResult(result: RunResult, plan: RunPlan): RunResult {
  return JSON.parse(plan.secrets.mask(JSON.stringify(result))) as RunResult;
}

/** The collection's baseUrl with variables filled in, for shorter URLs in reports. */
export function resolvedBaseUrl(plan: RunPlan): string | undefined {
  const base = plan.collection.baseUrl;
  return base === undefined ? undefined : interpolate(base, (n) => plan.variables.get(n)).replace(/\/+$/, '');
}
