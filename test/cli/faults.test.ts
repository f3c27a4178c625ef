/** A misbehaving server: every fault is a failed or errored step with a one-line reason; the run goes on and reports. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/faults.js';

describe('faults', () => {
  let faults: FaultServer;
  beforeAll(async () => {
    faults = await startFaultServer();
  });
  afterAll(() => faults.close());

  test('each fault gives its reason, the others still run, the report is written, exit 1, in bounded time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-faults-'));
    const started = Date.now();
    const r = await runCli([
      'run',
      'test/fixtures/faults.yaml',
      '--var',
      `faults=${faults.url}`,
      '-r',
      'cli,json',
      '--reporter-json-export',
      join(dir, 'r.json'),
    ]);
    const elapsed = Date.now() - started;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`gatecheck: reports written: ${join(dir, 'r.json')}\n`);
    expect(r.stdout).not.toMatch(/\bat .*\.js:\d+/); // never a stack trace
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    const reasons = Object.fromEntries(
      report.runs[0]!.scenarios.map((s) => {
        const bad = s.steps.find((st) => st.outcome === 'error' || st.outcome === 'failed');
        const reason = bad?.error
          ? `${bad.error.code}: ${bad.error.message}`
          : bad
            ? bad.checks
                .filter((c) => !c.passed)
                .map((c) => `${c.check}: ${JSON.stringify(c.actual)}${c.message ? ` (${c.message})` : ''}`)
                .join('; ')
            : 'passed';
        return [s.name, reason];
      }),
    );
    const port = new URL(faults.url).port;
    expect(reasons).toEqual({
      'reset before headers': `E_RESET: connection to 127.0.0.1:${port} was closed unexpectedly`,
      'reset after headers': `E_RESET: connection to 127.0.0.1:${port} was closed unexpectedly`,
      'never answers': 'E_TIMEOUT: timed out after 500 ms',
      'stalls the body': 'E_TIMEOUT: timed out after 500 ms',
      'malformed JSON': 'json $.items type: undefined (response body is not JSON (application/json))',
      'a 50 MB body': 'E_BODY_TOO_LARGE: response body larger than 10485760 bytes',
      'a 500': 'status: 500',
      'keep-alive connections closed between requests': 'passed',
      'token without access_token': 'E_TOKEN: token request failed: 200 response has no access_token',
      'token with a non-numeric expires_in':
        'E_TOKEN: token request failed: 200 response has an invalid expires_in ("soon")',
      'token endpoint answers HTML': 'E_TOKEN: token request failed: 200 (response is not JSON: text/html)',
      'token endpoint answers 200 with an error':
        'E_TOKEN: token request failed: 200 invalid_client: Client authentication failed',
      'a redirect loop': `E_REDIRECT: redirect loop at ${faults.url}/redirect-loop: more than 10 redirects`,
      'a healthy endpoint': 'passed',
    });
    expect(faults.hits.get('/closes-keep-alive')).toBe(3);
    expect(faults.hits.get('/redirect-loop')).toBeLessThanOrEqual(11); // at most 10 redirects are followed
    expect(elapsed).toBeLessThan(15_000);
  }, 20_000);

  test('--max-body caps what is read', async () => {
    const r = await runCli([
      'run',
      'test/fixtures/faults.yaml',
      '--var',
      `faults=${faults.url}`,
      '--grep',
      '50 MB',
      '--max-body',
      '1mb',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error E_BODY_TOO_LARGE: response body larger than 1048576 bytes');
  });
});
