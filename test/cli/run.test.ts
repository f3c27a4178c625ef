/** `gatecheck run` and `validate` as a user runs them: golden output, exit codes, nothing leaked. */
import type { Simulator } from '../../src/sim/server.js';
import { runCli } from '../helpers/cli.js';
import { DEMO } from '../helpers/demo.js';
import { expectGolden, normalize } from '../helpers/golden.js';
import { startSim } from '../helpers/sim.js';

const SECRETS = [
  DEMO.myapi.secret,
  DEMO.license.secret,
  DEMO.norole.secret,
  DEMO.expiring.secret,
  DEMO.user.password,
  Buffer.from('qa_user:qa_password').toString('base64'),
];

describe('gatecheck run', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  const args = (...files: string[]) => [
    'run',
    ...files,
    '-e',
    'environments/local.yaml',
    '--var',
    `baseUrl=${sim.url}`,
  ];

  function expectNothingLeaked(output: string) {
    for (const secret of [...SECRETS, ...sim.issuedTokens()]) expect(output).not.toContain(secret);
  }

  test('the sample security collection passes: exit 0, the expired-token retry shown', async () => {
    const r = await runCli(args('collections/ords-security.yaml'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectGolden('ords-security.out', normalize(r.stdout));
    expect(r.stdout).toContain('→ 401 → token refreshed → 200');
    expectNothingLeaked(r.stdout + r.stderr);
  });

  test('wrong expectations: exit 1 with expected vs actual under each failed check', async () => {
    const r = await runCli(args('test/cli/fixtures/wrong-expectation.yaml'));
    expect(r.code).toBe(1);
    expectGolden('wrong-expectation.out', normalize(r.stdout));
    expectNothingLeaked(r.stdout + r.stderr);
  });

  test('every core sample collection passes', async () => {
    for (const name of ['unsecured', 'basic-auth', 'oauth2-client-credentials', 'expired-token-retry']) {
      const r = await runCli(args(`collections/${name}.yaml`));
      expect([name, r.code, r.stdout.split('\n').at(-2)?.slice(0, 6)]).toEqual([name, 0, 'PASSED']);
      expectNothingLeaked(r.stdout);
    }
  });

  test('colour only when asked for: FORCE_COLOR adds it, --no-color removes it', async () => {
    const colored = await runCli(args('collections/unsecured.yaml'), {
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(colored.stdout).toContain('\x1b[32m✓');
    const plain = await runCli([...args('collections/unsecured.yaml'), '--no-color'], {
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(plain.stdout).not.toContain('\x1b[');
  });
});

describe('bad input: exit 2, one line each, nothing sent', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test('validate reports a misspelt key, a bad type and an unresolved variable with file:line:col', async () => {
    const r = await runCli([
      'validate',
      'test/cli/fixtures/invalid.yaml',
      'test/cli/fixtures/unresolved.yaml',
      '--var',
      `baseUrl=${sim.url}`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectGolden('validate-invalid.err', r.stderr);
  });

  test('run stops on the same errors before sending anything', async () => {
    const before = sim.requests.length;
    const r = await runCli([
      'run',
      'collections/unsecured.yaml',
      'test/cli/fixtures/unresolved.yaml',
      '--var',
      `baseUrl=${sim.url}`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^gatecheck: test\/cli\/fixtures\/unresolved\.yaml:5:21: unresolved variable \{\{alais\}\}; /,
    );
    expect(sim.requests.length).toBe(before);
  });

  test('validate passes a good collection', async () => {
    const r = await runCli(['validate', 'collections/ords-security.yaml', '-e', 'environments/local.yaml']);
    expect([r.code, r.stdout]).toEqual([0, '✓ collections/ords-security.yaml: 7 scenarios, 11 steps\n']);
  });

  test.each([
    [['run'], 'gatecheck: name at least one collection file: gatecheck run <collection...>\n'],
    [
      ['run', 'collections/unsecured.yaml', '-r', 'cli,xml'],
      'gatecheck: --reporters: unknown reporter "xml" (did you mean "html"?) (available: cli, json, junit, html)\n',
    ],
    [
      ['run', 'collections/unsecured.yaml', '--concurrency', '0'],
      'gatecheck: --concurrency: must be a whole number from 1 to 1000, got "0"\n',
    ],
    [['run', 'nope.yaml'], 'gatecheck: nope.yaml: cannot read collection: no such file\n'],
    [
      ['run', 'collections/unsecured.yaml', '-e', 'nope.yaml'],
      'gatecheck: nope.yaml: cannot read environment: no such file\n',
    ],
  ])('%j', async (argv, stderr) => {
    const r = await runCli(argv);
    expect([r.code, r.stderr]).toEqual([2, stderr]);
  });
});

describe('npm start', () => {
  test('runs the security collection against a fresh simulator and exits 0', async () => {
    const r = await runCli(['--version']); // the binary is built
    expect(r.code).toBe(0);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['scripts/start.js'], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toContain('✓ POST /ords/myapi/myapi/hello → 401 → token refreshed → 200');
    expect(out).toMatch(/^PASSED 7 scenarios: 7 passed, 0 failed/m);
  });
});
