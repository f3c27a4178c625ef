/**
 * Signals at each phase of a run — requests in flight, a token fetch, report
 * rendering and writing — and report files that cannot be written. SIGTERM and
 * SIGHUP behave as SIGINT: stop sending, write complete reports marked
 * interrupted, exit 128 + the signal number.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStringPromise } from 'xml2js';
import type { Report } from '../../src/model/report.js';
import { BIN, everyReport, ROOT, runCli } from '../helpers/cli.js';
import { startHostileServer, type HostileServer } from './hostile-server.js';

let server: HostileServer;
beforeAll(async () => (server = await startHostileServer()));
afterAll(() => server.close());

function start(collection: string, args: string[] = [], cwd = ROOT) {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-signal-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, collection);
  const out = (n: string) => join(dir, n);
  const child = spawn(process.execPath, ['--', BIN, 'run', file, ...everyReport(dir).flags, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, closed, out, dir, stdout: () => stdout, stderr: () => stderr };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

async function reportsOf(out: (n: string) => string) {
  const report = JSON.parse(readFileSync(out('r.json'), 'utf8')) as Report;
  await parseStringPromise(readFileSync(out('r.xml'), 'utf8'), { strict: true });
  expect(readFileSync(out('r.html'), 'utf8').trimEnd().endsWith('</html>')).toBe(true);
  return report;
}

test.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)(
  '%s with a request in flight: exit %i, reports written and marked interrupted',
  async (signal, code) => {
    const run = start(
      `name: slow
baseUrl: '${server.url}'
scenarios:
  - { name: quick, request: { url: /ok } }
  - { name: hangs, request: { url: /never, timeoutMs: 60000 } }
  - { name: never started, request: { url: /ok } }
`,
      ['--concurrency', '1'],
    );
    const before = server.hits.get('/never') ?? 0;
    await until(() => (server.hits.get('/never') ?? 0) > before);
    run.child.kill(signal);
    expect(await run.closed).toBe(code);
    const report = await reportsOf(run.out);
    expect(report.interrupted).toBe(true);
    expect(report.runs[0]!.scenarios.map((s) => [s.outcome, s.steps[0]?.error?.code])).toEqual([
      ['passed', undefined],
      ['failed', 'E_INTERRUPTED'],
      ['skipped', undefined],
    ]);
  },
);

test('SIGTERM during a token fetch: exit 143, the step errors as interrupted, reports written', async () => {
  const run = start(`name: token
baseUrl: '${server.url}'
auth:
  client: { type: oauth2, tokenUrl: '${server.url}/never', clientId: id, clientSecret: client-secret-value }
scenarios:
  - { name: needs a token, auth: client, request: { url: /ok } }
`);
  const before = server.hits.get('/never') ?? 0;
  await until(() => (server.hits.get('/never') ?? 0) > before);
  run.child.kill('SIGTERM');
  expect(await run.closed).toBe(143);
  const report = await reportsOf(run.out);
  expect(report.interrupted).toBe(true);
  expect(report.runs[0]!.scenarios[0]!.outcome).not.toBe('passed');
  expect(readFileSync(run.out('r.json'), 'utf8')).not.toContain('client-secret-value');
});

test('SIGTERM while reports are rendered and written: exit 143 and every report complete', async () => {
  const run = start(
    `name: many
baseUrl: '${server.url}'
scenarios:
  - { name: big, request: { url: /big }, expect: { json: { $.filler: short } } }
`,
    ['--iterations', '1000', '--concurrency', '32'],
  );
  // The summary line is printed when the run ends, before the reports are rendered.
  await until(() => /FAILED \d+ scenarios/.test(run.stdout()));
  run.child.kill('SIGTERM');
  // Reports stream as scenarios finish and the closing window is short: the signal lands
  // in it (143), after the run's code was set (1), or in Node's own teardown after the
  // verdict (killed: null). Whichever, the reports must be complete, with no temp file left.
  expect([1, 143, null]).toContain(await run.closed);
  const report = await reportsOf(run.out);
  expect(report.runs[0]!.scenarios).toHaveLength(1000);
  expect(readdirSync(run.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}, 120_000);

describe('report files', () => {
  const collection = () => `name: ok
baseUrl: '${server.url}'
scenarios:
  - { name: ok, request: { url: /ok } }
`;
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-files-'));
    writeFileSync(join(dir, 'c.yaml'), collection());
    return dir;
  };

  test('an export path under a file is exit 2 naming the flag, before anything is sent', async () => {
    const dir = file();
    const hits = server.hits.get('/ok') ?? 0;
    const r = await runCli([
      'run',
      join(dir, 'c.yaml'),
      '--reporter-json-export',
      join(dir, 'c.yaml', 'r.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^gatecheck: --reporter-json-export: cannot create the directory of .*: (ENOTDIR|EEXIST)\n$/,
    );
    expect(server.hits.get('/ok') ?? 0).toBe(hits);
  });

  test('a missing export directory is created', async () => {
    const dir = file();
    const r = await runCli([
      'run',
      join(dir, 'c.yaml'),
      '--reporter-json-export',
      join(dir, 'a', 'b', 'r.json'),
    ]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'a', 'b', 'r.json'))).toBe(true);
  });

  test('a report that cannot be written is one error line and exit 1', async () => {
    const dir = file();
    writeFileSync(join(dir, 'reports'), 'a file where the reports directory would go');
    const r = await runCli(['run', 'c.yaml', '-r', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gatecheck: cannot write reports\/gatecheck\.json: (ENOTDIR|EEXIST)\n$/);
  });

  test("-r '' is a clean exit 2", async () => {
    const dir = file();
    const r = await runCli(['run', join(dir, 'c.yaml'), '-r', '']);
    expect([r.code, r.stderr]).toEqual([
      2,
      'gatecheck: --reporters: name the reporters to use, comma-separated: cli, json, junit, html\n',
    ]);
  });
});
