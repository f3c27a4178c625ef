/**
 * The terminal at scale and the habits people bring from newman and curl: a recap
 * of failures that names each failing scenario once, --quiet, --timings, one line
 * for scenarios an interrupted run never started, --env-var, -k, --folder, -x,
 * did-you-mean for options, `gatecheck help <command>`, `-o -`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../src/sim/server.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { startFaultServer } from '../helpers/faults.js';
import { startSim } from '../helpers/sim.js';

const WRONG = 'test/cli/fixtures/wrong-expectation.yaml';

describe('the terminal', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  const run = (...extra: string[]) =>
    runCli(['run', WRONG, '-e', 'environments/local.yaml', '--var', `baseUrl=${sim.url}`, ...extra]);
  const recapOf = (stdout: string) => stdout.slice(stdout.indexOf('\nFailures\n'));

  test('200 failing iterations end with a recap that names each failing scenario once', async () => {
    const r = await run('-n', '200', '--concurrency', '16');
    expect(r.code).toBe(1);
    const recap = recapOf(r.stdout);
    expect(recap.split('\n').filter((l) => l.startsWith('✗ '))).toEqual([
      '✗ the module is wrongly expected to be public  × 200 (iterations 1–200)',
      '✗ a wrong message  × 200 (iterations 1–200)',
    ]);
    // Each distinct failure once, with the step, check, expected and actual.
    expect(recap).toContain(
      '    POST /ords/myapi/myapi/hello › status: expected 200, got 401\n    POST /ords/myapi/myapi/hello › json $.message: expected "Secure Hello World", got "Unauthorized"\n',
    );
    expect(recap.match(/json \$\.items exists: expected true, got false/g)).toHaveLength(1);
    expect(recap).not.toContain('this one passes');
  }, 120_000);

  test('--quiet prints failures, the summary and the recap; -x exits 0 anyway', async () => {
    const r = await run('--quiet', '-x');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('this one passes');
    expect(r.stdout).toContain('✗ a wrong message');
    expect(r.stdout).toMatch(/^FAILED 3 scenarios: 1 passed, 2 failed/m);
    expect(recapOf(r.stdout)).toContain('✗ the module is wrongly expected to be public\n');
  });

  test('--timings: p50 and p95 per endpoint after the summary', async () => {
    const r = await run('--timings', '-n', '5');
    const timings = r.stdout.slice(r.stdout.indexOf('\nTimings'));
    expect(timings).toMatch(/endpoint +requests +p50 +p95 +max/);
    expect(timings).toMatch(/\n {2}POST \/ords\/myapi\/myapi\/hello +10 +\d+ ms +\d+ ms +\d+ ms\n/);
    expect(timings).toMatch(/\n {2}GET \/ords\/myapi\/public\/items +5 /);
    expect(timings).toMatch(/\n {2}token fetch \(ords-client\) +1 /);
  });

  test("newman's --env-var, -k and --folder (exact names; an unknown one is bad input with a hint)", async () => {
    const r = await runCli([
      'run',
      WRONG,
      '-e',
      'environments/local.yaml',
      '--env-var',
      `baseUrl=${sim.url}`,
      '-k',
      '--folder',
      'this one passes',
    ]);
    expect([r.code, r.stderr]).toEqual([
      0,
      'gatecheck: warning: --insecure: TLS certificates are not verified\n',
    ]);
    expect(r.stdout).toMatch(/^PASSED 1 scenario: 1 passed/m);
    const bad = await run('--folder', 'this one pases');
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'gatecheck: --folder: no scenario named "this one pases" (did you mean "this one passes"?)\n',
    ]);
  });
});

test('did-you-mean for options; `gatecheck help run` is `gatecheck run --help`', async () => {
  const typo = await runCli(['run', 'x.yaml', '--env-vars', 'a=b']);
  expect([typo.code, typo.stderr]).toEqual([
    2,
    'gatecheck: --env-vars: unknown option for "gatecheck run" (did you mean "--env-var"?)\n',
  ]);
  const [help, flag] = await Promise.all([runCli(['help', 'run']), runCli(['run', '--help'])]);
  expect(help.code).toBe(0);
  expect(help.stdout).toBe(flag.stdout);
  expect(help.stdout).toContain('--suppress-exit-code');
});

test('-o - writes to standard output, not to a file named "-"', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-stdout-'));
  const r = await runCli(['export', join(ROOT, 'collections/ords-security.yaml'), '-o', '-'], { cwd: dir });
  expect(r.code).toBe(0);
  expect((JSON.parse(r.stdout) as { info: { name: string } }).info.name).toBe('ORDS security smoke');
  expect(r.stderr).toContain('gatecheck: exported 7 scenarios to standard output\n');
  expect(existsSync(join(dir, '-'))).toBe(false);
});

test('an interrupted run prints one line for the scenarios it never started', async () => {
  const faults = await startFaultServer();
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-notrun-'));
  const collection = join(dir, 'slow.yaml');
  const never = Array.from({ length: 40 }, (_, i) => `  - { name: never ${i}, request: { url: /ok } }`);
  writeFileSync(
    collection,
    `name: slow\nbaseUrl: '${faults.url}'\nscenarios:\n  - { name: hangs, request: { url: /never-answers, timeoutMs: 60000 } }\n${never.join('\n')}\n`,
  );
  try {
    const child = spawn(process.execPath, ['--', BIN, 'run', collection, '--concurrency', '1'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    while (!faults.hits.get('/never-answers')) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(130);
    expect(stdout).toContain('\n○ 40 scenarios not run\n');
    expect(stdout).not.toContain('skipped)');
  } finally {
    await faults.close();
  }
});
