/**
 * Every verdict earned, from the command line: the last line and the exit code
 * agree over several files; no scenario run is not a pass; a deny caller refused
 * at the token endpoint did not get in; a dead origin is named.
 */
import type { Simulator } from '../../src/sim/server.js';
import { writeCollection } from '../helpers/collections.js';
import { runCli } from '../helpers/cli.js';
import { closedPort } from '../helpers/ports.js';
import { loadDefaultSimConfig } from '../../src/sim/config.js';
import { startSim } from '../helpers/sim.js';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('gatecheck run verdicts', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // RFC 6749 error bodies ({"error":"invalid_client"}), as a revoked client gets from most servers.
    const model = loadDefaultSimConfig();
    sim = await startSim({ ...model, settings: { ...model.settings, tokenErrorStyle: 'rfc6749' } });
  });
  afterAll(() => sim.close());
  const run = (...args: string[]) =>
    runCli(['run', ...args, '-e', 'environments/local.yaml', '--var', `baseUrl=${sim.url}`]);

  test('--grep that matches nothing: exit 1 and one line saying why; --pass-with-no-tests allows it', async () => {
    const r = await run('collections/ords-security.yaml', '--grep', 'no-such-scenario');
    expect([r.code, r.stdout, r.stderr]).toEqual([
      1,
      '',
      'gatecheck: no scenario ran: --grep "no-such-scenario" matched none of 7 scenarios\n',
    ]);
    const allowed = await run('collections/ords-security.yaml', '--grep', 'no-such', '--pass-with-no-tests');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/no scenario ran: .* \(allowed by --pass-with-no-tests\)\n$/);
  }, 30_000);

  test('several files, one failing: one FAILED grand total at the end, exit 1', async () => {
    const r = await run('collections/unsecured.yaml', 'test/cli/fixtures/wrong-expectation.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^(PASSED|FAILED)/gm)).toEqual(['FAILED']);
    expect(lastLine(r.stdout)).toMatch(/^FAILED 4 scenarios: 2 passed, 2 failed · 12 checks, 4 failed · /);
    expect(r.stdout).toContain('  collections/unsecured.yaml: 1 scenario: 1 passed, 0 failed');
  }, 30_000);

  test('several files, all passing: PASSED once, exit 0', async () => {
    const r = await run('collections/unsecured.yaml', 'collections/basic-auth.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^(PASSED|FAILED)/gm)).toEqual(['PASSED']);
    expect(lastLine(r.stdout)).toMatch(/^PASSED 2 scenarios: 2 passed, 0 failed/);
  }, 30_000);

  test('a deny client with a wrong secret: the probe passes, the matrix says the token endpoint refused it', async () => {
    const file = writeCollection(`name: deny
baseUrl: '{{baseUrl}}'
auth:
  ords-client: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{ORDS_CLIENT_ID}}', clientSecret: '{{ORDS_CLIENT_SECRET}}' }
  revoked-client: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{ORDS_CLIENT_ID}}', clientSecret: not-the-secret }
scenarios:
  - name: a revoked client stays out
    auth: ords-client
    steps:
      - request: { method: POST, url: /ords/myapi/myapi/hello }
        expect: { status: 200 }
        deny: [revoked-client]
`);
    const r = await run(file);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('GOT IN');
    expect(r.stdout).toMatch(/revoked-client +401 +refused at token endpoint \(401 invalid_client\) +✓/);
    expect(r.stdout).not.toContain('not-the-secret');
  }, 30_000);

  test('an allow client refused at the token endpoint fails with that reason', async () => {
    const file = writeCollection(`name: allow
baseUrl: '{{baseUrl}}'
auth:
  revoked-client: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{ORDS_CLIENT_ID}}', clientSecret: not-the-secret }
scenarios:
  - name: a revoked client that should get in
    steps:
      - request: { method: POST, url: /ords/myapi/myapi/hello }
        expect: { status: 401 }
        allow: [revoked-client]
`);
    const r = await run(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /revoked-client +401 +refused at token endpoint \(401 invalid_client\) +✗ kept out/,
    );
  }, 30_000);

  test('nothing answers: errors counted apart from checks, and a hint names the origin', async () => {
    const port = await closedPort();
    const r = await runCli([
      'run',
      'collections/unsecured.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=http://127.0.0.1:${port}`,
    ]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toBe(
      `no request got an answer: is http://127.0.0.1:${port} reachable? (check baseUrl)`,
    );
    expect(lines.at(-1)).toMatch(/^FAILED 1 scenario: 0 passed, 1 failed · 0 checks, 0 failed · 1 error · /);
  }, 30_000);
});
