/**
 * The request sent is the request written: explicit Authorization headers (step,
 * defaults, auth: none) reach the server exactly as written, a profile and an
 * explicit header together are an input error, probes replace credentials from
 * any source, and a User-Agent is sent unless the collection sets one.
 */
import { runCollection } from '../../src/api.js';
import { parseCollection } from '../../src/load/collection.js';
import type { RunResult } from '../../src/model/result.js';
import type { Simulator } from '../../src/sim/server.js';
import { InputErrors } from '../../src/source/errors.js';
import { toolVersion } from '../../src/version.js';
import { PROFILES, writeCollection } from '../helpers/collections.js';
import { startEcho, type EchoServer } from '../helpers/echo-server.js';
import { startSim } from '../helpers/sim.js';

const LOCAL_ENV = 'environments/local.yaml';

describe('headers as written, against an echo server', () => {
  let echo: EchoServer;
  beforeAll(async () => {
    echo = await startEcho();
  });
  afterAll(() => echo.close());
  beforeEach(() => echo.received.splice(0));

  const run = (yaml: string) =>
    runCollection(writeCollection(`name: t\nbaseUrl: '{{baseUrl}}'\n${yaml}`), {
      vars: { baseUrl: echo.url },
    });

  test('custom schemes in a step, in defaults, and with auth: none are sent exactly as written', async () => {
    const result = await run(`
auth:
  qa: { type: basic, username: u, password: p }
defaults: { headers: { Authorization: 'ApiKey from-defaults' } }
scenarios:
  - name: step header
    steps:
      - request: { url: /a, headers: { authorization: 'Token step-token' } }
  - name: defaults header
    request: { url: /b }
  - name: none keeps the header
    auth: qa
    steps:
      - auth: none
        request: { url: /c, headers: { Authorization: 'Bearer as-written' } }
`);
    expect(result.outcome).toBe('passed');
    const sent = Object.fromEntries(echo.received.map((r) => [r.path, r.headers.authorization]));
    expect(sent).toEqual({
      '/a': 'Token step-token',
      '/b': 'ApiKey from-defaults',
      '/c': 'Bearer as-written',
    });
  });

  test('a User-Agent is sent unless the collection sets one', async () => {
    await run(`
scenarios:
  - { name: default, request: { url: /ua-default } }
  - { name: own, request: { url: /ua-own, headers: { User-Agent: my-client/2 } } }
`);
    const ua = Object.fromEntries(echo.received.map((r) => [r.path, r.headers['user-agent']]));
    expect(ua).toEqual({ '/ua-default': `gatecheck/${toolVersion()}`, '/ua-own': 'my-client/2' });
  });

  test('probes of a step with an explicit header replace it: no probe carries the written credentials', async () => {
    const result = await run(`
scenarios:
  - name: secured with an explicit header
    steps:
      - secured: true
        request: { url: /status/200, headers: { Authorization: 'Token the-real-one' } }
        expect: { status: 200 }
`);
    expect(echo.received).toHaveLength(4);
    const [own, ...probes] = echo.received;
    expect(own!.headers.authorization).toBe('Token the-real-one');
    expect(probes.map((r) => r.headers.authorization ?? 'none')).toEqual([
      'none',
      expect.stringMatching(/^Bearer (?!the-real-one)/),
      expect.stringMatching(/^Basic /),
    ]);
    // The echo server lets everyone in, so the probes (rightly) fail: the verdict is earned.
    expect(result.outcome).toBe('failed');
    const exchanges = result.scenarios[0]!.steps[0]!.exchanges;
    expect(exchanges.map((e) => (e.kind === 'probe' ? `probe ${e.caller}` : e.kind))).toEqual([
      'request',
      'probe anonymous',
      'probe invalid bearer token',
      'probe wrong Basic password',
    ]);
  });
});

test('the Postman export sends the same User-Agent, and the written Authorization headers as written', async () => {
  const { exportPostman } = await import('../../src/postman/export.js');
  const { loadCollectionFile } = await import('../../src/load/collection.js');
  const { collection, source } = loadCollectionFile('collections/manual-token-chain.yaml');
  const { collection: pm } = exportPostman(collection, source, undefined, {});
  const requests = (
    pm.item as { item: { request: { header: { key: string; value: string }[] } }[] }[]
  ).flatMap((folder) =>
    folder.item.map((i) => Object.fromEntries(i.request.header.map((h) => [h.key, h.value]))),
  );
  expect(requests.map((h) => [h['User-Agent'], h.Authorization])).toEqual([
    [`gatecheck/${toolVersion()}`, 'Basic {{ORDS_CLIENT_BASIC}}'],
    [`gatecheck/${toolVersion()}`, 'Bearer {{tok}}'],
    [`gatecheck/${toolVersion()}`, 'Bearer not-a-real-token'],
  ]);
});

describe('a profile and an explicit Authorization header together', () => {
  const load = (yaml: string) => () => parseCollection('c.yaml', yaml);
  const messages = (f: () => unknown): string[] => {
    try {
      f();
    } catch (e) {
      if (e instanceof InputErrors) return e.errors.map((x) => x.format());
      throw e;
    }
    return [];
  };

  test('in the step: an input error naming the header and the profile', () => {
    const lines = messages(
      load(`name: t
auth: { qa: { type: basic, username: u, password: p } }
scenarios:
  - name: both
    steps:
      - auth: qa
        request: { url: 'http://x/a', headers: { Authorization: 'Token t' } }
`),
    );
    expect(lines).toEqual([
      'c.yaml:7:50: an explicit Authorization header and auth profile "qa" (c.yaml:6:15) both set credentials: remove one (with auth: none the header is sent as written)',
    ]);
  });

  test('in defaults with a scenario profile: an input error at the defaults header', () => {
    const lines = messages(
      load(`name: t
auth: { qa: { type: basic, username: u, password: p } }
defaults: { headers: { Authorization: 'Token t' } }
scenarios:
  - { name: both, auth: qa, request: { url: 'http://x/a' } }
`),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^c\.yaml:3:24: an explicit Authorization header and auth profile "qa" \(c\.yaml:5:25\)/,
    );
  });
});

describe('the manual token chain of the ORDS articles, against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test('Basic header to the token endpoint, capture, Bearer {{tok}}: passes as written', async () => {
    const result: RunResult = await runCollection('collections/manual-token-chain.yaml', {
      environment: LOCAL_ENV,
      vars: { baseUrl: sim.url },
    });
    expect(result.scenarios[0]!.steps.map((s) => [s.name, s.outcome, s.response?.status])).toEqual([
      ['buy a token', 'passed', 200],
      ['call with it', 'passed', 200],
      ['a made-up token is refused', 'passed', 401],
    ]);
    const hello = sim.requests.filter((r) => r.path === '/ords/myapi/myapi/hello');
    expect(hello.map((r) => r.status)).toEqual([200, 401]);
  });

  test('a bearer profile fed by a capture of an earlier step', async () => {
    const file = writeCollection(`name: t
baseUrl: '{{baseUrl}}'
${PROFILES}
  captured: { type: bearer, token: '{{tok}}' }
scenarios:
  - name: capture feeds the profile
    steps:
      - request:
          method: POST
          url: /ords/myapi/oauth/token
          headers: { Authorization: 'Basic {{ORDS_CLIENT_BASIC}}' }
          form: { grant_type: client_credentials }
        capture: { tok: $.access_token }
      - auth: captured
        request: { method: POST, url: /ords/myapi/myapi/hello }
        expect: { status: 200 }
`);
    const result = await runCollection(file, { environment: LOCAL_ENV, vars: { baseUrl: sim.url } });
    expect(result.scenarios[0]!.steps.map((s) => s.outcome)).toEqual(['passed', 'passed']);
    expect(JSON.stringify(result)).not.toContain(sim.issuedTokens()[0]);
  });
});

describe('names kept', () => {
  test('a Postman request alone in its folder keeps its name as the step name', async () => {
    const { importPostman } = await import('../../src/postman/import.js');
    const pm = {
      info: { name: 'pm', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'items folder',
          item: [
            {
              name: 'list the public items',
              request: { method: 'GET', url: 'http://x/ords/myapi/public/items' },
            },
          ],
        },
        { name: 'top level', request: { method: 'GET', url: 'http://x/a' } },
      ],
    };
    const imported = importPostman(pm as never, 'pm.json');
    const { collection } = parseCollection('pm.yaml', imported.yaml);
    expect(collection.scenarios.map((s) => [s.name, s.steps.map((st) => st.name)])).toEqual([
      ['items folder', ['list the public items']],
      ['top level', ['top level']],
    ]);
  });

  test('an unnamed step is named by what it does, the same in results and when skipped', async () => {
    const { stepName } = await import('../../src/model/step-name.js');
    const { collection } = parseCollection(
      'n.yaml',
      `name: n
scenarios:
  - name: s
    steps:
      - request: { method: POST, url: 'http://127.0.0.1:9/x' }
      - wait: 5ms
      - request: { url: 'http://127.0.0.1:9/y' }
`,
    );
    const steps = collection.scenarios[0]!.steps;
    expect(steps.map(stepName)).toEqual([
      'POST http://127.0.0.1:9/x',
      'wait 5 ms',
      'GET http://127.0.0.1:9/y',
    ]);
    const result = await runCollection(
      writeCollection(`name: n
scenarios:
  - name: s
    steps:
      - request: { method: POST, url: 'http://127.0.0.1:9/x' }
      - wait: 5ms
      - request: { url: 'http://127.0.0.1:9/y' }
`),
    );
    expect(result.scenarios[0]!.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['POST http://127.0.0.1:9/x', 'error'],
      ['wait 5 ms', 'skipped'],
      ['GET http://127.0.0.1:9/y', 'skipped'],
    ]);
  });
});
