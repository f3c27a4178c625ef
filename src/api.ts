/**
 * The programmatic API: `runCollection('collections/ords-security.yaml', { environment: 'environments/local.yaml' })`
 * resolves to the RunResult (secrets masked). Bad input throws InputError or
 * InputErrors before anything is sent. Postman collection files run too, natively,
 * in Postman mode: scripts that do not translate run in a Postman sandbox.
 */
import { extname } from 'node:path';
import { loadCollectionFile, parseCollection, type LoadedCollection } from './load/collection.js';
import { maskInPlace, type SecretSet } from './mask/secrets.js';
import type { RunListener } from './model/events.js';
import type { RunResult } from './model/result.js';
import { loadEnvironmentFile } from './plan/environment.js';
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
    });
    const plan = planRun(collection, source, variables, planOptions);
    return { kind: 'plan', file, plan, secrets: plan.secrets, warnings };
  });
}

/** Loads and plans collections, Postman files included. */
export function prepareRuns(files: readonly string[], options: PrepareOptions = {}): RunPlan[] {
  return prepareJobs(files, options).map((job) => job.plan);
}

export async function executeJob(job: RunJob, options: ExecuteOptions = {}): Promise<RunResult> {
  return maskResult(await executePlan(job.plan, options), job.secrets);
}

export async function runCollection(file: string, options: RunCollectionOptions = {}): Promise<RunResult> {
  const [job] = prepareJobs([file], options);
  return executeJob(job!, options);
}

/** The run's results with every secret value masked (the last line of defence for anything written). */
export function maskResult(result: RunResult, secrets: SecretSet): RunResult {
  return maskInPlace(result, secrets);
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
