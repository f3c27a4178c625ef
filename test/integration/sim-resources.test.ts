/** Protected and public resources of the built-in config: the simulator spec table, row by row. */
import { loadDefaultSimConfig } from '../../src/sim/config.js';
import type { Simulator } from '../../src/sim/server.js';
import { basic, DEMO } from '../helpers/demo.js';
import { ManualClock, modelFromYaml, startSim, tokenFor } from '../helpers/sim.js';

const BEARER_CHALLENGE = 'Bearer realm="Oracle REST Data Services", error="invalid_token"';
const HELLO = (sim: Simulator) => `${sim.url}/ords/myapi/myapi/hello`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function expectUnauthorized(res: Response, challenge: string | null) {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('www-authenticate')).toBe(challenge);
  const text = await res.text();
  const body = JSON.parse(text) as Record<string, string>;
  expect(Object.keys(body)).toEqual(['code', 'message', 'type', 'instance']);
  expect(body).toMatchObject({
    code: 'Unauthorized',
    message: 'Unauthorized',
    type: 'tag:oracle.com,2020:error/Unauthorized',
  });
  expect(body.instance).toMatch(/^tag:oracle\.com,2020:ecid\/[A-Za-z0-9_-]{22}$/);
  expect(Buffer.byteLength(text)).toBe(183); // as captured from ORDS 22.1
}

describe('resources of the built-in config', () => {
  const clock = new ManualClock();
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim(loadDefaultSimConfig(), clock);
  });
  afterAll(() => sim.close());

  test('a path no privilege covers is public', async () => {
    const res = await fetch(`${sim.url}/ords/myapi/public/items`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as {
      items: { id: number; name: string }[];
      hasMore: boolean;
      count: number;
    };
    expect(body.items.length).toBeGreaterThanOrEqual(2);
    expect(body.items[0]).toEqual({ id: 1, name: 'Widget' });
    expect(body).toMatchObject({ hasMore: false, count: body.items.length });
  });

  test('anonymous caller of a protected module gets 401 problem+json and no WWW-Authenticate', async () => {
    await expectUnauthorized(await fetch(HELLO(sim), { method: 'POST' }), null);
  });

  test('a browser (Accept: text/html) gets the sign-in page instead', async () => {
    const res = await fetch(HELLO(sim), { method: 'POST', headers: { Accept: 'text/html,*/*' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain(
      'Please <a href="/ords/myapi/sign-in/?r=%2Fords%2Fmyapi%2Fmyapi%2Fhello">sign in</a>',
    );
  });

  test('a bearer token of a client with the role gets the handler response', async () => {
    const token = await tokenFor(sim, DEMO.myapi);
    const res = await fetch(HELLO(sim), { method: 'POST', headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: 'Secure Hello World' });
  });

  test('a garbage bearer token gets 401 with the Bearer invalid_token challenge', async () => {
    await expectUnauthorized(
      await fetch(HELLO(sim), { method: 'POST', headers: bearer('not-a-real-token') }),
      BEARER_CHALLENGE,
    );
  });

  test('a valid token of a client without the role gets 401, not 403', async () => {
    const token = await tokenFor(sim, DEMO.norole);
    await expectUnauthorized(
      await fetch(HELLO(sim), { method: 'POST', headers: bearer(token) }),
      BEARER_CHALLENGE,
    );
  });

  test('a Basic user with the role gets in; a wrong password does not', async () => {
    const ok = await fetch(HELLO(sim), {
      method: 'POST',
      headers: { Authorization: basic('qa_user', 'qa_password') },
    });
    expect(ok.status).toBe(200);
    await expectUnauthorized(
      await fetch(HELLO(sim), { method: 'POST', headers: { Authorization: basic('qa_user', 'nope') } }),
      null,
    );
    await expectUnauthorized(
      await fetch(HELLO(sim), { method: 'POST', headers: { Authorization: basic('ghost', 'x') } }),
      null,
    );
  });

  test('a URI-pattern privilege protects the customers module and echoes the path parameter', async () => {
    const url = `${sim.url}/ords/myapi/customers/validation/42`;
    await expectUnauthorized(await fetch(url), null);
    const wrongRole = await tokenFor(sim, DEMO.myapi);
    await expectUnauthorized(await fetch(url, { headers: bearer(wrongRole) }), BEARER_CHALLENGE);
    const res = await fetch(url, { headers: bearer(await tokenFor(sim, DEMO.license)) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: '42', valid: true, license: 'ACTIVE' });
  });

  test('early expiry: the token dies on the server while expires_in still says 3600', async () => {
    const res = await fetch(`${sim.url}/ords/myapi/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(DEMO.expiring.id, DEMO.expiring.secret),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
    expect(expires_in).toBe(3600);
    expect((await fetch(HELLO(sim), { method: 'POST', headers: bearer(access_token) })).status).toBe(200);
    clock.advance(2);
    await expectUnauthorized(
      await fetch(HELLO(sim), { method: 'POST', headers: bearer(access_token) }),
      BEARER_CHALLENGE,
    );
  });

  test('a token expires after its lifetime', async () => {
    const token = await tokenFor(sim, DEMO.myapi);
    clock.advance(3599);
    expect((await fetch(HELLO(sim), { method: 'POST', headers: bearer(token) })).status).toBe(200);
    clock.advance(1);
    await expectUnauthorized(
      await fetch(HELLO(sim), { method: 'POST', headers: bearer(token) }),
      BEARER_CHALLENGE,
    );
  });

  test('unknown paths are 404 problem+json, inside and outside the alias', async () => {
    for (const path of ['/ords/myapi/nothing/here', '/ords/otherschema/public/items', '/']) {
      const res = await fetch(`${sim.url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'NotFound' });
    }
  });

  test('a method the template has no handler for is 405', async () => {
    const res = await fetch(`${sim.url}/ords/myapi/public/items`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  test('the request log records what was answered, without credentials', () => {
    const tokenRows = sim.requests.filter((r) => r.kind === 'token' && r.status === 200);
    expect(tokenRows.length).toBeGreaterThan(0);
    expect(tokenRows[0]).toMatchObject({
      method: 'POST',
      path: '/ords/myapi/oauth/token',
      principal: 'myapi_client',
    });
    expect(JSON.stringify(sim.requests)).not.toContain(DEMO.myapi.secret);
  });
});

describe('token lifetimes and restarts', () => {
  const yaml = `
enable_schema: { url_mapping_pattern: myapi }
settings: { token_lifetime: 600 }
define_module:
  - module_name: m
    base_path: /m/
    templates: [{ pattern: x, handlers: [{ method: GET, body: { ok: true } }] }]
create_role: [R]
create_privilege: [{ name: P, roles: [R], modules: [m] }]
create_client:
  - { name: a, grant_type: client_credentials, client_id: "${DEMO.myapi.id}", client_secret: "${DEMO.myapi.secret}" }
  - { name: b, grant_type: client_credentials, client_id: "${DEMO.norole.id}", client_secret: "${DEMO.norole.secret}", token_duration: 60 }
grant_client_role: [{ client_name: a, role_name: R }, { client_name: b, role_name: R }]
`;

  test('the server-wide lifetime and a per-client token_duration are what expires_in says', async () => {
    const sim = await startSim(modelFromYaml(yaml));
    try {
      const body = async (c: { id: string; secret: string }) =>
        (await (
          await fetch(`${sim.url}/ords/myapi/oauth/token`, {
            method: 'POST',
            headers: {
              Authorization: basic(c.id, c.secret),
              'Content-Type': 'application/x-www-form-urlencoded',
            },
            body: 'grant_type=client_credentials',
          })
        ).json()) as { expires_in: number };
      expect((await body(DEMO.myapi)).expires_in).toBe(600);
      expect((await body(DEMO.norole)).expires_in).toBe(60);
    } finally {
      await sim.close();
    }
  });

  test('restarting the server invalidates every token', async () => {
    const model = modelFromYaml(yaml);
    const first = await startSim(model);
    const token = await tokenFor(first, DEMO.myapi);
    expect((await fetch(`${first.url}/ords/myapi/m/x`, { headers: bearer(token) })).status).toBe(200);
    await first.close();
    const second = await startSim(model);
    try {
      expect((await fetch(`${second.url}/ords/myapi/m/x`, { headers: bearer(token) })).status).toBe(401);
    } finally {
      await second.close();
    }
  });
});
