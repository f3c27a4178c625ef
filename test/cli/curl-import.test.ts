/** gatecheck import of curl commands: the seed articles' calls import into collections that pass. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN, ROOT, runCli, startServe } from '../helpers/cli.js';
import { DEMO } from '../helpers/demo.js';

describe('gatecheck import <curl commands>', () => {
  let url: string;
  let child: ChildProcessWithoutNullStreams;
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-curl-'));
  beforeAll(async () => {
    ({ url, child } = await startServe());
  });
  afterAll(() => child.kill('SIGTERM'));

  test('the seed calls (unsecured, Basic, client credentials + Bearer) import and pass against the simulator', async () => {
    const out = join(dir, 'seed.yaml');
    const imported = await runCli(['import', 'test/fixtures/curl/seed-calls.sh', '-o', out]);
    expect(imported.code).toBe(0);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain('grant: client_credentials');
    const run = await runCli(['run', out, '--var', `URL=${url}`, '--verbose']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASSED 5 scenarios');
    expect(run.stdout).toContain('token fetched');
    // --verbose shows runnable curl commands, secrets masked.
    expect(run.stdout).toMatch(
      /\$ curl -X POST '[^']+\/ords\/myapi\/myapi\/hello'( -H '[^']*')* -H 'authorization: Bearer \*{5}'/,
    );
    for (const secret of [DEMO.myapi.secret, DEMO.user.password]) expect(run.stdout).not.toContain(secret);
  });

  test('standard input works, a $TOKEN from $(curl …) maps to the profile, skipped commands are named', async () => {
    const text = readFileSync('test/fixtures/curl/token-variable.sh', 'utf8');
    const proc = spawn(process.execPath, ['--', BIN, 'import', '-', '-o', '-'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdin.end(text);
    const code = await new Promise((resolve) => proc.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('(stdin):9: -F file=@secret.txt uploads a file; command skipped');
    const out = join(dir, 'tv.yaml');
    writeFileSync(out, stdout);
    const run = await runCli(['run', out, '--var', `URL=${url}`, '--var', 'OTHER=garbage']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASSED 3 scenarios');
  });

  test('a file with no curl command is an input error: one line, exit 2', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'wget http://example.test/\n');
    const r = await runCli(['import', notes, '-o', join(dir, 'x.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${notes}: neither a Postman collection nor curl commands`);
  });
});
