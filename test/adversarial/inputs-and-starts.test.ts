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
import { envFilesNodeReads } from '../../src/cli/node-env-file.js';

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

/** Starts a command and collects what it printed. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('--env-file belongs to gatecheck', () => {
  const setup = () => {
    const dir = tmp();
    const marker = join(dir, 'pwned');
    writeFileSync(join(dir, 'evil.cjs'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`);
    writeFileSync(
      join(dir, 'e.env'),
      `GREETING=hello-from-dotenv\nNODE_OPTIONS=--require=${join(dir, 'evil.cjs')}\n`,
    );
    writeFileSync(join(dir, 'plain.env'), 'GREETING=hello-from-dotenv\n');
    writeFileSync(
      join(dir, 'c.yaml'),
      `name: x\nbaseUrl: '${server.url}'\nscenarios:\n  - { name: a, request: { url: '/ok?g={{GREETING}}' } }\n`,
    );
    return { dir, marker, c: join(dir, 'c.yaml'), evil: join(dir, 'e.env'), plain: join(dir, 'plain.env') };
  };
  // npm's own variables, as a test run started by npm or npx would pass them on.
  const outsideNpm = { npm_command: '', npm_lifecycle_event: '' };

  test('Node reads --env-file anywhere on its command line until a "--", in every form it accepts', () => {
    expect(
      envFilesNodeReads(['main.js', 'run', '--env-file', 'a', '--env-file=b', '--env-file-if-exists', 'c']),
    ).toEqual(['a', 'b', 'c']);
    expect(envFilesNodeReads(['--env-file-if-exists=d', 'main.js', '--env-file'])).toEqual(['d']);
    expect(envFilesNodeReads(['--', 'main.js', '--env-file', 'a'])).toEqual([]);
    expect(envFilesNodeReads(['main.js', 'run', '--', '--env-file', 'a'])).toEqual([]);
    expect(envFilesNodeReads(['main.js', 'run', '-e', 'env.json'])).toEqual([]);
  });

  test.each([
    [
      'the binary (node -- main.js)',
      (args: string[]): [string, string[]] => [process.execPath, ['--', BIN, ...args]],
    ],
    ['node main.js -- …', (args: string[]): [string, string[]] => [process.execPath, [BIN, '--', ...args]]],
  ])(
    'started as %s: gatecheck reads the dotenv file, its NODE_OPTIONS runs nothing',
    async (_how, command) => {
      const { c, evil, marker } = setup();
      const [cmd, args] = command(['run', c, '--env-file', evil, '--verbose']);
      const r = await start(cmd, args, outsideNpm);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain('/ok?g=hello-from-dotenv');
      expect(existsSync(marker)).toBe(false);
    },
  );

  test.each([
    ['a file that sets NODE_OPTIONS', 'evil', '--env-file'],
    ['a plain file', 'plain', '--env-file'],
    ['a plain file, --env-file=', 'plain', '--env-file='],
  ] as const)(
    'started as node main.js with %s: Node read it first, so exit 2 and one line saying how to start gatecheck',
    async (_what, which, form) => {
      const files = setup();
      const file = files[which];
      const flag = form === '--env-file=' ? [`--env-file=${file}`] : ['--env-file', file];
      const hitsBefore = server.hits.get('/ok') ?? 0;
      const r = await start(process.execPath, [BIN, 'run', files.c, ...flag], outsideNpm);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `gatecheck: --env-file: Node read ${file} itself before gatecheck started (Node reads --env-file anywhere on its command line unless "--" comes first, and runs the NODE_OPTIONS it sets); start gatecheck as "gatecheck …", "node -- dist/bin/gatecheck.js …" or "node dist/bin/gatecheck.js -- …"\n`,
      );
      expect(server.hits.get('/ok') ?? 0).toBe(hitsBefore);
    },
  );

  test('npm variables inherited from a parent (a test runner under npx) are not npx: the binary runs', async () => {
    const { c, evil, marker } = setup();
    const r = await start(process.execPath, ['--', BIN, 'validate', c, '--env-file', evil], {
      npm_command: 'exec',
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(existsSync(marker)).toBe(false);
  });

  test("npx gatecheck in the repository: a plain file is read by gatecheck; one that sets NODE_OPTIONS (which npx's Node ran) is exit 2", async () => {
    const { c, evil, plain } = setup();
    const ok = await start('npx', ['--offline', 'gatecheck', 'validate', c, '--env-file', plain]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 scenarios');
    const refused = await start('npx', ['--offline', 'gatecheck', 'validate', c, '--env-file', evil]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `gatecheck: --env-file: ${evil} sets NODE_OPTIONS, which npx's own Node runs before gatecheck starts unless the command is "npx -- gatecheck …"`,
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
