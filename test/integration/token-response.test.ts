/**
 * Token responses as servers send them: expires_in as a number, a numeric string
 * (Azure AD v1, Spring) or absent; token_type in any case; another type is an
 * E_TOKEN error naming it; and the response's fields can be asserted (expect.token).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCollection } from '../../src/api.js';
import type { RunResult } from '../../src/model/result.js';
import { writeCollection } from '../helpers/collections.js';

const TOKEN = 'tok-0123456789abcdef';
/** Token bodies by variant: POST /token/<variant>. */
const BODIES: Record<string, object> = {
  string: {
    access_token: TOKEN,
    token_type: 'Bearer',
    expires_in: '3599',
    scope: 'read profile',
    ext_tenant: 't1',
  },
  number: { access_token: TOKEN, token_type: 'BEARER', expires_in: 3600 },
  absent: { access_token: TOKEN, token_type: 'bearer' },
  dpop: { access_token: TOKEN, token_type: 'DPoP', expires_in: 3600 },
  bad: { access_token: TOKEN, token_type: 'bearer', expires_in: 'soon' },
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const variant = /^\/token\/(\w+)$/.exec(req.url ?? '')?.[1];
      if (req.method === 'POST' && variant === 'slow') {
        // Slow enough that a second scenario, started at the same moment, joins this fetch.
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(BODIES.number));
        }, 300);
        return;
      }
      if (req.method === 'POST' && variant && BODIES[variant]) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(BODIES[variant]));
      }
      const ok = req.headers.authorization === `Bearer ${TOKEN}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const run = (variant: string, expectYaml = '{ status: 200 }'): Promise<RunResult> =>
  runCollection(
    writeCollection(`name: t
baseUrl: '{{baseUrl}}'
auth:
  idp: { type: oauth2, tokenUrl: '{{baseUrl}}/token/${variant}', clientId: c, clientSecret: client-secret-value }
scenarios:
  - { name: call, auth: idp, request: { url: /api }, expect: ${expectYaml} }
`),
    { vars: { baseUrl: url } },
  );
const step = (r: RunResult) => r.scenarios[0]!.steps[0]!;

test.each(['string', 'number', 'absent'])(
  'expires_in %s, token_type in any case: the token is used',
  async (v) => {
    const r = await run(v);
    expect([step(r).outcome, step(r).response?.status, step(r).error]).toEqual(['passed', 200, undefined]);
  },
);

test('an unparseable expires_in is an E_TOKEN error that shows it', async () => {
  const r = await run('bad');
  expect(step(r).error).toEqual({
    code: 'E_TOKEN',
    message: 'token request failed: 200 response has an invalid expires_in ("soon")',
  });
});

test('another token type is an E_TOKEN error that names it, not a bearer token used silently', async () => {
  const r = await run('dpop');
  expect(step(r).outcome).toBe('error');
  expect(step(r).error?.code).toBe('E_TOKEN');
  expect(step(r).error?.message).toContain('token_type "DPoP"');
});

test('expect.token asserts the granted scope, type, lifetime and extra fields; the token itself is never there', async () => {
  const r = await run(
    'string',
    `{ status: 200, token: { $.scope: { contains: read }, $.token_type: { matches: '^[Bb]earer$' }, $.expires_in: '3599', $.ext_tenant: t1, $.access_token: { exists: false } } }`,
  );
  expect(
    step(r)
      .checks.filter((c) => c.check.startsWith('token '))
      .map((c) => [c.check, c.passed]),
  ).toEqual([
    ['token $.scope contains', true],
    ['token $.token_type matches', true],
    ['token $.expires_in', true],
    ['token $.ext_tenant', true],
    ['token $.access_token exists', true],
  ]);
  expect(JSON.stringify(r)).not.toContain(TOKEN);
});

test('a token assertion that does not hold fails the step with expected and actual', async () => {
  const r = await run('string', '{ status: 200, token: { $.scope: { contains: write } } }');
  expect(step(r).outcome).toBe('failed');
  expect(step(r).checks.find((c) => c.check === 'token $.scope contains')).toMatchObject({
    expected: 'write',
    passed: false,
  });
});

test("one clock per step: the time shown is what the duration check measured; a wait for another scenario's token fetch is apart", async () => {
  const r = await runCollection(
    writeCollection(`name: t
baseUrl: '{{baseUrl}}'
auth:
  idp: { type: oauth2, tokenUrl: '{{baseUrl}}/token/slow', clientId: c, clientSecret: client-secret-value }
scenarios:
  - { name: a, auth: idp, request: { url: /api }, expect: { status: 200, maxDurationMs: 60000 } }
  - { name: b, auth: idp, request: { url: /api }, expect: { status: 200, maxDurationMs: 60000 } }
`),
    { vars: { baseUrl: url }, concurrency: 2 },
  );
  const steps = r.scenarios.map((s) => s.steps[0]!);
  expect(steps.map((s) => s.outcome)).toEqual(['passed', 'passed']);
  expect(r.stats.tokenFetches).toBe(1);
  const [fetcher, waiter] = steps[0]!.exchanges.some((e) => e.kind === 'token')
    ? steps
    : [steps[1]!, steps[0]!];
  expect(fetcher!.tokenWait).toBeUndefined();
  expect(waiter!.tokenWait).toEqual({ profile: 'idp', ms: expect.any(Number) as number });
  expect(waiter!.tokenWait!.ms).toBeGreaterThan(0);
  for (const step of steps) {
    const duration = step.checks.find((c) => c.check === 'duration')!;
    expect(duration.actual).toBe(`${Math.round(step.response!.durationMs)} ms`);
    // The step's wall time holds the wait; the time shown (response.durationMs) does not.
    expect(step.durationMs).toBeGreaterThanOrEqual(step.response!.durationMs + (step.tokenWait?.ms ?? 0) - 1);
  }
});
