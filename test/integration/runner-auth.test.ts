/** The runner against the ORDS simulator on 127.0.0.1:0: every auth type, the token lifecycle, failures. */
import { createServer, type Server, type Socket } from 'node:net';
import { runCollection } from '../../src/api.js';
import type { RunResult, StepResult } from '../../src/model/result.js';
import type { Simulator } from '../../src/sim/server.js';
import { PROFILES, writeCollection } from '../helpers/collections.js';
import { DEMO } from '../helpers/demo.js';
import { modelFromYaml, startSim, tokenFor } from '../helpers/sim.js';

const LOCAL_ENV = 'environments/local.yaml';
const run = (sim: Simulator, yaml: string, extra: Parameters<typeof runCollection>[1] = {}) =>
  runCollection(writeCollection(`name: t\nbaseUrl: '{{baseUrl}}'\n${PROFILES}\n${yaml}`), {
    environment: LOCAL_ENV,
    ...extra,
    vars: { baseUrl: sim.url, ...extra.vars },
  });
const steps = (r: RunResult): StepResult[] => r.scenarios.flatMap((s) => s.steps);
const tokenRequests = (sim: Simulator) => sim.requests.filter((r) => r.kind === 'token').length;
const ALL_SECRETS = [
  DEMO.myapi.secret,
  DEMO.license.secret,
  DEMO.norole.secret,
  DEMO.expiring.secret,
  DEMO.user.password,
];

function expectNoSecrets(sim: Simulator, result: RunResult) {
  const text = JSON.stringify(result);
  for (const secret of [
    ...ALL_SECRETS,
    ...sim.issuedTokens(),
    Buffer.from('qa_user:qa_password').toString('base64'),
  ]) {
    expect(text).not.toContain(secret);
  }
}

describe('auth types', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test('none, basic, bearer, and oauth2 with Basic and with form-body client authentication', async () => {
    const token = await tokenFor(sim, DEMO.myapi);
    const result = await run(
      sim,
      `
scenarios:
  - { name: none, request: { url: /ords/myapi/public/items }, expect: { status: 200 } }
  - { name: basic, auth: qa-user, request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200 } }
  - { name: bad basic, auth: bad-password, request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 401 } }
  - { name: bearer, auth: given-token, request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200 } }
  - { name: oauth2 basic, auth: ords-client, request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200, json: { $.message: Secure Hello World } } }
  - { name: oauth2 body, auth: license-client, request: { url: /ords/myapi/customers/validation/7 }, expect: { status: 200, json: { $.id: '7' } } }
  - name: step overrides the scenario's auth with none
    auth: ords-client
    steps: [{ auth: none, request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 401 } }]
`,
      { vars: { TOKEN: token } },
    );
    expect(result.scenarios.map((s) => [s.name, s.outcome])).toEqual([
      ['none', 'passed'],
      ['basic', 'passed'],
      ['bad basic', 'passed'],
      ['bearer', 'passed'],
      ['oauth2 basic', 'passed'],
      ['oauth2 body', 'passed'],
      ["step overrides the scenario's auth with none", 'passed'],
    ]);
    expectNoSecrets(sim, result);
    expect(JSON.stringify(result)).not.toContain(token);
  });
});

describe('token lifecycle', () => {
  test('20 oauth2 scenarios at concurrency 8 share one token request', async () => {
    const sim = await startSim();
    try {
      const scenarios = Array.from(
        { length: 20 },
        (_, i) =>
          `  - { name: s${i}, auth: ords-client, request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200 } }`,
      ).join('\n');
      const result = await run(sim, `scenarios:\n${scenarios}`, { concurrency: 8 });
      expect(result.stats.scenarios.passed).toBe(20);
      expect(tokenRequests(sim)).toBe(1);
      expect(result.stats.tokenFetches).toBe(1);
      expect(result.scenarios.map((s) => s.name)).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`));
    } finally {
      await sim.close();
    }
  });

  test('a token is refreshed before expires_in runs out, without a 401', async () => {
    const sim = await startSim(
      modelFromYaml(`
enable_schema: { url_mapping_pattern: myapi }
settings: { token_lifetime: 1 }
define_module: [{ module_name: m, base_path: /myapi/, templates: [{ pattern: hello, handlers: [{ method: POST, body: { ok: true } }] }] }]
create_role: [R]
create_privilege: [{ name: P, roles: [R], modules: [m] }]
create_client: [{ name: c, grant_type: client_credentials, client_id: "${DEMO.myapi.id}", client_secret: "${DEMO.myapi.secret}" }]
grant_client_role: [{ client_name: c, role_name: R }]
`),
    );
    try {
      const result = await run(
        sim,
        `scenarios:
  - name: proactive
    auth: ords-client
    steps:
      - { request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200 } }
      - wait: 950ms
      - { request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200, retried: false } }`,
      );
      expect(result.outcome).toBe('passed');
      const [first, , second] = steps(result);
      expect(first?.tokenEvents).toEqual([{ kind: 'fetched', profile: 'ords-client', status: 200 }]);
      expect(second?.tokenEvents).toEqual([
        { kind: 'refreshed', profile: 'ords-client', reason: 'expiring', status: 200 },
      ]);
      expect(sim.requests.filter((r) => r.status === 401)).toEqual([]);
      expect(tokenRequests(sim)).toBe(2);
    } finally {
      await sim.close();
    }
  });

  test('a token that died on the server: 401, one refresh, one retry, 200', async () => {
    const sim = await startSim();
    try {
      const result = await run(
        sim,
        `scenarios:
  - name: expired
    auth: expiring-client
    steps:
      - { request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200, retried: false } }
      - wait: 2100ms
      - { request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200, retried: true } }`,
      );
      expect(result.outcome).toBe('passed');
      const last = steps(result)[2]!;
      expect(
        last.exchanges.map((e) => [e.kind, e.status, e.kind === 'token' ? e.profile : undefined]),
      ).toEqual([
        ['request', 401, undefined],
        ['token', 200, 'expiring-client'],
        ['retry', 200, undefined],
      ]);
      expect(last.tokenEvents).toEqual([
        { kind: 'refreshed', profile: 'expiring-client', reason: '401', status: 200 },
      ]);
      expect(result.stats.retries).toBe(1);
      expectNoSecrets(sim, result);
    } finally {
      await sim.close();
    }
  });

  test('exactly one retry: a second 401 fails the step', async () => {
    const sim = await startSim();
    try {
      const result = await run(
        sim,
        'scenarios:\n  - { name: norole, auth: norole-client, request: { method: POST, url: /ords/myapi/myapi/hello }, expect: { status: 200 } }',
      );
      const step = steps(result)[0]!;
      expect(step.outcome).toBe('failed');
      expect(step.retried).toBe(true);
      expect(step.exchanges.filter((e) => e.kind !== 'token').map((e) => [e.kind, e.status])).toEqual([
        ['request', 401],
        ['retry', 401],
      ]);
      expect(step.checks[0]).toEqual({ check: 'status', expected: 200, actual: 401, passed: false });
      expect(sim.requests.filter((r) => r.path === '/ords/myapi/myapi/hello')).toHaveLength(2);
    } finally {
      await sim.close();
    }
  });
});

describe('token endpoint errors fail the step with the server’s reason', () => {
  test('ORDS problem style: status and message', async () => {
    const sim = await startSim();
    try {
      const result = await run(
        sim,
        'scenarios:\n  - { name: w, auth: wrong-secret, request: { method: POST, url: /ords/myapi/myapi/hello } }\n  - { name: ok, request: { url: /ords/myapi/public/items } }',
      );
      const step = steps(result)[0]!;
      expect(step.outcome).toBe('error');
      expect(step.error).toEqual({ code: 'E_TOKEN', message: 'token request failed: 401 Unauthorized' });
      expect(step.tokenEvents[0]).toMatchObject({ kind: 'failed', status: 401 });
      expect(result.scenarios[1]?.outcome).toBe('passed');
      expect(JSON.stringify(result)).not.toContain('wrong-secret-value');
    } finally {
      await sim.close();
    }
  });

  test('RFC 6749 style: error and error_description', async () => {
    const sim = await startSim(
      modelFromYaml(`
enable_schema: { url_mapping_pattern: myapi }
settings: { token_error_style: rfc6749 }
create_client: [{ name: c, grant_type: client_credentials, client_id: "${DEMO.myapi.id}", client_secret: "${DEMO.myapi.secret}" }]
`),
    );
    try {
      const result = await run(
        sim,
        'scenarios:\n  - { name: w, auth: wrong-secret, request: { url: /ords/myapi/x } }',
      );
      expect(steps(result)[0]?.error).toEqual({
        code: 'E_TOKEN',
        message: 'token request failed: 401 invalid_client: Client authentication failed',
      });
    } finally {
      await sim.close();
    }
  });
});

describe('transport failures are errors with a plain reason, and the run goes on', () => {
  let silent: Server;
  let silentPort: number;
  let closedPort: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => sockets.add(socket)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentPort = (silent.address() as { port: number }).port;
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((r) => silent.close(r));
  });

  test('a timeout and a refused connection', async () => {
    const sim = await startSim();
    try {
      const result = await run(
        sim,
        `scenarios:
  - { name: slow, request: { url: 'http://127.0.0.1:${silentPort}/', timeoutMs: 300 } }
  - { name: refused, request: { url: 'http://127.0.0.1:${closedPort}/' } }
  - { name: fine, request: { url: /ords/myapi/public/items } }`,
      );
      expect(result.scenarios.map((s) => s.steps[0]?.error ?? s.outcome)).toEqual([
        { code: 'E_TIMEOUT', message: 'timed out after 300 ms' },
        { code: 'E_CONNREFUSED', message: `connection refused to 127.0.0.1:${closedPort}` },
        'passed',
      ]);
      expect(result.outcome).toBe('failed');
    } finally {
      await sim.close();
    }
  });
});

describe('captures and run options', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test('a capture feeds later steps; a failed step skips the rest of its scenario', async () => {
    const result = await run(
      sim,
      `scenarios:
  - name: chain
    steps:
      - { request: { url: /ords/myapi/public/items }, capture: { id: '$.items[1].id' } }
      - { auth: license-client, request: { url: '/ords/myapi/customers/validation/{{id}}' }, expect: { json: { $.id: '{{id}}' } } }
  - name: stops
    steps:
      - { request: { url: /ords/myapi/public/items }, expect: { status: 201 } }
      - { request: { url: /ords/myapi/public/items } }`,
    );
    expect(result.scenarios[0]?.outcome).toBe('passed');
    expect(result.scenarios[0]?.steps[1]?.request?.url).toBe(`${sim.url}/ords/myapi/customers/validation/2`);
    expect(result.scenarios[1]?.steps.map((s) => s.outcome)).toEqual(['failed', 'skipped']);
  });

  test('--bail stops starting scenarios after a failure', async () => {
    const result = await run(
      sim,
      `scenarios:
  - { name: a, request: { url: /ords/myapi/public/items }, expect: { status: 500 } }
  - { name: b, request: { url: /ords/myapi/public/items } }`,
      { bail: true, concurrency: 1 },
    );
    expect(result.scenarios.map((s) => s.outcome)).toEqual(['failed', 'skipped']);
  });
});
