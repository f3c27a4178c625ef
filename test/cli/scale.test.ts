/** --iterations, --data, --shard and merge, as CI uses them. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCollection } from '../../src/api.js';
import type { Report } from '../../src/model/report.js';
import type { Simulator } from '../../src/sim/server.js';
import { runCli } from '../helpers/cli.js';
import { startSim } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-scale-'));
const read = (f: string) => readFileSync(f, 'utf8');
const keys = (r: Report) =>
  r.runs.flatMap((run) => run.scenarios.map((s) => `${s.name}|${s.iteration ?? 1}|${s.row?.name ?? '-'}`));
/** JUnit with timings and timestamps taken out. */
const untimed = (xml: string) => xml.replace(/ time="[\d.]+"/g, '').replace(/ timestamp="[^"]+"/g, '');

describe('data rows', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test('CSV rows with quoted commas become variables, and each row is named in the results', async () => {
    const result = await runCollection('test/fixtures/data-driven.yaml', {
      environment: 'environments/local.yaml',
      vars: { baseUrl: sim.url },
      data: 'test/fixtures/data/rows.csv',
    });
    expect(result.outcome).toBe('passed');
    const license = result.scenarios.filter((s) => s.name === 'license of the row');
    expect(license.map((s) => [s.row?.name, s.steps[0]?.request?.url])).toEqual([
      ['row 1 (7)', `${sim.url}/ords/myapi/customers/validation/7?label=Acme%2C+Inc.`],
      ['row 2 (8)', `${sim.url}/ords/myapi/customers/validation/8?label=Globex`],
    ]);
    expect(result.scenarios).toHaveLength(6);
  });

  test('JSON rows, times iterations; names reach the JUnit report', async () => {
    const junit = join(dir, 'rows-junit.xml');
    const r = await runCli([
      'run',
      'test/fixtures/data-driven.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=${sim.url}`,
      '--data',
      'test/fixtures/data/rows.json',
      '-n',
      '2',
      '-r',
      'junit',
      '--reporter-junit-export',
      junit,
    ]);
    expect(r.code).toBe(0);
    const xml = read(junit);
    expect(xml.match(/<testsuite /g)).toHaveLength(12);
    expect(xml).toContain(
      'name="test/fixtures/data-driven.yaml › license of the row [iteration 2] [row 2 (42)]"',
    );
    expect(xml).toContain('validation/{{id}} › json $.id');
  });

  test('a data file that is not rows is a one-line input error', async () => {
    const r = await runCli([
      'run',
      'test/fixtures/data-driven.yaml',
      '--data',
      'collections/unsecured.yaml.json',
    ]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'gatecheck: collections/unsecured.yaml.json: cannot read data file: no such file\n',
    ]);
  });
});

describe('sharding and merge', () => {
  let sim: Simulator;
  let full: Report;
  const file = (n: string) => join(dir, n);
  const runShard = (shard: string | undefined, name: string, extra: string[] = []) =>
    runCli([
      'run',
      // Collections whose expectations hold when each data row runs them concurrently
      // (the expired-token demo expects a retry that only one of two concurrent runs makes).
      'collections/security-matrix.yaml',
      'collections/oauth2-client-credentials.yaml',
      'test/fixtures/data-driven.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=${sim.url}`,
      '--data',
      'test/fixtures/data/rows.csv',
      '-r',
      'json,junit',
      '--reporter-json-export',
      file(`${name}.json`),
      '--reporter-junit-export',
      file(`${name}.xml`),
      ...(shard ? ['--shard', shard] : []),
      ...extra,
    ]);

  beforeAll(async () => {
    sim = await startSim();
    expect((await runShard(undefined, 'full')).code).toBe(0);
    full = JSON.parse(read(file('full.json'))) as Report;
  }, 30_000);
  afterAll(() => sim.close());

  test('the shards 1/3, 2/3, 3/3 together are exactly the full run, nothing twice; merge gives the same JUnit', async () => {
    const results = await Promise.all(['1/3', '2/3', '3/3'].map((s, i) => runShard(s, `shard-${i + 1}`)));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const shards = [1, 2, 3].map((i) => JSON.parse(read(file(`shard-${i}.json`))) as Report);
    const union = shards.flatMap(keys);
    expect(union).toHaveLength(keys(full).length);
    expect(new Set(union).size).toBe(union.length);
    expect([...union].sort()).toEqual([...keys(full)].sort());
    // Each collection's instances are dealt round-robin: shard sizes differ by at most one per collection.
    const sizes = shards.map((s) => keys(s).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(2);

    const merged = await runCli([
      'merge',
      file('shard-1.json'),
      file('shard-2.json'),
      file('shard-3.json'),
      '-r',
      'junit,json',
      '--reporter-junit-export',
      file('merged.xml'),
      '--reporter-json-export',
      file('merged.json'),
    ]);
    expect(merged.code).toBe(0);
    expect(untimed(read(file('merged.xml')))).toBe(untimed(read(file('full.xml'))));
    expect(keys(JSON.parse(read(file('merged.json'))) as Report)).toEqual(keys(full));
  }, 30_000);

  test('with a previous report, shards are balanced by recorded duration, and still exactly the full run', async () => {
    const results = await Promise.all(
      ['1/2', '2/2'].map((s, i) => runShard(s, `timed-${i + 1}`, ['--shard-timings', file('full.json')])),
    );
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const shards = [1, 2].map((i) => JSON.parse(read(file(`timed-${i}.json`))) as Report);
    const union = shards.flatMap(keys);
    expect([...union].sort()).toEqual([...keys(full)].sort());
    // Balanced by the durations recorded in full.json: the shards' totals differ by at most the longest instance,
    // which is what longest-first assignment guarantees.
    const recorded = new Map(
      full.runs.flatMap((r) =>
        r.scenarios.map((x): [string, number] => [
          `${x.name}|${x.iteration ?? 1}|${x.row?.name ?? '-'}`,
          x.durationMs,
        ]),
      ),
    );
    const loads = shards.map((s) => keys(s).reduce((sum, k) => sum + (recorded.get(k) ?? 0), 0));
    expect(Math.abs(loads[0]! - loads[1]!)).toBeLessThanOrEqual(Math.max(...recorded.values()));
    expect(shards.every((s) => keys(s).length > 0)).toBe(true);
  }, 30_000);

  test('--shard needs i/n', async () => {
    const r = await runCli(['run', 'collections/unsecured.yaml', '--shard', '4/3']);
    expect([r.code, r.stderr]).toEqual([2, 'gatecheck: --shard: expected i/n with 1 <= i <= n, got "4/3"\n']);
  });
});
