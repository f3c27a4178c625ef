/** --shard auto in each CI, and merge refusing an incomplete, duplicated or mixed set of shards. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { SHARD_PROVIDERS } from '../../src/cli/shard.js';
import { runCli } from '../helpers/cli.js';
import { startTinyServer, type TinyServer } from '../helpers/tiny-server.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-shard-auto-'));
const file = (n: string) => join(dir, n);
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Report;
const keys = (r: Report) =>
  r.runs.flatMap((run) => run.scenarios.map((s) => `${s.name}#${s.iteration ?? 1}`));
/** The environment without any CI's shard variables, whatever CI runs these tests. */
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const p of SHARD_PROVIDERS) {
    delete env[p.index];
    if (p.total) delete env[p.total];
  }
  return env;
};

let server: TinyServer;
beforeAll(async () => {
  server = await startTinyServer();
});
afterAll(() => server.close());

const run = (name: string, env: NodeJS.ProcessEnv, extra: string[] = []) =>
  runCli(
    [
      'run',
      'test/fixtures/scale/tiny.yaml',
      'test/fixtures/scale/tiny.yaml',
      '--var',
      `baseUrl=${server.url}`,
      '-n',
      '7',
      '-r',
      'json',
      '--reporter-json-export',
      file(`${name}.json`),
      ...extra,
    ],
    { env: { ...cleanEnv(), ...env } },
  );

// Index and total as each CI spells them, for shard k (1-based) of 3.
const providers: [string, (k: number) => NodeJS.ProcessEnv, string[]][] = [
  ['GitHub Actions', (k) => ({ GATECHECK_SHARD_INDEX: String(k), GATECHECK_SHARD_TOTAL: '3' }), []],
  ['GitLab CI', (k) => ({ CI_NODE_INDEX: String(k), CI_NODE_TOTAL: '3' }), []],
  ['CircleCI', (k) => ({ CIRCLE_NODE_INDEX: String(k - 1), CIRCLE_NODE_TOTAL: '3' }), []],
  ['Buildkite', (k) => ({ BUILDKITE_PARALLEL_JOB: String(k - 1), BUILDKITE_PARALLEL_JOB_COUNT: '3' }), []],
  ['Kubernetes Indexed Job', (k) => ({ JOB_COMPLETION_INDEX: String(k - 1) }), ['--shard-total', '3']],
];

describe('--shard auto', () => {
  let full: string[];
  beforeAll(async () => {
    expect((await run('full', {})).code).toBe(0);
    full = keys(readJson(file('full.json')));
    expect(full).toHaveLength(14);
  });

  test.each(providers)('%s: the three shards cover the suite exactly once', async (ci, envOf, extra) => {
    const slug = ci.replace(/\W+/g, '-');
    const results = await Promise.all(
      [1, 2, 3].map((k) => run(`${slug}-${k}`, envOf(k), ['--shard', 'auto', ...extra])),
    );
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    results.forEach((r, i) => expect(r.stderr).toContain(`gatecheck: --shard auto: ${i + 1}/3 from ${ci} (`));
    const shards = [1, 2, 3].map((k) => readJson(file(`${slug}-${k}.json`)));
    expect(shards.map((s) => s.shard?.index)).toEqual([1, 2, 3]);
    const union = shards.flatMap(keys);
    expect(union.length).toBe(full.length);
    expect([...union].sort()).toEqual([...full].sort());
    expect(shards.every((s) => keys(s).length > 0)).toBe(true);
  });

  test('outside a CI: one line naming what was looked for, exit 2', async () => {
    const r = await run('none', {}, ['--shard', 'auto']);
    expect([r.code, r.stderr]).toEqual([
      2,
      'gatecheck: --shard: auto: no CI shard index in the environment (looked for GATECHECK_SHARD_INDEX, CI_NODE_INDEX, CIRCLE_NODE_INDEX, BUILDKITE_PARALLEL_JOB, JOB_COMPLETION_INDEX); use --shard i/n\n',
    ]);
  });

  test('an index without a total, or out of range, is an input error', async () => {
    const k8s = await run('k8s', { JOB_COMPLETION_INDEX: '0' }, ['--shard', 'auto']);
    expect([k8s.code, k8s.stderr]).toEqual([
      2,
      'gatecheck: --shard: auto: Kubernetes Indexed Job gives JOB_COMPLETION_INDEX but no total; pass --shard-total n\n',
    ]);
    const gitlab = await run('gl', { CI_NODE_INDEX: '4', CI_NODE_TOTAL: '3' }, ['--shard', 'auto']);
    expect([gitlab.code, gitlab.stderr]).toEqual([
      2,
      'gatecheck: --shard: auto: CI_NODE_INDEX=4 is outside 1..3 for a total of 3\n',
    ]);
  });
});

describe('merge checks the set of shards', () => {
  const shard = (k: number, n = 3, extra: string[] = []) =>
    run(`m${n}-${k}${extra.length ? '-x' : ''}`, {}, ['--shard', `${k}/${n}`, ...extra]);
  beforeAll(async () => {
    const rs = await Promise.all([shard(1), shard(2), shard(3), shard(1, 2), shard(2, 3, ['-n', '8'])]);
    expect(rs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
  });
  const merge = (...args: string[]) =>
    runCli(['merge', ...args, '-r', 'json', '--reporter-json-export', file('merged.json')]);

  test('a complete set merges into the whole run', async () => {
    const r = await merge(file('m3-3.json'), file('m3-1.json'), file('m3-2.json'));
    expect([r.code, r.stderr]).toEqual([
      0,
      `gatecheck: reports written: ${file('merged.json')}\ngatecheck: merged 3 reports: 14 scenarios, PASSED\n`,
    ]);
    const merged = readJson(file('merged.json'));
    expect(keys(merged)).toEqual(keys(readJson(file('full.json'))));
    expect(merged.stats.scenarios.total).toBe(14);
    expect(merged.shard).toBeUndefined();
  });

  test('a missing shard is refused and named; nothing is written', async () => {
    const r = await merge(file('m3-1.json'), file('m3-3.json'));
    expect([r.code, r.stderr]).toEqual([
      2,
      'gatecheck: shard 2/3 is missing (given: 1/3, 3/3); pass --allow-partial to merge them anyway\n',
    ]);
  });

  test('a shard given twice, or one of another suite, is refused', async () => {
    const twice = await merge(file('m3-1.json'), file('m3-1.json'), file('m3-2.json'), file('m3-3.json'));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`shard 1/3 is given 2 times: ${file('m3-1.json')}, ${file('m3-1.json')}`);
    const mixed = await merge(file('m3-1.json'), file('m3-2-x.json'), file('m3-3.json'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(`${file('m3-2-x.json')} is from another suite than ${file('m3-1.json')}`);
    const plain = await merge(file('full.json'));
    expect(plain.stderr).toContain(`${file('full.json')} is not a shard report (run without --shard)`);
  });

  test('--allow-partial merges what is there and says what is missing', async () => {
    const r = await merge(file('m3-1.json'), file('m3-3.json'), '--allow-partial');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'gatecheck: warning: --allow-partial: shard 2/3 is missing (given: 1/3, 3/3)\n',
    );
    const merged = readJson(file('merged.json'));
    const expected = [...keys(readJson(file('m3-1.json'))), ...keys(readJson(file('m3-3.json')))];
    expect([...keys(merged)].sort()).toEqual(expected.sort());
    // A shard given twice counts once.
    const doubled = await merge(
      file('m3-1.json'),
      file('m3-1.json'),
      file('m3-2.json'),
      file('m3-3.json'),
      '--allow-partial',
    );
    expect(doubled.code).toBe(0);
    expect(keys(readJson(file('merged.json')))).toEqual(keys(readJson(file('full.json'))));
  });
});
