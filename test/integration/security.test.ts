/** secured steps, the matrix, diff and probe, against the simulator. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCollection } from '../../src/api.js';
import { compareReports } from '../../src/diff/compare.js';
import { buildReport } from '../../src/report/json.js';
import { securityMatrix } from '../../src/report/security-matrix.js';
import type { Simulator } from '../../src/sim/server.js';
import { runCli } from '../helpers/cli.js';
import { withForgottenModule, withoutLicenseMapping } from '../helpers/sim-configs.js';
import { startFaultServer } from '../helpers/faults.js';
import { startSim } from '../helpers/sim.js';

const COLLECTION = 'collections/security-matrix.yaml';
const run = (sim: Simulator, extra: Parameters<typeof runCollection>[1] = {}) =>
  runCollection(COLLECTION, { environment: 'environments/local.yaml', vars: { baseUrl: sim.url }, ...extra });
const dir = mkdtempSync(join(tmpdir(), 'gatecheck-security-'));

describe('secured steps', () => {
  test('each secured step is probed as every caller; the matrix holds expected and observed statuses', async () => {
    const sim = await startSim();
    try {
      const before = sim.requests.length;
      const result = await run(sim);
      expect(result.outcome).toBe('passed');
      const hello = result.scenarios[0]!.steps[0]!;
      expect(hello.probes?.map((p) => `${p.kind}:${p.caller}:${p.status}:${p.passed}`)).toEqual([
        'anonymous:anonymous:401:true',
        'invalid-token:invalid bearer token:401:true',
        'wrong-password:wrong Basic password:401:true',
        'deny:norole-client:401:true',
        'deny:license-client:401:true',
        'allow:qa-user:200:true',
      ]);
      expect(hello.checks.map((c) => c.check)).toContain('security norole-client refused');
      // Probes are real requests: 2 steps + 6 + 6 probes reached the server, besides token requests.
      expect(sim.requests.slice(before).filter((r) => r.kind !== 'token')).toHaveLength(14);
      const matrix = securityMatrix([result]);
      expect(matrix).toHaveLength(14);
      expect(matrix.filter((r) => r.gotIn)).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  test('dropping the privilege mapping fails the same run and names every caller that got in', async () => {
    const sim = await startSim(withoutLicenseMapping());
    try {
      const result = await run(sim);
      expect(result.outcome).toBe('failed');
      expect(result.scenarios.map((s) => s.outcome)).toEqual(['passed', 'failed']);
      const gotIn = securityMatrix([result]).filter((r) => r.gotIn);
      expect(gotIn.map((r) => `${r.endpoint} ${r.caller} ${r.observed}`)).toEqual([
        'GET /ords/{{alias}}/customers/validation/42 anonymous 200',
        'GET /ords/{{alias}}/customers/validation/42 invalid bearer token 200',
        'GET /ords/{{alias}}/customers/validation/42 wrong Basic password 200',
        'GET /ords/{{alias}}/customers/validation/42 ords-client 200',
        'GET /ords/{{alias}}/customers/validation/42 norole-client 200',
        'GET /ords/{{alias}}/customers/validation/42 qa-user 200',
      ]);
    } finally {
      await sim.close();
    }
  });

  test('--security probes every step that has auth, secured or not', async () => {
    const sim = await startSim();
    try {
      const result = await runCollection('collections/oauth2-client-credentials.yaml', {
        environment: 'environments/local.yaml',
        vars: { baseUrl: sim.url },
        security: true,
      });
      expect(result.scenarios[0]!.steps.map((s) => s.probes?.length)).toEqual([3, 3]);
      expect(result.outcome).toBe('passed');
    } finally {
      await sim.close();
    }
  });
});

describe('gatecheck diff', () => {
  let beforeFile: string;
  let afterFile: string;
  beforeAll(async () => {
    const [good, bad] = await Promise.all([startSim(), startSim(withoutLicenseMapping())]);
    try {
      const [before, after] = await Promise.all([run(good), run(bad)]);
      beforeFile = join(dir, 'before.json');
      afterFile = join(dir, 'after.json');
      writeFileSync(beforeFile, JSON.stringify(buildReport([before], '0.0.0')));
      writeFileSync(afterFile, JSON.stringify(buildReport([after], '0.0.0')));
      const comparison = compareReports(buildReport([before], '0'), buildReport([after], '0'));
      expect(comparison.changes.map((c) => [c.endpoint, c.access])).toEqual([
        ['GET /ords/{{alias}}/customers/validation/42', { before: 'protected', after: 'public' }],
      ]);
    } finally {
      await Promise.all([good.close(), bad.close()]);
    }
  });

  test('shows exactly the endpoint that turned public, caller by caller; exit 0 unless it was marked', async () => {
    const r = await runCli(['diff', beforeFile, afterFile, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'GET /ords/{{alias}}/customers/validation/42  protected → public  collections/security-matrix.yaml',
        '  anonymous             401 → 200    now allowed',
        '  invalid bearer token  401 → 200    now allowed',
        '  wrong Basic password  401 → 200    now allowed',
        '  ords-client           401 → 200    now allowed',
        '  norole-client         401 → 200    now allowed',
        '  qa-user               401 → 200    now allowed',
        '',
        '1 of 2 endpoints changed.',
        '',
      ].join('\n'),
    );
  });

  test('a change to an endpoint marked must-not-change exits 1; --json gives the same changes', async () => {
    const marked = await runCli([
      'diff',
      beforeFile,
      afterFile,
      '--must-not-change',
      '/customers/',
      '--json',
    ]);
    expect(marked.code).toBe(1);
    const json = JSON.parse(marked.stdout) as {
      endpoints: number;
      changes: { callers: unknown[] }[];
      violations: string[];
    };
    expect(json.endpoints).toBe(2);
    expect(json.changes[0]?.callers).toHaveLength(6);
    expect(json.violations).toEqual(['GET /ords/{{alias}}/customers/validation/42']);
    const elsewhere = await runCli(['diff', beforeFile, afterFile, '--must-not-change', '/myapi/']);
    expect(elsewhere.code).toBe(0);
    expect((await runCli(['diff', beforeFile, beforeFile])).stdout).toBe(
      'No changes: 2 endpoints compared.\n',
    );
  });

  test('a file that is not a report is an input error', async () => {
    const r = await runCli(['diff', 'collections/unsecured.yaml', afterFile]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'gatecheck: collections/unsecured.yaml: not a gatecheck JSON report (schemaVersion 1); write one with -r json\n',
    ]);
  });
});

describe('gatecheck probe --openapi', () => {
  test("finds an endpoint left unprotected, from the simulator's OpenAPI catalog", async () => {
    const sim = await startSim(withForgottenModule());
    try {
      const out = join(dir, 'probe.yaml');
      const r = await runCli([
        'probe',
        '--openapi',
        `${sim.url}/ords/myapi/open-api-catalog/`,
        '--protected',
        '/myapi/*',
        '--protected',
        '/customers/*',
        '--protected',
        '/reports/*',
        '-o',
        out,
        '--no-color',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('4 protected operations to probe, 1 left out (GET /items)');
      expect(r.stdout).toContain('✗ GET /summary refuses anonymous callers');
      expect(r.stdout).toContain(`✗ GET ${sim.url}/ords/myapi/reports/summary → 200`);
      expect(r.stdout).toMatch(/FAILED 4 scenarios: 3 passed, 1 failed/);
    } finally {
      await sim.close();
    }
  });

  test("takes run's transport options: --timeout applies to the document fetch, and -e/--var reach the run", async () => {
    const faults = await startFaultServer();
    try {
      const r = await runCli(['probe', '--openapi', `${faults.url}/never-answers`, '--timeout', '300']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot fetch the OpenAPI document: .*timed out after 300 ms/);
    } finally {
      await faults.close();
    }
    const sim = await startSim(withForgottenModule());
    try {
      // The probes go to {{target}}, which only --var defines: the run must have received it.
      const r = await runCli([
        'probe',
        '--openapi',
        `${sim.url}/ords/myapi/open-api-catalog/reports/`,
        '--base-url',
        '{{target}}/ords/myapi/reports',
        '--var',
        `target=${sim.url}`,
        '--timeout',
        '5000',
        '--no-color',
      ]);
      expect(r.stdout).toContain(`GET ${sim.url}/ords/myapi/reports/summary → 200`);
      expect(r.code).toBe(1);
    } finally {
      await sim.close();
    }
  });

  test('the catalog lists the modules and describes their templates as OpenAPI', async () => {
    const sim = await startSim();
    try {
      const index = (await (await fetch(`${sim.url}/ords/myapi/open-api-catalog/`)).json()) as {
        items: { name: string }[];
      };
      expect(index.items.map((i) => i.name)).toEqual(['public', 'myapi', 'customers']);
      const doc = (await (await fetch(`${sim.url}/ords/myapi/open-api-catalog/customers/`)).json()) as {
        servers: { url: string }[];
        paths: Record<string, Record<string, { parameters: { name: string }[] }>>;
      };
      expect(doc.servers[0]?.url).toBe(`${sim.url}/ords/myapi/customers`);
      expect(doc.paths['/validation/{id}']?.get?.parameters.map((p) => p.name)).toEqual(['id']);
    } finally {
      await sim.close();
    }
  });
});
