/**
 * The programmatic API: `runCollection('collections/ords-security.yaml', { environment: 'environments/local.yaml' })`
 * resolves to the RunResult (secrets masked). Bad input throws InputError or
 * InputErrors before anything is sent. Postman collection files run too, natively,
 * in Postman mode: scripts that do not translate run in a Postman sandbox.
 */
import { extname } from 'node:path';
import { loadCollectionFile, parseCollection, type LoadedCollection } from './load/collection.js';
import { maskData } from './mask/mask-data.js';
import type { SecretSet } from './mask/secrets.js';
import type { HttpTrace, RunEvent, RunListener } from './model/events.js';
import type { RunResult } from './model/result.js';
import { loadEnvironmentFile, loadGlobalsFile, type Environment } from './plan/environment.js';
import { loadDataFile } from './plan/data.js';
import { parseShard } from './plan/instances.js';
import { planRun, type PlanOptions, type RunPlan } from './plan/plan.js';
import { readReport } from './report/read.js';
import { interpolate } from './plan/template.js';
import { processVariables, Variables } from './plan/variables.js';
import { importPostman, isPostmanCollection, normalizePostman } from './postman/import.js';
import type { PmCollection } from './postman/types.js';
import { executePlan, type ExecuteOptions } from './run/run.js';
import { SourceDocument } from './source/document.js';
import { readUserFile } from './source/read.js';

export interface PrepareOptions {
  /** Environment file: gatecheck YAML or Postman environment JSON. */
  environment?: string;
  /** A Postman globals file (newman's -g): the lowest variable scope. */
  globals?: string;
  /** newman's --global-var values: set in the globals scope. */
  globalVars?: Record<string, string>;
  /** dotenv files read under the process environment (`.env` in cwd is always read). */
  envFiles?: string[];
  /** `--var` values: the highest precedence. */
  vars?: Record<string, string>;
  /** Only scenarios whose name matches (case-insensitive regex). */
  grep?: string;
  /** Only scenarios with exactly these names (newman's --folder). */
  folders?: string[];
  /** Run every scenario this many times. */
  iterations?: number;
  /** A CSV or JSON data file: every scenario runs once per row. */
  data?: string;
  /** This machine's part of the run: "i/n". */
  shard?: string;
  /** A previous JSON report whose durations balance the shards. */
  shardTimings?: string;
}

export type RunCollectionOptions = PrepareOptions &
  Omit<ExecuteOptions, 'listeners'> & { listeners?: RunListener[] };

/** What one collection file will run as. */
export interface RunJob {
  kind: 'plan';
  file: string;
  plan: RunPlan;
  secrets: SecretSet;
  /** What importing a Postman file had to say (auth it could not carry over, …). */
  warnings: string[];
}

/** Loads and plans every file before anything is sent; throws on the first file with input errors. */
export function prepareJobs(files: readonly string[], options: PrepareOptions = {}): RunJob[] {
  const environment = options.environment ? loadEnvironmentFile(options.environment) : undefined;
  const globals = globalsOf(options);
  const processVars = processVariables(options.envFiles ?? []);
  const vars = options.vars ?? {};
  const planOptions: PlanOptions = {
    grep: options.grep,
    folders: options.folders,
    iterations: options.iterations,
    data: options.data ? loadDataFile(options.data) : undefined,
    shard: options.shard ? parseShard(options.shard) : undefined,
    timings: options.shardTimings ? readReport(options.shardTimings) : undefined,
  };
  return files.map((file): RunJob => {
    const postman = extname(file).toLowerCase() === '.json' ? readPostman(file) : undefined;
    let loaded: LoadedCollection;
    let warnings: string[] = [];
    if (postman) {
      const imported = importPostman(postman, file);
      warnings = imported.warnings;
      loaded = parseCollection(file, imported.yaml);
    } else {
      loaded = loadCollectionFile(file);
    }
    const { collection, source } = loaded;
    const variables = new Variables({
      collection: collection.variables,
      process: processVars,
      environment,
      cli: vars,
      globals,
    });
    const plan = planRun(collection, source, variables, planOptions);
    return { kind: 'plan', file, plan, secrets: plan.secrets, warnings };
  });
}

/** The globals file with --global-var values set over it, as newman sets them. */
function globalsOf(options: PrepareOptions): Environment | undefined {
  const file = options.globals === undefined ? undefined : loadGlobalsFile(options.globals);
  const set = options.globalVars ?? {};
  if (!file && Object.keys(set).length === 0) return undefined;
  const base = file ?? { file: '--global-var', variables: {}, secrets: [] };
  return {
    ...base,
    variables: { ...base.variables, ...set },
    typed: { ...(base.typed ?? base.variables), ...set },
  };
}

/** Loads and plans collections, Postman files included. */
export function prepareRuns(files: readonly string[], options: PrepareOptions = {}): RunPlan[] {
  return prepareJobs(files, options).map((job) => job.plan);
}

export async function executeJob(job: RunJob, options: ExecuteOptions = {}): Promise<RunResult> {
  // Listeners (the terminal reporter among them) see masked data, never raw values.
  const listeners = options.listeners && maskedListeners(options.listeners, job.secrets);
  return maskResult(await executePlan(job.plan, { ...options, listeners }), job.secrets);
}

export async function runCollection(file: string, options: RunCollectionOptions = {}): Promise<RunResult> {
  const [job] = prepareJobs([file], options);
  return executeJob(job!, options);
}

/**
 * Listeners that receive every event masked. Traces (--verbose) are masked again
 * when their scenario ends: a token captured by a later step of the scenario is
 * a secret by then, and reporters print a scenario's traces only at its end.
 */
function maskedListeners(listeners: RunListener[], secrets: SecretSet): RunListener[] {
  const traces = new Map<number, HttpTrace[]>();
  const mask = (event: RunEvent): RunEvent => {
    if (event.type === 'http')
      traces.set(event.scenario, [...(traces.get(event.scenario) ?? []), event.trace]);
    if (event.type === 'scenario-end') {
      for (const trace of traces.get(event.result.index) ?? []) maskData(trace, secrets);
      traces.delete(event.result.index);
    }
    return maskData(event, secrets);
  };
  let last: { event: RunEvent; masked: RunEvent } | undefined;
  // Masked once per event, whatever the number of listeners.
  return listeners.map((listener): RunListener => (event) => {
    if (last?.event !== event) last = { event, masked: mask(event) };
    listener(last.masked);
  });
}

/** The run's results with every secret value masked, as data: keys of the result's shape and markup are never touched. */
export function maskResult(result: RunResult, secrets: SecretSet): RunResult {
  return maskData(result, secrets);
}

/** The collection's baseUrl with variables filled in, for shorter URLs in reports. */
export function resolvedBaseUrl(job: RunJob): string | undefined {
  const base = job.plan.collection.baseUrl;
  return base === undefined
    ? undefined
    : interpolate(base, (n) => job.plan.variables.get(n)).replace(/\/+$/, '');
}

/** A Postman collection file (v1 or v2, as v2.1), or undefined when the JSON is not one. */
export function readPostman(file: string): PmCollection | undefined {
  const data = SourceDocument.parse(file, readUserFile(file, 'collection')).toJS();
  return isPostmanCollection(data) ? normalizePostman(data as Record<string, unknown>, file) : undefined;
}
