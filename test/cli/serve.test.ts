/** `gatecheck serve` as a user runs it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, basic } from '../helpers/demo.js';
import { runCli, startServe } from '../helpers/cli.js';

describe('gatecheck serve', () => {
  test('prints its base URL first, serves the built-in config, and stops cleanly on SIGTERM', async () => {
    const { url, child, exited } = await startServe();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = await fetch(`${url}/ords/myapi/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(DEMO.myapi.id, DEMO.myapi.secret),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    child.kill('SIGTERM');
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${url}\n`);
  });

  test('stops on SIGINT with exit code 0, and --log prints requests without secrets', async () => {
    const { url, child, exited } = await startServe(['--log']);
    await fetch(`${url}/ords/myapi/myapi/hello`, {
      method: 'POST',
      headers: { Authorization: basic('qa_user', 'qa_password') },
    });
    child.kill('SIGINT');
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('POST /ords/myapi/myapi/hello 200 qa_user (MYAPI_PRIV)');
    expect(result.stderr).not.toContain('qa_password');
  });

  test('--early-expiry makes every token die early', async () => {
    const { url, child, exited } = await startServe(['--early-expiry', '1']);
    try {
      const res = await fetch(`${url}/ords/myapi/oauth/token`, {
        method: 'POST',
        headers: {
          Authorization: basic(DEMO.myapi.id, DEMO.myapi.secret),
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
      expect(expires_in).toBe(3600);
      const call = () =>
        fetch(`${url}/ords/myapi/myapi/hello`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${access_token}` },
        });
      expect((await call()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await call()).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  test('a config error is one line with file, line and column, and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-'));
    const file = join(dir, 'sim.yaml');
    writeFileSync(file, 'enable_schema: { url_mapping_pattern: hr }\ndefine_modul: []\n');
    const result = await runCli(['serve', '--config', file, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gatecheck: ${file}:2:1: unknown key "define_modul" (did you mean "define_module"?)\n`,
    );
    expect(result.stdout).toBe('');
  });

  test.each([
    [['serve', '--port', 'abc'], 'gatecheck: --port: must be a whole number from 0 to 65535, got "abc"\n'],
    [
      ['serve', '--prot', '1'],
      'gatecheck: --prot: unknown option for "gatecheck serve" (did you mean "--port"?)\n',
    ],
    [
      ['serve', '--config', 'missing.yaml'],
      'gatecheck: missing.yaml: cannot read simulator config: no such file\n',
    ],
    [['serv'], 'gatecheck: unknown command "serv" (did you mean "serve"?); see "gatecheck --help"\n'],
  ])('bad input %j exits 2 with one line', async (args, stderr) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(stderr);
  });

  test('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
