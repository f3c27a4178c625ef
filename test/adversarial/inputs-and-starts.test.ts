/**
 * Bad inputs and the ways gatecheck is started: caps on file size, nesting,
 * timeouts and waits; control characters in names on the terminal; no Node
 * warnings at high concurrency; --env-file and NODE_OPTIONS; npm start and
 * its simulator under SIGTERM.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { startHostileServer, type HostileServer } from './hostile-server.js';

let server: HostileServer;
beforeAll(async () => (server = await startHostileServer()));
afterAll(() => server.close());

const tmp = () => mkdtempSync(join(tmpdir(), 'gatecheck-inputs-'));

describe('input limits: exit 2, one positioned line', () => {
  test.each([
    [
      'a timeoutMs beyond a day',
      'request: { url: /ok, timeoutMs: 3000000000 }',
      /c\.yaml:\d+:\d+: .*timeoutMs.* (86400000|less than or equal)/,
    ],
    ['a wait beyond a day', 'wait: 3000000000', /c\.yaml:\d+:\d+: .*(86400000|24 hours|less than or equal)/],
    [
      'credentials in the URL',
      "request: { url: 'http://bob:hunter22@127.0.0.1:9/x' }",
      /c\.yaml:4:\d+: credentials in the URL \(user:password@\) are refused/,
    ],
    [
      'flow nesting deeper than 64',
      `request: { url: /ok, json: ${'['.repeat(100)}${']'.repeat(100)} }`,
      /c\.yaml:4:\d+: nested deeper than 64 levels/,
    ],
  ])('%s', async (_what, step, expected) => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'c.yaml'),
      `name: x\nbaseUrl: '${server.url}'\nscenarios:\n  - { name: a, ${step} }\n`,
    );
    const r = await runCli(['run', join(dir, 'c.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(expected);
  });

  test('a file over the size cap is refused before it is read', async () => {
    const dir = tmp();
    const big = join(dir, 'big.yaml');
    writeFileSync(big, Buffer.alloc(65 * 1024 * 1024, 0x20));
    const r = await runCli(['validate', big]);
    expect([r.code, r.stderr]).toEqual([2, `gatecheck: ${big}: collection is 65 MB; the limit is 64 MB\n`]);
  });
});

test('names with terminal escape sequences are shown escaped; no Node warning at concurrency 50', async () => {
  const dir = tmp();
  writeFileSync(
    join(dir, 'c.yaml'),
    `name: "evil\\e]0;title\\a"\nbaseUrl: '${server.url}'\nscenarios:\n  - { name: "a\\e[2J\\rb", request: { url: /ok } }\n`,
  );
  const r = await runCli(['run', join(dir, 'c.yaml'), '--iterations', '60', '--concurrency', '50']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('evil\\x1b]0;title\\x07');
  expect(r.stdout).toContain('a\\x1b[2J\\x0db');
  for (const raw of ['\u001b]', '\u001b[2J', '\r']) expect(r.stdout).not.toContain(raw);
  expect(r.stderr).toBe('');
});

describe('--env-file belongs to gatecheck', () => {
  const setup = () => {
    const dir = tmp();
    const marker = join(dir, 'pwned');
    writeFileSync(join(dir, 'evil.cjs'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`);
    writeFileSync(
      join(dir, 'e.env'),
      `GREETING=hello-from-dotenv\nNODE_OPTIONS=--require=${join(dir, 'evil.cjs')}\n`,
    );
    writeFileSync(
      join(dir, 'c.yaml'),
      `name: x\nbaseUrl: '${server.url}'\nscenarios:\n  - { name: a, request: { url: '/ok?g={{GREETING}}' } }\n`,
    );
    return { dir, marker };
  };

  test('started as the binary does (node -- main.js): the dotenv file is read by gatecheck, its NODE_OPTIONS runs nothing', async () => {
    const { dir, marker } = setup();
    const r = await runCli(['run', join(dir, 'c.yaml'), '--env-file', join(dir, 'e.env'), '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/ok?g=hello-from-dotenv');
    expect(existsSync(marker)).toBe(false);
  });

  test('started as node main.js on Node 20, where Node read the file first and applied NODE_OPTIONS: exit 2 naming --env-file', async () => {
    if (Number(process.versions.node.split('.')[0]) >= 22) return;
    const { dir } = setup();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [BIN, 'run', join(dir, 'c.yaml'), '--env-file', join(dir, 'e.env')],
        { cwd: ROOT },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^gatecheck: --env-file: Node read .*e\.env itself before gatecheck started and applied its NODE_OPTIONS; start gatecheck as "gatecheck"/,
    );
  });
});

test('npm start: SIGTERM stops the run and the simulator (nothing orphaned)', async () => {
  const child = spawn(process.execPath, ['--', 'scripts/start.js'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  while (!stdout.includes('scenarios')) await new Promise((r) => setTimeout(r, 20));
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  expect(children.length).toBe(2);
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child.on('close', r));
  // The run decides the code (143 when the signal reached it mid-run); what must hold is below.
  expect(code).not.toBeNull();
  await new Promise((r) => setTimeout(r, 500));
  const alive = children.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  expect(alive).toEqual([]);
});
