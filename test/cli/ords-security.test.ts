/**
 * The security suite that writes itself: ORDS security scripts (the seed articles'
 * own PL/SQL, and an ORDS_EXPORT-style script) run as the simulator, the matrix
 * generated from them, drift found cell by cell, and the exposure audit.
 * Everything runs through the built binary against `gatecheck serve` on 127.0.0.1.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { basic } from '../helpers/demo.js';
import { runCli, startServe } from '../helpers/cli.js';

// Several CLI runs and servers per test on a shared machine: generous, never a timing goal.
const SLOW = 120_000;
const SEED = 'test/fixtures/ords/seed-security.sql';
const SEED_USERS = 'test/fixtures/ords/seed-users.yaml';
const EXPORT = 'test/fixtures/ords/export-hr.sql';
const EXPORT_USERS = 'test/fixtures/ords/export-hr-users.yaml';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-ords-'));
let n = 0;
const file = (name: string) => join(dir, `${n++}-${name}`);

interface Env {
  variables: Record<string, string>;
  secrets: string[];
}

/** `gatecheck serve --config <script>`, with the environment it writes. */
async function serve(config: string, users?: string) {
  const envFile = file('serve-env.yaml');
  const s = await startServe([
    '--config',
    config,
    '--environment-out',
    envFile,
    ...(users ? ['--users', users] : []),
  ]);
  const env = parse(readFileSync(envFile, 'utf8')) as Env;
  return { ...s, env, stop: async () => (s.child.kill('SIGTERM'), await s.exited) };
}

async function matrix(script: string, users?: string) {
  const out = file('matrix.yaml');
  const envOut = file('env.yaml');
  const r = await runCli([
    'matrix',
    script,
    '-o',
    out,
    '--environment-out',
    envOut,
    ...(users ? ['--users', users] : []),
  ]);
  expect(r.code).toBe(0);
  return { out, envOut, stderr: r.stderr };
}

async function runMatrix(m: { out: string; envOut: string }, url: string) {
  const report = file('report.json');
  const r = await runCli([
    'run',
    m.out,
    '-e',
    m.envOut,
    '--var',
    `baseUrl=${url}`,
    '-r',
    'cli,json',
    '--reporter-json-export',
    report,
    '--concurrency',
    '4',
  ]);
  // The JSON report, not the terminal (which also ends a failed run with a recap).
  const runs = (
    JSON.parse(readFileSync(report, 'utf8')) as { runs: { scenarios: { name: string; outcome: string }[] }[] }
  ).runs;
  const failed = runs.flatMap((run) =>
    run.scenarios.filter((s) => s.outcome !== 'passed').map((s) => s.name),
  );
  return { ...r, report, failed };
}

function withoutBlock(script: string, marker: string): string {
  const text = readFileSync(script, 'utf8');
  const at = text.indexOf(marker);
  const start = text.lastIndexOf('\nBEGIN', at);
  const end = text.indexOf('\n/\n', at) + 3;
  expect(at > 0 && start > 0 && end > at).toBe(true);
  const out = file('changed.sql');
  writeFileSync(out, text.slice(0, start + 1) + text.slice(end));
  return out;
}

describe('ORDS security scripts as simulator configs', () => {
  test(
    "the seed articles' script: 401 exactly where a privilege applies, the handler's answer for a caller with the role",
    async () => {
      const sim = await serve(SEED, SEED_USERS);
      try {
        const at = (path: string) => `${sim.url}/ords/myapi${path}`;
        // A second ENABLE_SCHEMA alias is modelled simply: everything under the first one, with a warning.
        expect(sim.child.stdout).toBeDefined();
        expect((await fetch(at('/myapi/hello'), { method: 'POST' })).status).toBe(401);
        expect((await fetch(at('/examples/employees/'))).status).toBe(401);
        const hello = await fetch(at('/myapi/hello'), {
          method: 'POST',
          headers: { Authorization: basic('qa_user', 'qa-demo-password') },
        });
        expect([hello.status, await hello.text()]).toEqual([200, '{"message":"Secure Hello World"}']);
        // The client the workshop creates and grants "HR Administrator", with its demo credentials.
        const v = sim.env.variables;
        const token = await fetch(at('/oauth/token'), {
          method: 'POST',
          headers: {
            Authorization: basic(
              v.client_client_credentials_example_id!,
              v.client_client_credentials_example_secret!,
            ),
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
        });
        expect(token.status).toBe(200);
        expect(token.headers.get('cache-control')).toBe('no-store');
        const { access_token } = (await token.json()) as { access_token: string };
        const employees = await fetch(at('/examples/employees/'), {
          headers: { Authorization: `Bearer ${access_token}` },
        });
        expect(employees.status).toBe(200);
        expect(await employees.json()).toMatchObject({
          items: [{ id: 1 }, { id: 2 }],
          limit: 7,
          hasMore: false,
        });
        // emp_client holds emp_role, which protects /employees/*, not the workshop's module.
        const empToken = await fetch(at('/oauth/token'), {
          method: 'POST',
          headers: {
            Authorization: basic(v.client_emp_client_id!, v.client_emp_client_secret!),
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
        });
        const emp = ((await empToken.json()) as { access_token: string }).access_token;
        expect(
          (await fetch(at('/examples/employees/'), { headers: { Authorization: `Bearer ${emp}` } })).status,
        ).toBe(401);
      } finally {
        const done = await sim.stop();
        expect(done.stderr).toContain(
          `gatecheck: warning: ${SEED}:82:3: a second schema alias "ordstest": the simulator serves one alias, "myapi"`,
        );
        expect(done.stderr).toContain(
          `gatecheck: warning: ${SEED}:202:1: SQL statement "SELECT id" is not an ORDS security call; skipped`,
        );
      }
    },
    SLOW,
  );

  test(
    'the ORDS_EXPORT-style script: DEFINE_PRIVILEGE arrays protect the module, a narrower pattern wins, the public module answers anyone',
    async () => {
      const sim = await serve(EXPORT, EXPORT_USERS);
      try {
        const at = (path: string) => `${sim.url}/ords/hr${path}`;
        const status = await fetch(at('/public/status'));
        expect([status.status, await status.json()]).toEqual([200, { status: 'UP', owner: "HR's team" }]);
        for (const path of ['/api/employees/', '/api/employees/7', '/api/salaries/10'])
          expect((await fetch(at(path))).status).toBe(401);
        const clerk = { Authorization: basic('hr_clerk', 'clerk-demo-password') };
        expect((await fetch(at('/api/employees/7'), { headers: clerk })).status).toBe(200);
        expect(await (await fetch(at('/api/employees/7'), { headers: clerk })).json()).toEqual({
          id: '7',
          first_name: 'first_name 1',
          last_name: 'last_name 1',
        });
        expect((await fetch(at('/api/salaries/10'), { headers: clerk })).status).toBe(401);
        const payroll = { Authorization: basic('payroll_officer', 'payroll-demo-password') };
        expect((await fetch(at('/api/salaries/10'), { headers: payroll })).status).toBe(200);
        const created = await fetch(at('/api/employees/'), { method: 'POST', headers: clerk });
        expect([created.status, await created.json()]).toEqual([200, { created: true }]);
      } finally {
        await sim.stop();
      }
    },
    SLOW,
  );
});

test(
  'serve --config takes a directory of scripts, read in name order as one script',
  async () => {
    const scripts = file('scripts');
    mkdirSync(scripts);
    const text = readFileSync(EXPORT, 'utf8');
    const cut = text.indexOf('DECLARE');
    writeFileSync(join(scripts, '01-modules.sql'), text.slice(0, cut));
    writeFileSync(join(scripts, '02-privileges.sql'), text.slice(cut));
    writeFileSync(join(scripts, 'README.txt'), 'not a script');
    const sim = await serve(scripts);
    try {
      expect((await fetch(`${sim.url}/ords/hr/api/employees/`)).status).toBe(401);
      expect((await fetch(`${sim.url}/ords/hr/public/status`)).status).toBe(200);
      expect(Object.keys(sim.env.variables)).toContain('client_payroll_app_secret');
    } finally {
      await sim.stop();
    }
  },
  SLOW,
);

describe('gatecheck matrix', () => {
  test.each([
    [SEED, SEED_USERS, 2, 6],
    [EXPORT, EXPORT_USERS, 6, 7],
  ])(
    'the matrix of %s passes against the simulator built from it',
    async (script, users, endpoints, callers) => {
      const m = await matrix(script, users);
      expect(m.stderr).toContain(`matrix of ${endpoints} endpoints × ${callers} callers`);
      const collection = parse(readFileSync(m.out, 'utf8')) as { scenarios: { request: { url: string } }[] };
      expect(collection.scenarios).toHaveLength(endpoints * callers);
      expect(collection.scenarios.every((s) => s.request.url.startsWith('/ords/{{alias}}/'))).toBe(true);
      const sim = await serve(script, users);
      try {
        const r = await runMatrix(m, sim.url);
        expect(r.failed).toEqual([]);
        expect(r.stdout).toContain(`PASSED ${endpoints * callers} scenarios`);
        expect(r.code).toBe(0);
        for (const secret of (parse(readFileSync(m.envOut, 'utf8')) as Env).secrets) {
          const value = (parse(readFileSync(m.envOut, 'utf8')) as Env).variables[secret]!;
          expect(r.stdout + r.stderr + readFileSync(r.report, 'utf8')).not.toContain(value);
        }
      } finally {
        await sim.stop();
      }
    },
    SLOW,
  );

  test(
    "a simulator YAML config works too: the built-in config's matrix passes against the built-in simulator",
    async () => {
      const m = await matrix('environments/ords-simulator.yaml');
      expect(m.stderr).toContain('matrix of 4 endpoints × 7 callers');
      const { url, child, exited } = await startServe();
      try {
        const r = await runMatrix(m, url);
        expect(r.failed).toEqual([]);
        expect(r.code).toBe(0);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
    SLOW,
  );

  test(
    'one privilege mapping removed: the old matrix fails on exactly the affected cells, and diff names them',
    async () => {
      const m = await matrix(SEED, SEED_USERS);
      const before = await serve(SEED, SEED_USERS);
      const changed = withoutBlock(SEED, "p_pattern        => '/examples/employees/*'");
      const after = await serve(changed, SEED_USERS);
      try {
        const a = await runMatrix(m, before.url);
        const b = await runMatrix(m, after.url);
        expect(a.code).toBe(0);
        expect(b.code).toBe(1);
        expect(b.failed).toEqual([
          'GET /examples/employees/ (example.employees) as anonymous → 401',
          'GET /examples/employees/ (example.employees) as invalid-token → 401',
          'GET /examples/employees/ (example.employees) as client_emp_client → 401',
          'GET /examples/employees/ (example.employees) as user_qa_user → 401',
        ]);
        const diff = await runCli(['diff', a.report, b.report]);
        expect(diff.stdout).toContain('GET /ords/{{alias}}/examples/employees/');
        for (const caller of ['anonymous', 'invalid-token', 'client_emp_client', 'user_qa_user'])
          expect(diff.stdout).toMatch(new RegExp(`${caller} +401 → 200 +now allowed`));
        expect(diff.stdout).toContain('1 of 2 endpoints changed.');
      } finally {
        await before.stop();
        await after.stop();
      }
    },
    SLOW,
  );

  test(
    'the export with its narrower payroll pattern removed: the module privilege takes over, exactly four cells turn',
    async () => {
      const m = await matrix(EXPORT, EXPORT_USERS);
      const changed = file('export-changed.sql');
      const text = readFileSync(EXPORT, 'utf8');
      expect(text).toContain("  l_patterns(1) := '/api/salaries/*';\n");
      writeFileSync(changed, text.replace("  l_patterns(1) := '/api/salaries/*';\n", ''));
      const after = await serve(changed, EXPORT_USERS);
      try {
        const b = await runMatrix(m, after.url);
        expect(b.failed).toEqual([
          'GET /api/salaries/1 (hr.payroll.priv) as client_hr_reader_app → 401',
          'GET /api/salaries/1 (hr.payroll.priv) as client_payroll_app → gets in',
          'GET /api/salaries/1 (hr.payroll.priv) as user_hr_clerk → 401',
          'GET /api/salaries/1 (hr.payroll.priv) as user_payroll_officer → gets in',
        ]);
        expect(b.code).toBe(1);
      } finally {
        await after.stop();
      }
    },
    SLOW,
  );

  test(
    'a malformed script is one input error line with file:line:col, exit 2, nothing written',
    async () => {
      const bad = file('bad.sql');
      writeFileSync(
        bad,
        "BEGIN\n  ORDS.ENABLE_SCHEMA(p_schema => 'HR', p_url_mapping_pattern => 'hr');\n  ORDS.CREATE_ROLE(p_role_name => 'r'\nEND;\n/\n",
      );
      const r = await runCli(['matrix', bad, '-o', file('never.yaml')]);
      expect([r.code, r.stderr]).toEqual([2, `gatecheck: ${bad}:3:19: "(" is never closed\n`]);
      const noOut = await runCli(['matrix', EXPORT]);
      expect([noOut.code, noOut.stderr]).toEqual([
        2,
        'gatecheck: --output: where should the matrix go? -o matrix.yaml\n',
      ]);
    },
    SLOW,
  );
});

describe('gatecheck ords audit', () => {
  test(
    'finds nothing in the built-in simulator',
    async () => {
      const { url, child, exited } = await startServe();
      try {
        const r = await runCli([
          'ords',
          'audit',
          url,
          '-e',
          'environments/local.yaml',
          '--script',
          'environments/ords-simulator.yaml',
          '--other-alias',
          'other',
        ]);
        expect(r.stdout).not.toContain('✗');
        expect(r.stdout).toMatch(/PASSED 8 scenarios: 8 passed, 0 failed/);
        expect(r.code).toBe(0);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
    SLOW,
  );

  test(
    'finds every exposure planted in a simulator config, in every reporter',
    async () => {
      const { url, child, exited } = await startServe(['--config', 'test/fixtures/ords/exposed-sim.yaml']);
      const json = file('audit.json');
      const junit = file('audit.xml');
      try {
        const r = await runCli([
          'ords',
          'audit',
          url,
          '--script',
          'test/fixtures/ords/exposed-sim.yaml',
          '--other-alias',
          'other',
          '-r',
          'cli,json,junit',
          '--reporter-json-export',
          json,
          '--reporter-junit-export',
          junit,
        ]);
        expect(r.code).toBe(1);
        const report = JSON.parse(readFileSync(json, 'utf8')) as {
          runs: { scenarios: { name: string; outcome: string }[] }[];
        };
        expect(report.runs[0]!.scenarios.filter((s) => s.outcome === 'failed').map((s) => s.name)).toEqual([
          'metadata-catalog/ refuses anonymous callers (p_auto_rest_auth)',
          'REST-enabled SQL is off',
          'no OAuth client or privilege holds the SQL Developer role',
          'token endpoint refuses GET',
          'token responses carry Cache-Control: no-store',
          'a token of "myapi" is refused by "other"',
          'error bodies carry no stack trace',
        ]);
        expect(readFileSync(junit, 'utf8')).toContain('<failure');
        expect(r.stdout + r.stderr + readFileSync(json, 'utf8')).not.toContain('7KZWVPkkzNZ_gpcS0l-YFw..');
        // The token a GET issued is kept in the failed check's body excerpt, masked.
        expect(readFileSync(json, 'utf8')).toMatch(/access_token\\":\\"\*\*\*\*\*/);
        expect(readFileSync(json, 'utf8')).not.toMatch(/access_token\\":\\"[A-Za-z0-9_-]{22}/);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
    SLOW,
  );

  test(
    "the seed script's p_auto_rest_auth => FALSE leaves the metadata catalog open",
    async () => {
      const sim = await serve(SEED);
      try {
        const r = await runCli(['ords', 'audit', sim.url, '--script', SEED]);
        expect(r.stdout).toContain('✗ metadata-catalog/ refuses anonymous callers (p_auto_rest_auth)');
        expect(r.stdout).toMatch(/FAILED 8 scenarios: 6 passed, 1 failed, 1 skipped/);
        expect(r.code).toBe(1);
      } finally {
        await sim.stop();
      }
    },
    SLOW,
  );
});
