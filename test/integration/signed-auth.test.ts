/**
 * The digest and oauth1 profiles from the command line, against the postman-echo
 * stand-in, whose /digest-auth and /oauth1 verify signatures with code of their own
 * (test/helpers/postman-echo-auth.ts): the challenge retry in the report, the nonce
 * reused, every signature method and placement accepted, a wrong secret refused
 * after one retry, secrets and what derives from them masked in every output, and
 * bad profiles refused at load time with file:line:col.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-signed-auth-'));
let echo: EchoServer;

beforeAll(async () => {
  echo = await startPostmanEcho();
});
afterAll(() => echo.close());

const SECRETS = {
  DIGEST_PASSWORD: 'password',
  CONSUMER_SECRET: 'D+EdQ-gs$-%@2Nu7',
  TOKEN_SECRET: 'tok-secret-77',
  ACCESS_TOKEN: 'access-token-88',
};

const COLLECTION = `
name: signed auth
baseUrl: "{{echo}}"
auth:
  digest-user: { type: digest, username: postman, password: "{{DIGEST_PASSWORD}}" }
  digest-sha: { type: digest, username: postman, password: "{{DIGEST_PASSWORD}}", algorithm: SHA-256 }
  digest-wrong: { type: digest, username: postman, password: wrong-password }
  oauth-header: { type: oauth1, consumerKey: RKCGzna7bv9YD57c, consumerSecret: "{{CONSUMER_SECRET}}" }
  oauth-sha256-query:
    type: oauth1
    consumerKey: RKCGzna7bv9YD57c
    consumerSecret: "{{CONSUMER_SECRET}}"
    signatureMethod: HMAC-SHA256
    in: query
  oauth-plaintext:
    type: oauth1
    consumerKey: RKCGzna7bv9YD57c
    consumerSecret: "{{CONSUMER_SECRET}}"
    signatureMethod: PLAINTEXT
    token: "{{ACCESS_TOKEN}}"
  oauth-sha512-form: { type: oauth1, consumerKey: RKCGzna7bv9YD57c, consumerSecret: "{{CONSUMER_SECRET}}", signatureMethod: HMAC-SHA512, in: query }
  oauth-wrong: { type: oauth1, consumerKey: RKCGzna7bv9YD57c, consumerSecret: "{{TOKEN_SECRET}}", tokenSecret: "{{TOKEN_SECRET}}" }
scenarios:
  - name: digest
    auth: digest-user
    steps:
      - request: { method: GET, url: /digest-auth }
        expect: { status: 200, json: { $.authenticated: true }, retried: true }
      - request: { method: GET, url: "/digest-auth?again=1" }
        expect: { status: 200, retried: false }
  - name: digest sha-256
    auth: digest-sha
    request: { method: GET, url: /digest-auth }
    expect: { status: 200 }
  - name: digest refused
    auth: digest-wrong
    request: { method: GET, url: /digest-auth }
    expect: { status: 200 }
  - name: digest deny probe
    request: { method: GET, url: /digest-auth }
    expect: { status: 401 }
    secured: true
    deny: [digest-user, digest-wrong]
  - name: oauth1 header
    auth: oauth-header
    request: { method: GET, url: "/oauth1?a=b%20c&d=1" }
    expect: { status: 200, json: { $.status: pass } }
  - name: oauth1 query
    auth: oauth-sha256-query
    request: { method: GET, url: "/oauth1?x=1" }
    expect: { status: 200, json: { $.status: pass } }
  - name: oauth1 plaintext
    auth: oauth-plaintext
    request: { method: GET, url: /oauth1 }
    expect: { status: 200 }
  - name: oauth1 form body
    auth: oauth-sha512-form
    request: { method: POST, url: /oauth1, form: { q: "a b", r: "~!*" } }
    expect: { status: 200 }
  - name: oauth1 wrong secret
    auth: oauth-wrong
    request: { method: GET, url: /oauth1 }
    expect: { status: 200 }
`;

interface Exchange {
  kind: string;
  status?: number;
}
interface Step {
  name: string;
  probes?: { caller: string; passed: boolean }[];
  outcome: string;
  retried: boolean;
  exchanges: Exchange[];
}

describe('digest and oauth1 profiles against the postman-echo stand-in', () => {
  let stdout = '';
  let stderr = '';
  let code: number | null = null;
  let report = '';
  let steps: Record<string, Step[]> = {};

  beforeAll(async () => {
    const file = join(dir, 'signed.yaml');
    writeFileSync(file, COLLECTION);
    const json = join(dir, 'report.json');
    const junit = join(dir, 'report.xml');
    const vars = Object.entries({ ...SECRETS, echo: echo.url }).flatMap(([k, v]) => ['--var', `${k}=${v}`]);
    const r = await runCli([
      'run',
      file,
      ...vars,
      '--verbose',
      '-r',
      'cli,json,junit',
      '--reporter-json-export',
      json,
      '--reporter-junit-export',
      junit,
    ]);
    ({ stdout, stderr, code } = r);
    report = readFileSync(json, 'utf8') + readFileSync(junit, 'utf8');
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as {
      runs: { scenarios: { name: string; steps: Step[] }[] }[];
    };
    steps = Object.fromEntries(parsed.runs[0]!.scenarios.map((s) => [s.name, s.steps]));
  }, 120_000);

  test('every signature the stand-in can verify passes; the wrong secrets fail (exit 1)', () => {
    const outcomes = Object.fromEntries(Object.entries(steps).map(([n, s]) => [n, s.map((x) => x.outcome)]));
    expect(outcomes).toEqual({
      digest: ['passed', 'passed'],
      'digest sha-256': ['passed'],
      'digest refused': ['failed'],
      'digest deny probe': ['failed'],
      'oauth1 header': ['passed'],
      'oauth1 query': ['passed'],
      'oauth1 plaintext': ['passed'],
      'oauth1 form body': ['passed'],
      'oauth1 wrong secret': ['failed'],
    });
    expect(code).toBe(1);
  });

  test('digest: 401, then a signed retry recorded as such; the next request signed up front', () => {
    const [first, second] = steps.digest!;
    expect(first!.exchanges.map((e) => [e.kind, e.status])).toEqual([
      ['request', 401],
      ['retry', 200],
    ]);
    expect(first!.retried).toBe(true);
    expect(second!.exchanges.map((e) => [e.kind, e.status])).toEqual([['request', 200]]);
    expect(stdout).toMatch(/nc=00000002/);
    expect(stdout).toMatch(/401 → retried → 200/);
  });

  test('a refused digest is retried once, never more', () => {
    const [step] = steps['digest refused']!;
    expect(step!.exchanges.map((e) => [e.kind, e.status])).toEqual([
      ['request', 401],
      ['retry', 401],
    ]);
  });

  test('a deny probe as a digest caller answers the challenge: a user who gets in fails it', () => {
    const [step] = steps['digest deny probe']!;
    const probes = Object.fromEntries((step!.probes ?? []).map((p) => [p.caller, p.passed]));
    expect(probes).toMatchObject({ 'digest-user': false, 'digest-wrong': true });
  });

  test('passwords, secrets, tokens, digest responses and signatures appear in no output', () => {
    const all = stdout + stderr + report;
    expect(all).toMatch(/Digest username="postman"/);
    expect(all).toMatch(/response="\*+"/);
    expect(all).toMatch(/oauth_signature="\*+"/);
    // postman-echo's password is the word "password", which the output's own words contain (masked or not).
    for (const v of Object.values(SECRETS).filter((x) => x !== SECRETS.DIGEST_PASSWORD)) {
      expect(all).not.toContain(v);
      expect(all).not.toContain(encodeURIComponent(v));
    }
    expect(all).not.toMatch(/response="[0-9a-f]{32,}"/);
    expect(all).not.toMatch(/oauth_signature=("|)[A-Za-z0-9%]{10,}/);
  });
});

describe('a server whose challenge cannot be answered, a key that cannot sign: step errors, no crash', () => {
  test('an unknown digest algorithm, a challenge without a nonce, a bad RSA key', async () => {
    const server = createServer((req, res) => {
      const challenge =
        req.url === '/sha1'
          ? 'Digest realm="r", nonce="n1", algorithm=SHA-1'
          : req.url === '/garbage'
            ? 'Digest garbage'
            : 'Basic realm="r"';
      res.writeHead(401, { 'www-authenticate': challenge });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const file = join(dir, 'hostile.yaml');
      writeFileSync(
        file,
        [
          'name: hostile',
          `baseUrl: http://127.0.0.1:${port}`,
          'auth:',
          '  d: { type: digest, username: u, password: "{{PW}}" }',
          '  rsa: { type: oauth1, consumerKey: k, signatureMethod: RSA-SHA256, privateKey: "{{KEY}}" }',
          'scenarios:',
          '  - { name: sha1, auth: d, request: { method: GET, url: /sha1 }, expect: { status: 200 } }',
          '  - { name: garbage, auth: d, request: { method: GET, url: /garbage }, expect: { status: 200 } }',
          '  - { name: rsa, auth: rsa, request: { method: GET, url: /x }, expect: { status: 200 } }',
        ].join('\n'),
      );
      const json = join(dir, 'hostile.json');
      const key = 'not-a-pem-key-but-a-secret';
      const r = await runCli([
        'run',
        file,
        '--var',
        'PW=pw-secret-1',
        '--var',
        `KEY=${key}`,
        '-r',
        'json',
        '--reporter-json-export',
        json,
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const report = readFileSync(json, 'utf8');
      const scenarios = (
        JSON.parse(report) as {
          runs: {
            scenarios: { steps: { outcome: string; error?: { code: string; message: string } }[] }[];
          }[];
        }
      ).runs[0]!.scenarios;
      const [sha1, garbage, rsa] = scenarios.map((sc) => sc.steps[0]!);
      expect(sha1).toMatchObject({
        outcome: 'error',
        error: { code: 'E_DIGEST', message: 'unsupported digest algorithm SHA-1' },
      });
      // No usable challenge: the 401 is the step's result, a failed check.
      expect(garbage!.outcome).toBe('failed');
      expect(rsa).toMatchObject({ outcome: 'error', error: { code: 'E_OAUTH1' } });
      expect(report + r.stdout + r.stderr).not.toContain(key);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

describe('bad digest and oauth1 profiles are input errors at load time', () => {
  test.each([
    ['an unknown digest algorithm', 'a: { type: digest, username: u, password: p, algorithm: SHA-1 }', /:6:/],
    ['an oauth1 profile without a consumer secret', 'a: { type: oauth1, consumerKey: k }', /:6:/],
    [
      'an RSA method without a private key',
      'a: { type: oauth1, consumerKey: k, consumerSecret: s, signatureMethod: RSA-SHA256 }',
      /:6:/,
    ],
    ['an unknown placement', 'a: { type: oauth1, consumerKey: k, consumerSecret: s, in: body }', /:6:/],
  ])('%s', async (_name, profile, position) => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `name: bad\nbaseUrl: http://127.0.0.1:9\nscenarios:\n  - { name: s, auth: a, request: { method: GET, url: / } }\nauth:\n  ${profile}\n`,
    );
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(position);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
