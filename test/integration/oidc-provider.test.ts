/**
 * The runner's authorization code, PKCE and refresh flows against a real OpenID
 * provider nobody on the team wrote: oidc-provider (npm) with its development
 * interactions (a login form and a consent form) on 127.0.0.1:0. Its userinfo
 * endpoint is the protected resource: it answers 401 to an expired token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { runCollection } from '../../src/api.js';
import type { RunResult, StepResult } from '../../src/model/result.js';
import { writeCollection } from '../helpers/collections.js';

const SECRET = 'oidc-test-client-secret-0123456789abcdef';
const REDIRECT = 'http://127.0.0.1:8080/callback';
const PASSWORD = 'any-password-the-dev-login-accepts';

let server: Server;
let issuer: string;
const tokenRequests: URLSearchParams[] = [];

const quiet = { warn: console.warn, info: console.info };
beforeAll(async () => {
  // oidc-provider's start-up notices about its development defaults, which these tests use on purpose.
  console.warn = () => undefined;
  console.info = () => undefined;
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'gatecheck-web',
        client_secret: SECRET,
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true }, // every code flow here must prove PKCE
    issueRefreshToken: () => Promise.resolve(true),
    rotateRefreshToken: true,
    ttl: { AccessToken: 2 }, // expires_in 2: the runner renews before the next call
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: unknown, id: string) =>
      Promise.resolve({ accountId: id, claims: () => Promise.resolve({ sub: id }) }),
  });
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && req.url === '/token') {
      // A copy of each token request's form, to see which grant the runner used.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => tokenRequests.push(new URLSearchParams(Buffer.concat(chunks).toString())));
    }
    callback(req, res);
  });
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      Object.assign(console, quiet);
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);

const profile = (extra: string) => `
auth:
  web:
    type: oauth2
    grant: authorization_code
    authUrl: '${issuer}/auth'
    tokenUrl: '${issuer}/token'
    clientId: gatecheck-web
    clientSecret: '${SECRET}'
    redirectUri: '${REDIRECT}'
    scope: openid
    login: { username: qa_user, password: '${PASSWORD}' }
${extra}`;

const run = (yaml: string): Promise<RunResult> => runCollection(writeCollection(`name: oidc\n${yaml}`));
const steps = (r: RunResult): StepResult[] => r.scenarios.flatMap((s) => s.steps);

describe('authorization code against oidc-provider', () => {
  test('signs in, consents, exchanges the code with PKCE, and renews with the refresh token', async () => {
    tokenRequests.length = 0;
    const result = await run(
      `${profile('    pkce: true')}
scenarios:
  - name: userinfo before and after the access token expires
    auth: web
    steps:
      - request: { url: '${issuer}/me' }
        expect: { status: 200, json: { $.sub: qa_user } }
      - wait: 2500ms
      - request: { url: '${issuer}/me' }
        expect: { status: 200, json: { $.sub: qa_user } }
`,
    );
    const [first, , second] = steps(result);
    expect(first?.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.outcome).toBe('passed');
    expect(first?.tokenEvents).toEqual([expect.objectContaining({ kind: 'fetched', profile: 'web' })]);
    // The second call renewed with grant_type=refresh_token, not a new sign-in.
    expect(second?.tokenEvents).toEqual([
      expect.objectContaining({ kind: 'refreshed', reason: 'expiring', via: 'refresh_token' }),
    ]);
    const grants = tokenRequests.map((f) => f.get('grant_type'));
    expect(grants).toEqual(['authorization_code', 'refresh_token']);
    expect(tokenRequests[0]?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The sign-in hops are in the step's record: login and consent forms, then the code exchange.
    const hops = first?.exchanges.filter((e) => e.kind === 'token') ?? [];
    expect(hops.some((e) => e.method === 'POST' && e.url.includes('/interaction/'))).toBe(true);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  }, 60_000);

  test('without PKCE the provider refuses, and the step errors with its reason', async () => {
    const result = await run(
      `${profile('')}
scenarios:
  - { name: no pkce, auth: web, request: { url: '${issuer}/me' }, expect: { status: 200 } }
`,
    );
    const [step] = steps(result);
    expect(step?.outcome).toBe('error');
    expect(step?.error?.message).toMatch(/authorize: invalid_request.*code_challenge|PKCE/i);
  }, 60_000);

  test("a wrong client secret fails the code exchange with the server's invalid_client", async () => {
    const result = await run(
      `${profile('    pkce: true').replace(SECRET, 'not-the-secret-of-this-client')}
scenarios:
  - { name: bad secret, auth: web, request: { url: '${issuer}/me' }, expect: { status: 200 } }
`,
    );
    const [step] = steps(result);
    expect(step?.outcome).toBe('error');
    expect(step?.error?.message).toContain('invalid_client');
  }, 60_000);
});
