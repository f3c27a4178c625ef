/**
 * The simulator's ORDS three-legged OAuth on 127.0.0.1:0: authorize endpoint, sign-in
 * and approval pages, code exchange, refresh with rotation, implicit, the first-party
 * cookie session, and several schema aliases. Driven by plain fetch, as a browser would.
 */
import type { Simulator } from '../../src/sim/server.js';
import { basic, DEMO } from '../helpers/demo.js';
import { ManualClock, requestToken, startSim, tokenFor } from '../helpers/sim.js';
import { loadDefaultSimConfig } from '../../src/sim/config.js';

const manual = { redirect: 'manual' } as const;

/** Walks the browser path: authorize → 401 sign-in link → sign-in form → approval → redirect. */
async function signInAndApprove(
  sim: Simulator,
  clientId: string,
  responseType: 'code' | 'token',
  state = 'st-123',
): Promise<{ location: URL; cookie: string; approvalPage: string }> {
  const auth = `/ords/myapi/oauth/auth?response_type=${responseType}&client_id=${encodeURIComponent(clientId)}&state=${state}`;
  const first = await fetch(sim.url + auth, manual);
  expect(first.status).toBe(401);
  const page = await first.text();
  const link = /href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') ?? '';
  expect(link).toContain('/ords/myapi/sign-in/');
  const signInPage = await (await fetch(sim.url + link.replace(/&#38;/g, '&'))).text();
  expect(signInPage).toContain('type="password"');
  const r = /name="r" value="([^"]*)"/.exec(signInPage)?.[1]?.replace(/&#38;/g, '&') ?? '';
  expect(r).toBe(auth);
  const signedIn = await fetch(`${sim.url}/ords/myapi/sign-in/`, {
    ...manual,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ r, username: DEMO.user.name, password: DEMO.user.password }),
  });
  expect(signedIn.status).toBe(302);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^ORDS_SESSION=/);
  expect(signedIn.headers.get('location')).toBe(auth);
  const approval = await fetch(sim.url + auth, { ...manual, headers: { Cookie: cookie } });
  expect(approval.status).toBe(200);
  const approvalPage = await approval.text();
  const request = /name="request" value="([^"]+)"/.exec(approvalPage)?.[1] ?? '';
  const approved = await fetch(`${sim.url}/ords/myapi/oauth/approve`, {
    ...manual,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ request, decision: 'approve' }),
  });
  expect(approved.status).toBe(302);
  return { location: new URL(approved.headers.get('location') ?? ''), cookie, approvalPage };
}

function tokenRequest(
  sim: Simulator,
  form: Record<string, string>,
  client: { id: string; secret: string } = DEMO.web,
) {
  return fetch(`${sim.url}/ords/myapi/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: basic(client.id, client.secret),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form),
  });
}

const hello = (sim: Simulator, headers: Record<string, string>) =>
  fetch(`${sim.url}/ords/myapi/myapi/hello`, { headers });

describe('ORDS three-legged OAuth in the simulator', () => {
  let sim: Simulator;
  const clock = new ManualClock();
  beforeAll(async () => {
    sim = await startSim(loadDefaultSimConfig(), clock);
  });
  afterAll(() => sim.close());

  test('authorization code: sign in, approve, exchange once, call the module', async () => {
    const { location, approvalPage } = await signInAndApprove(sim, DEMO.web.id, 'code');
    expect(approvalPage).toContain('myapi_web');
    expect(approvalPage).toContain('MYAPI_PRIV');
    expect(`${location.origin}${location.pathname}`).toBe(DEMO.webRedirect);
    expect(location.searchParams.get('state')).toBe('st-123');
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const res = await tokenRequest(sim, { grant_type: 'authorization_code', code });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_token']);
    expect((await hello(sim, { Authorization: `Bearer ${String(body.access_token)}` })).status).toBe(200);

    // Single use: the same code a second time is refused.
    const again = await tokenRequest(sim, { grant_type: 'authorization_code', code });
    expect(again.status).toBe(400);
  });

  test('refresh rotates: a new pair, and the old refresh token is refused', async () => {
    const { location } = await signInAndApprove(sim, DEMO.web.id, 'code');
    const first = (await (
      await tokenRequest(sim, {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code') ?? '',
      })
    ).json()) as { access_token: string; refresh_token: string };
    const refreshed = await tokenRequest(sim, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await hello(sim, { Authorization: `Bearer ${second.access_token}` })).status).toBe(200);
    const old = await tokenRequest(sim, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(old.status).toBe(400);
  });

  test('a code is bound to its client and dies after its duration', async () => {
    const { location } = await signInAndApprove(sim, DEMO.web.id, 'code');
    const code = location.searchParams.get('code') ?? '';
    clock.advance(61);
    expect((await tokenRequest(sim, { grant_type: 'authorization_code', code })).status).toBe(400);
    // A client-credentials client may not redeem codes at all.
    const other = await requestToken(sim, DEMO.myapi, 'grant_type=authorization_code&code=x');
    expect(other.status).toBe(400);
  });

  test('implicit: the token arrives in the fragment, with no refresh token', async () => {
    const { location } = await signInAndApprove(sim, DEMO.spa.id, 'token', 'imp-9');
    expect(location.search).toBe('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('bearer');
    expect(fragment.get('expires_in')).toBe('3600');
    expect(fragment.get('state')).toBe('imp-9');
    expect(fragment.has('refresh_token')).toBe(false);
    expect((await hello(sim, { Authorization: `Bearer ${fragment.get('access_token') ?? ''}` })).status).toBe(
      200,
    );
  });

  test('an unknown client gets an error page, never a redirect', async () => {
    const unknown = await fetch(
      `${sim.url}/ords/myapi/oauth/auth?response_type=code&client_id=nobody`,
      manual,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
  });

  test('the sign-in cookie is a first-party session that protected resources accept', async () => {
    expect((await hello(sim, {})).status).toBe(401);
    const bad = await fetch(`${sim.url}/ords/myapi/sign-in/`, {
      ...manual,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: DEMO.user.name, password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    const { cookie } = await signInAndApprove(sim, DEMO.web.id, 'code');
    expect((await hello(sim, { Cookie: cookie })).status).toBe(200);
    expect((await hello(sim, { Cookie: 'ORDS_SESSION=forged' })).status).toBe(401);
  });

  test('a token of one alias is refused by another, in both directions', async () => {
    const myapi = await tokenFor(sim, DEMO.myapi);
    const hrRes = await fetch(`${sim.url}/ords/hr/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(DEMO.hr.id, DEMO.hr.secret),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(hrRes.status).toBe(200);
    const hr = ((await hrRes.json()) as { access_token: string }).access_token;
    const summary = (token: string) =>
      fetch(`${sim.url}/ords/hr/employees/summary`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await summary(hr)).status).toBe(200);
    expect((await summary(myapi)).status).toBe(401);
    expect((await hello(sim, { Authorization: `Bearer ${hr}` })).status).toBe(401);
    // A client of one alias cannot buy tokens at another's endpoint.
    expect((await requestToken(sim, DEMO.hr)).status).toBe(401);
  });

  test('the request log names grant type and client, never a secret, code or token', () => {
    const tokenLines = sim.requests.filter((r) => r.kind === 'token' && r.status === 200);
    expect(
      tokenLines.some(
        (r) => r.note?.startsWith('grant_type=authorization_code') && r.principal === 'qa_user via myapi_web',
      ),
    ).toBe(true);
    expect(tokenLines.some((r) => r.note?.startsWith('grant_type=refresh_token'))).toBe(true);
    expect(
      tokenLines.some(
        (r) => r.note?.startsWith('grant_type=client_credentials') && r.principal === 'myapi_client',
      ),
    ).toBe(true);
    const log = JSON.stringify(sim.requests);
    for (const secret of [...sim.issuedTokens(), DEMO.web.secret, DEMO.user.password])
      expect(log).not.toContain(secret);
  });
});
