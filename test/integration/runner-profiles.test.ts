/** apiKey profiles and header/regex captures, against a real echo server (cookies: test/cli/authorization-code.test.ts). */
import { runCollection } from '../../src/api.js';
import type { RunResult, StepResult } from '../../src/model/result.js';
import { writeCollection } from '../helpers/collections.js';
import { startEcho, type EchoServer } from '../helpers/echo-server.js';
import { InputErrors } from '../../src/source/errors.js';

let echo: EchoServer;
beforeAll(async () => {
  echo = await startEcho();
});
afterAll(() => echo.close());

const KEY = 'k3y-value-for-the-test-0001';
const run = (yaml: string): Promise<RunResult> =>
  runCollection(writeCollection(`name: t\nbaseUrl: '${echo.url}'\n${yaml}`));
const steps = (r: RunResult): StepResult[] => r.scenarios.flatMap((s) => s.steps);

test('apiKey in a header and in the query; a secured step drops it and garbles it', async () => {
  echo.received.length = 0;
  const result = await run(`
auth:
  header-key: { type: apiKey, name: X-API-Key, value: '${KEY}' }
  query-key: { type: apiKey, in: query, name: api_key, value: '${KEY}' }
scenarios:
  - { name: header, auth: header-key, request: { url: '/h?a=1' }, expect: { json: { $.headers.x-api-key: '${KEY}' } } }
  - { name: query, auth: query-key, request: { url: '/q?a=1' }, expect: { json: { $.query.api_key: '${KEY}', $.query.a: '1' } } }
  - name: probes
    auth: header-key
    secured: true
    request: { url: /status/401 }
    expect: { status: 401 }
`);
  expect(result.outcome).toBe('passed');
  const probes = echo.received.filter((r) => r.path === '/status/401');
  // The step itself, anonymous, invalid bearer, wrong Basic password, invalid API key.
  expect(probes.map((r) => r.headers['x-api-key'])).toEqual([
    KEY,
    undefined,
    undefined,
    undefined,
    expect.any(String),
  ]);
  expect(probes[4]?.headers['x-api-key']).not.toBe(KEY);
  expect(steps(result)[2]?.probes?.map((p) => p.caller)).toContain('invalid API key');
  expect(JSON.stringify(result)).not.toContain(KEY);
});

test('an apiKey profile and the same header written on the step is an input error', async () => {
  const file = writeCollection(`name: t
auth: { k: { type: apiKey, name: X-API-Key, value: v } }
scenarios:
  - { name: a, auth: k, request: { url: 'http://127.0.0.1:9/x', headers: { x-api-key: mine } } }
`);
  await expect(runCollection(file)).rejects.toThrow(InputErrors);
  await expect(runCollection(file)).rejects.toThrow(/explicit X-API-Key header and auth profile "k"/);
});

test('captures from headers, JSON and a body regex feed later steps; secret-named captures are masked', async () => {
  echo.received.length = 0;
  const result = await run(`
scenarios:
  - name: chain
    steps:
      - request: { url: /status/200, headers: { X-Echo: 'csrf-abc123' } }
        capture:
          agent: header:content-type
          method_name: 'body /"method":"([A-Z]+)"/'
          csrf_token: '$.headers.x-echo'
      - request: { url: '/next?m={{method_name}}', headers: { X-CSRF: '{{csrf_token}}' } }
        expect: { json: { $.query.m: GET, $.headers.x-csrf: csrf-abc123 } }
`);
  expect(result.outcome).toBe('passed');
  expect(JSON.stringify(result)).not.toContain('csrf-abc123');
});
