/**
 * The promise of `gatecheck export`: newman runs the exported collection against
 * the same server with the same verdict, check by check, including the token
 * fetch, its caching and the 401 -> refresh -> retry of an expired token.
 */
import { runCollection } from '../../src/api.js';
import { loadCollectionFile } from '../../src/load/collection.js';
import type { RunResult } from '../../src/model/result.js';
import { loadEnvironmentFile } from '../../src/plan/environment.js';
import { exportPostman } from '../../src/postman/export.js';
import type { Simulator } from '../../src/sim/server.js';
import { runNewman } from '../helpers/newman.js';
import { startSim } from '../helpers/sim.js';

const ENV = 'environments/local.yaml';

function gatecheckChecks(result: RunResult): string[] {
  return result.scenarios.flatMap((s) =>
    s.steps.flatMap((step) =>
      step.checks.map((c) => `${s.index}/${step.index}/${c.check}/${c.passed ? '✓' : '✗'}`),
    ),
  );
}

async function both(sim: Simulator, file: string) {
  const vars = { baseUrl: sim.url };
  const gatecheck = await runCollection(file, { environment: ENV, vars });
  const { collection, source } = loadCollectionFile(file);
  const exported = exportPostman(collection, source, loadEnvironmentFile(ENV), {});
  const newman = await runNewman(exported.collection, exported.environment, vars);
  return { gatecheck, newman, warnings: exported.warnings };
}

describe('gatecheck run and newman on the exported collection agree, check by check', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test.each([
    'collections/unsecured.yaml',
    'collections/basic-auth.yaml',
    'collections/oauth2-client-credentials.yaml',
    'collections/ords-security.yaml',
    'collections/manual-token-chain.yaml',
    'test/cli/fixtures/wrong-expectation.yaml',
    'test/newman/fixtures/every-check.yaml',
  ])(
    '%s',
    async (file) => {
      const { gatecheck, newman, warnings } = await both(sim, file);
      // ords-security's deliberately wrong client secret is a literal: the one warning allowed.
      expect(warnings.filter((w) => !w.includes('"wrong-client-secret" has a literal credential'))).toEqual(
        [],
      );
      expect(newman.checks).toEqual(gatecheckChecks(gatecheck));
      expect(newman.checks.length).toBeGreaterThan(0);
    },
    30_000,
  );

  test('the expired token: newman shows the 401, the token refresh and the retried 200, as gatecheck does', async () => {
    const { gatecheck, newman } = await both(sim, 'collections/expired-token-retry.yaml');
    expect(newman.checks).toEqual(gatecheckChecks(gatecheck));
    expect(newman.checks).toContain('0/2/retried/✓');
    expect(newman.requests).toEqual([
      'token 200',
      'gatecheck-0-0 200',
      'gatecheck-0-2 401',
      'token 200',
      'gatecheck-0-2 200',
    ]);
    expect(gatecheck.scenarios[0]?.steps[2]?.exchanges.map((e) => `${e.kind} ${e.status}`)).toEqual([
      'request 401',
      'token 200',
      'retry 200',
    ]);
  }, 30_000);

  test('the manual token chain: newman makes the same requests with the same statuses', async () => {
    const { gatecheck, newman } = await both(sim, 'collections/manual-token-chain.yaml');
    expect(gatecheck.outcome).toBe('passed');
    expect(newman.requests).toEqual(['gatecheck-0-0 200', 'gatecheck-0-1 200', 'gatecheck-0-2 401']);
    expect(newman.checks.every((c) => c.endsWith('✓'))).toBe(true);
  }, 30_000);

  test('the failing fixtures really fail in both', async () => {
    const { gatecheck, newman } = await both(sim, 'test/newman/fixtures/every-check.yaml');
    expect(gatecheck.outcome).toBe('failed');
    const failed = newman.checks.filter((c) => c.endsWith('✗'));
    expect(failed.length).toBeGreaterThanOrEqual(20);
    expect(newman.checks.filter((c) => c.startsWith('2/'))).toEqual(['2/0/status/✗']); // the rest of that scenario skipped
  }, 30_000);
});
