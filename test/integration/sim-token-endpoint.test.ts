/** The simulator's POST /ords/<alias>/oauth/token, against a real server on 127.0.0.1:0. */
import type { Simulator } from '../../src/sim/server.js';
import { basic, DEMO } from '../helpers/demo.js';
import { modelFromYaml, requestToken, startSim } from '../helpers/sim.js';

const TOKEN_URL = (sim: Simulator) => `${sim.url}/ords/myapi/oauth/token`;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('token endpoint (ORDS problem style)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test('client credentials by HTTP Basic get exactly access_token, token_type and expires_in', async () => {
    const res = await requestToken(sim, DEMO.myapi);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in']);
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(3600);
    expect(text).not.toContain(' '); // compact, as ORDS sends it
  });

  test('every token is new', async () => {
    const [a, b] = await Promise.all([requestToken(sim, DEMO.myapi), requestToken(sim, DEMO.myapi)]);
    const ta = ((await a.json()) as { access_token: string }).access_token;
    const tb = ((await b.json()) as { access_token: string }).access_token;
    expect(ta).not.toBe(tb);
  });

  test.each([
    ['a wrong secret', basic(DEMO.myapi.id, 'wrong')],
    ['an unknown client', basic('nobody..', DEMO.myapi.secret)],
    ['no client authentication', undefined],
  ])('%s gets 401 Unauthorized problem+json', async (_name, authorization) => {
    const res = await fetch(TOKEN_URL(sim), {
      method: 'POST',
      headers: { ...FORM, ...(authorization ? { Authorization: authorization } : {}) },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'Unauthorized', message: 'Unauthorized' });
  });

  test('secret in the form body works only for a client_secret_post client', async () => {
    const post = (c: { id: string; secret: string }) =>
      fetch(TOKEN_URL(sim), {
        method: 'POST',
        headers: FORM,
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: c.id,
          client_secret: c.secret,
        }).toString(),
      });
    expect((await post(DEMO.license)).status).toBe(200);
    expect((await post(DEMO.myapi)).status).toBe(401);
  });

  test.each([
    ['missing grant_type', '', 'grant_type is required'],
    ['an unsupported grant', 'grant_type=password', 'Grant type password is not supported'],
    [
      'a grant the client may not use',
      'grant_type=authorization_code&code=x',
      'This client may not use grant type authorization_code',
    ],
  ])('%s gets 400 BadRequest', async (_name, form, message) => {
    const res = await requestToken(sim, DEMO.myapi, form);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'BadRequest', message });
  });

  test('a JSON body is refused: the grant is form-urlencoded', async () => {
    const res = await fetch(TOKEN_URL(sim), {
      method: 'POST',
      headers: { Authorization: basic(DEMO.myapi.id, DEMO.myapi.secret), 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(400);
  });

  test('GET on the token endpoint is 405 with Allow: POST', async () => {
    const res = await fetch(TOKEN_URL(sim));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ code: 'MethodNotAllowed' });
  });
});

describe('token endpoint (RFC 6749 style)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim(
      modelFromYaml(`
enable_schema: { url_mapping_pattern: myapi }
settings: { token_error_style: rfc6749 }
create_client:
  - { name: c, grant_type: client_credentials, client_id: "${DEMO.myapi.id}", client_secret: "${DEMO.myapi.secret}" }
`),
    );
  });
  afterAll(() => sim.close());

  test('a bad client gets 401 invalid_client with a Basic challenge', async () => {
    const res = await requestToken(sim, { id: DEMO.myapi.id, secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Oracle REST Data Services"');
    expect(await res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed',
    });
  });

  test('an unsupported grant gets 400 unsupported_grant_type', async () => {
    const res = await requestToken(sim, DEMO.myapi, 'grant_type=password');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Grant type password is not supported',
    });
  });
});
