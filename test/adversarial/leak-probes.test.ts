/**
 * Leak probes: one run that puts secrets where they used to escape — a session
 * token captured from a login (served \u-escaped), a capture marked secret, a
 * process secret reached through another variable, a Basic password that is a
 * common word — then searches every output channel (stdout with --verbose,
 * stderr, the JSON, JUnit and HTML reports, a Postman export and its
 * environment) for every promised form of every secret.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStringPromise } from 'xml2js';
import { derivedForms, MIN_SECRET_LENGTH } from '../../src/mask/secrets.js';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';
import { startHostileServer, type HostileServer } from './hostile-server.js';

let server: HostileServer;
beforeAll(async () => (server = await startHostileServer()));
afterAll(() => server.close());

const DEPLOY_TOKEN = 'dep-Tok-9f8e7d6c5b/+=';
const SESSION = 'sess-äö-1234abcd';
const OPAQUE = 'opq-87654321';

test('no form of any secret reaches any output channel; reports stay well-formed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-leaks-'));
  const at = (n: string) => join(dir, n);
  writeFileSync(
    at('c.yaml'),
    `name: leaks
baseUrl: '${server.url}'
variables:
  authHeader: 'Bearer {{DEPLOY_TOKEN}}'
auth:
  basic: { type: basic, username: user, password: '{{apiPassword}}' }
scenarios:
  - name: login
    steps:
      - request: { url: /login }
        capture: { sessionToken: $.sessionToken, opaque: { path: $.opaque, secret: true } }
        expect: { status: 200 }
      - request:
          url: /echo
          headers: { authorization: '{{authHeader}}', x-opaque: '{{opaque}}' }
        expect: { status: 201 }
  - name: basic
    auth: basic
    request: { url: /echo }
    expect: { json: { $.authorization: nope } }
`,
  );
  writeFileSync(
    at('env.yaml'),
    `name: test\nvariables: { apiPassword: pass, pin: '12' }\nsecrets: [apiPassword, pin]\n`,
  );
  const run = await runCli(
    [
      'run',
      at('c.yaml'),
      '-e',
      at('env.yaml'),
      '--verbose',
      '-r',
      'cli,json,junit,html',
      '--reporter-json-export',
      at('r.json'),
      '--reporter-junit-export',
      at('r.xml'),
      '--reporter-html-export',
      at('r.html'),
    ],
    { env: { DEPLOY_TOKEN } },
  );
  expect(run.code).toBe(1);
  const exported = await runCli(
    [
      'export',
      at('c.yaml'),
      '-e',
      at('env.yaml'),
      '-o',
      at('out.postman.json'),
      '--environment-out',
      at('out.env.json'),
    ],
    { env: { DEPLOY_TOKEN } },
  );
  expect(exported.code).toBe(0);

  // The too-short secret is named once, its value never shown.
  expect(run.stderr.match(/\{\{pin\}\} is too short to mask/g)).toHaveLength(1);

  const channels: Record<string, string> = {
    stdout: run.stdout,
    stderr: run.stderr,
    json: readFileSync(at('r.json'), 'utf8'),
    junit: readFileSync(at('r.xml'), 'utf8'),
    html: readFileSync(at('r.html'), 'utf8'),
    'export stdout+stderr': exported.stdout + exported.stderr,
    'postman collection': readFileSync(at('out.postman.json'), 'utf8'),
    'postman environment': readFileSync(at('out.env.json'), 'utf8'),
  };
  const forms = [
    ...[DEPLOY_TOKEN, SESSION, OPAQUE].flatMap(derivedForms),
    ...derivedForms('user:pass').filter((f) => f !== 'user:pass'),
    JSON.stringify(SESSION)
      .slice(1, -1)
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ].filter((f) => f.length >= MIN_SECRET_LENGTH);
  const leaks = Object.entries(channels).flatMap(([channel, text]) =>
    forms.filter((f) => text.includes(f)).map((f) => `${channel}: ${f}`),
  );
  expect(leaks).toEqual([]);
  // The masking did happen where the values were (not a run that never saw them).
  expect(channels.stdout).toContain('Bearer *****');
  expect(channels.json).toContain('*****');

  // "pass" is a secret: the reports still parse and keep their own words.
  const report = JSON.parse(channels.json!) as Report;
  expect(report.outcome).toBe('failed');
  expect(report.runs[0]!.scenarios.map((s) => s.outcome)).toEqual(['failed', 'failed']);
  await parseStringPromise(channels.junit!, { strict: true });
  expect(channels.junit).toContain('<testsuites');
  expect(channels.html).toContain('class="scenario failed"');
});
