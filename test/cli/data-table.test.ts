/** A CSV of user, password and expected status drives one scenario to 200 and 401 rows (expect.status: '{{expected}}'). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../src/sim/server.js';
import { runCli } from '../helpers/cli.js';
import { startSim } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-table-'));

describe('expected statuses from a data table', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  const run = (csv: string) => {
    const file = join(dir, `rows-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, csv);
    return runCli([
      'run',
      'collections/basic-users-table.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=${sim.url}`,
      '--data',
      file,
    ]);
  };
  const hello = () => sim.requests.filter((r) => r.path === '/ords/myapi/myapi/hello');

  test('the shipped table passes: one 200 row, two 401 rows, as the simulator answered', async () => {
    const before = hello().length;
    const r = await runCli([
      'run',
      'collections/basic-users-table.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=${sim.url}`,
      '--data',
      'test/fixtures/data/basic-users.csv',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASSED 3 scenarios: 3 passed/m);
    expect(
      hello()
        .slice(before)
        .map((x) => x.status)
        .sort(),
    ).toEqual([200, 401, 401]);
    expect(r.stdout).not.toContain('qa_password');
  }, 30_000);

  test('a table that is wrong about a caller fails that row, with expected and actual', async () => {
    const r = await run('user,password,expected\nqa_user,qa_password,401\nqa_user,bad,401\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('status: expected 401, got 200');
    expect(r.stdout).toMatch(/^FAILED 2 scenarios: 1 passed, 1 failed/m);
  }, 30_000);

  test('lists and classes: "200|201" and 4xx', async () => {
    const r = await run('user,password,expected\nqa_user,qa_password,200|201\nqa_user,bad,4xx\n');
    expect(r.code).toBe(0);
  }, 30_000);

  test('a value that is not a status is an error naming it, not a pass', async () => {
    const r = await run('user,password,expected\nqa_user,qa_password,ok\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'error E_EXPECTED: expect.status {{expected}} resolved to "ok", which is not a status (401, 200,201 or 2xx)',
    );
    expect(r.stdout).toMatch(/· 1 error ·/);
  }, 30_000);
});
