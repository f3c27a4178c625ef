/**
 * --shard auto: this machine's part from the CI it runs in; and the suite
 * fingerprint a shard report carries so that `merge` can tell a complete set.
 *
 *   GitHub Actions  GATECHECK_SHARD_INDEX / GATECHECK_SHARD_TOTAL  1-based (set from the matrix)
 *   GitLab CI       CI_NODE_INDEX / CI_NODE_TOTAL                  1-based (parallel: n)
 *   CircleCI        CIRCLE_NODE_INDEX / CIRCLE_NODE_TOTAL          0-based (parallelism: n)
 *   Buildkite       BUILDKITE_PARALLEL_JOB / …_JOB_COUNT           0-based (parallelism: n)
 *   Kubernetes      JOB_COMPLETION_INDEX, total from --shard-total 0-based (Indexed Job)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RunJob } from '../api.js';
import type { ShardInfo } from '../model/report.js';
import { parseShard, type Shard } from '../plan/instances.js';
import { InputError } from '../source/errors.js';

export interface ShardProvider {
  ci: string;
  index: string;
  /** Absent when the total comes from --shard-total. */
  total?: string;
  base: 0 | 1;
}

/** Looked for in this order; the first whose index variable is set wins. */
export const SHARD_PROVIDERS: readonly ShardProvider[] = [
  { ci: 'GitHub Actions', index: 'GATECHECK_SHARD_INDEX', total: 'GATECHECK_SHARD_TOTAL', base: 1 },
  { ci: 'GitLab CI', index: 'CI_NODE_INDEX', total: 'CI_NODE_TOTAL', base: 1 },
  { ci: 'CircleCI', index: 'CIRCLE_NODE_INDEX', total: 'CIRCLE_NODE_TOTAL', base: 0 },
  { ci: 'Buildkite', index: 'BUILDKITE_PARALLEL_JOB', total: 'BUILDKITE_PARALLEL_JOB_COUNT', base: 0 },
  { ci: 'Kubernetes Indexed Job', index: 'JOB_COMPLETION_INDEX', base: 0 },
];

export interface ResolvedShard extends Shard {
  /** "GitLab CI (CI_NODE_INDEX=2, CI_NODE_TOTAL=3)", for --shard auto. */
  from?: string;
}

/** --shard i/n or auto (with --shard-total for a CI that gives only an index). */
export function resolveShard(
  value: string | undefined,
  totalFlag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedShard | undefined {
  if (value !== 'auto') {
    if (totalFlag !== undefined)
      throw new InputError('goes with --shard auto (a CI that gives only an index)', {
        flag: '--shard-total',
      });
    return value === undefined ? undefined : parseShard(value);
  }
  const provider = SHARD_PROVIDERS.find((p) => (env[p.index] ?? '') !== '');
  if (!provider) {
    const names = SHARD_PROVIDERS.map((p) => p.index).join(', ');
    throw new InputError(
      `auto: no CI shard index in the environment (looked for ${names}); use --shard i/n`,
      {
        flag: '--shard',
      },
    );
  }
  const whole = (name: string, text: string | undefined, flag = '--shard') => {
    if (text === undefined || !/^\d+$/.test(text.trim()))
      throw new InputError(
        `auto: ${name} is ${text === undefined ? 'not set' : `"${text}"`}, expected a whole number`,
        {
          flag,
        },
      );
    return Number(text.trim());
  };
  const fromEnv = provider.total !== undefined && (env[provider.total] ?? '') !== '';
  if (!fromEnv && totalFlag === undefined)
    throw new InputError(
      `auto: ${provider.ci} gives ${provider.index} but no total; pass --shard-total n${provider.total ? ` or set ${provider.total}` : ''}`,
      { flag: '--shard' },
    );
  const count = fromEnv
    ? whole(provider.total!, env[provider.total!])
    : whole('--shard-total', totalFlag, '--shard-total');
  if (fromEnv && totalFlag !== undefined && whole('--shard-total', totalFlag, '--shard-total') !== count)
    throw new InputError(`is ${totalFlag} but ${provider.total} says ${count}`, { flag: '--shard-total' });
  const raw = whole(provider.index, env[provider.index]);
  const index = raw + (1 - provider.base);
  if (count < 1 || index < 1 || index > count) {
    const range = provider.base === 0 ? `0..${count - 1}` : `1..${count}`;
    throw new InputError(`auto: ${provider.index}=${raw} is outside ${range} for a total of ${count}`, {
      flag: '--shard',
    });
  }
  const total = fromEnv ? `${provider.total}=${count}` : `--shard-total ${count}`;
  return { index, count, from: `${provider.ci} (${provider.index}=${raw}, ${total})` };
}

export interface SuiteInputs {
  iterations?: number;
  data?: string;
  grep?: string;
  shardTimings?: string;
}

/**
 * What every shard of one suite shares: the collections and their selected
 * scenarios, iterations, data rows, and how the run is split. Shards of one
 * suite carry the same fingerprint; merge refuses to mix others.
 */
export function suiteFingerprint(jobs: readonly RunJob[], shard: Shard, inputs: SuiteInputs): ShardInfo {
  const digest = (file: string | undefined) =>
    file === undefined ? null : createHash('sha256').update(readFileSync(file)).digest('hex');
  const hash = createHash('sha256').update(
    JSON.stringify({
      collections: jobs.map((job) => ({
        file: job.file,
        scenarios: job.kind === 'plan' ? job.plan.scenarios.map((s) => s.name) : null,
      })),
      iterations: inputs.iterations ?? 1,
      data: digest(inputs.data),
      grep: inputs.grep ?? null,
      count: shard.count,
      timings: digest(inputs.shardTimings),
    }),
  );
  return { index: shard.index, count: shard.count, suite: `sha256:${hash.digest('hex').slice(0, 32)}` };
}
