/**
 * A Postman collection with an OAuth2 client-credentials block, as the Postman app
 * saves it, run by `gatecheck run` against the simulator: one token fetch whether
 * its scripts translate or run in the sandbox, a refresh after a server-side
 * expiry; and on the sandbox path secrets masked in every output, the timeout
 * applied to scripts' requests, Ctrl-C writing the reports and exiting 130.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../src/sim/server.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { DEMO } from '../helpers/demo.js';
import { startFaultServer } from '../helpers/faults.js';
import { startSim } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-pm-oauth2-'));
const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** The auth block the Postman app writes for "OAuth 2.0 / Client Credentials / Send as Basic Auth header". */
const oauth2Block = (client: 'myapi' | 'expiring') => ({
  type: 'oauth2',
  oauth2: [
    { key: 'clientSecret', value: `{{${client}_secret}}`, type: 'string' },
    { key: 'clientId', value: `{{${client}_id}}`, type: 'string' },
    { key: 'accessTokenUrl', value: '{{baseUrl}}/ords/myapi/oauth/token', type: 'string' },
    { key: 'grant_type', value: 'client_credentials', type: 'string' },
    { key: 'client_authentication', value: 'header', type: 'string' },
    { key: 'tokenName', value: 'ords', type: 'string' },
    { key: 'addTokenTo', value: 'header', type: 'string' },
  ],
});

const test_ = (...exec: string[]) => [{ listen: 'test', script: { type: 'text/javascript', exec } }];
const hello = (name: string, exec: string[]) => ({
  name,
  request: { method: 'POST', url: '{{baseUrl}}/ords/myapi/myapi/hello', header: [] },
  event: test_(...exec),
});

const TRANSLATED = ['pm.test("ok", function () { pm.response.to.have.status(200); });'];
const SCRIPTED = [
  'var body = pm.response.json();',
  'pm.test("secure hello", function () { pm.expect(_.get(body, "message")).to.eql("Secure Hello World"); });',
];

interface ReportStep {
  name: string;
  outcome: string;
  retried: boolean;
  checks: { check: string; passed: boolean }[];
}

/** The steps of a JSON report's first run, in order. */
function steps(file: string): ReportStep[] {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    runs: { scenarios: { steps: ReportStep[] }[] }[];
  };
  return report.runs[0]!.scenarios.flatMap((s) => s.steps);
}

function write(name: string, collection: object): string {
  const file = join(dir, `${name}.postman_collection.json`);
  writeFileSync(file, JSON.stringify(collection));
  return file;
}

const vars = (sim: Simulator) => [
  '--var',
  `baseUrl=${sim.url}`,
  '--var',
  `myapi_id=${DEMO.myapi.id}`,
  '--var',
  `myapi_secret=${DEMO.myapi.secret}`,
  '--var',
  `expiring_id=${DEMO.expiring.id}`,
  '--var',
  `expiring_secret=${DEMO.expiring.secret}`,
];

describe('Postman OAuth2 client-credentials blocks get gatecheck token lifecycle', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSim();
  });
  afterEach(() => sim.close());
  const tokenFetches = () => sim.requests.filter((r) => r.path.endsWith('/oauth/token')).length;

  test.each([
    ['scripts that translate', TRANSLATED],
    ['scripts that run in the sandbox', SCRIPTED],
  ])('%s: passes with one token fetch for three requests', async (_label, exec) => {
    const file = write(`cc-${exec.length}`, {
      info: { name: 'ORDS via Postman OAuth2', schema: SCHEMA },
      auth: oauth2Block('myapi'),
      item: [{ name: 'folder', item: [hello('first', exec), hello('second', exec)] }, hello('third', exec)],
    });
    const r = await runCli(['run', file, ...vars(sim)]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(tokenFetches()).toBe(1);
    expect(sim.requests.filter((q) => q.path.endsWith('/hello')).map((q) => q.status)).toEqual([
      200, 200, 200,
    ]);
  });

  test('a token that dies on the server is refreshed and the request retried, in the sandbox path too', async () => {
    const file = write('expiring', {
      info: { name: 'expiring', schema: SCHEMA },
      auth: oauth2Block('expiring'),
      item: [
        hello('fresh token', SCRIPTED),
        {
          ...hello('after expiry', SCRIPTED),
          // Postman scripts can wait: the token outlives its 2 s on the server.
          event: [
            { listen: 'prerequest', script: { exec: ['setTimeout(function () {}, 2500);'] } },
            ...test_(...SCRIPTED),
          ],
        },
      ],
    });
    const report = join(dir, 'expiring.json');
    const r = await runCli(['run', file, ...vars(sim), '-r', 'json', '--reporter-json-export', report]);
    expect([r.code, r.stderr]).toEqual([0, `gatecheck: reports written: ${report}\n`]);
    expect(tokenFetches()).toBe(2);
    expect(sim.requests.filter((q) => q.path.endsWith('/hello')).map((q) => q.status)).toEqual([
      200, 401, 200,
    ]);
    expect(steps(report).map((st) => [st.name, st.retried, st.checks.map((c) => c.passed)])).toEqual([
      ['fresh token', false, [true]],
      ['after expiry', true, [true]],
    ]);
  }, 30_000);
});

describe('the sandbox path keeps gatecheck guarantees', () => {
  test('secrets are masked in every output: collection passwords, Basic passwords, tokens scripts fetch', async () => {
    const sim = await startSim();
    try {
      const file = write('secrets', {
        info: { name: 'secrets', schema: SCHEMA },
        variable: [{ key: 'api_password', value: 'hunter2-collection-password' }],
        item: [
          {
            name: 'script fetches a token',
            request: { method: 'GET', url: '{{baseUrl}}/ords/myapi/public/items?p={{api_password}}' },
            event: [
              {
                listen: 'prerequest',
                script: {
                  exec: [
                    'pm.sendRequest({ url: pm.variables.get("baseUrl") + "/ords/myapi/oauth/token", method: "POST",',
                    '  header: { Authorization: "Basic " + btoa(pm.variables.get("myapi_id") + ":" + pm.variables.get("myapi_secret")),',
                    '            "Content-Type": "application/x-www-form-urlencoded" },',
                    '  body: { mode: "raw", raw: "grant_type=client_credentials" } },',
                    '  function (err, res) { pm.environment.set("fetched", res.json().access_token); });',
                  ],
                },
              },
              ...test_(
                'pm.test("token " + pm.environment.get("fetched"), function () { pm.response.to.have.status(404); });',
              ),
            ],
          },
          {
            name: 'basic',
            request: {
              method: 'GET',
              url: '{{baseUrl}}/ords/myapi/myapi/hello',
              auth: {
                type: 'basic',
                basic: [
                  { key: 'username', value: DEMO.user.name },
                  { key: 'password', value: DEMO.user.password },
                ],
              },
            },
          },
        ],
      });
      const out = (f: string) => join(dir, `secrets.${f}`);
      const r = await runCli([
        'run',
        file,
        ...vars(sim),
        '--verbose',
        '-r',
        'cli,json,junit,html',
        '--reporter-json-export',
        out('json'),
        '--reporter-junit-export',
        out('xml'),
        '--reporter-html-export',
        out('html'),
      ]);
      expect(r.code).toBe(1); // the pm.test expects 404 on purpose: its name must show in the failure
      const outputs = [
        r.stdout,
        r.stderr,
        ...['json', 'xml', 'html'].map((f) => readFileSync(out(f), 'utf8')),
      ];
      const token = /"access_token":"([^"]+)"/.exec(JSON.stringify(sim.requests))?.[1];
      for (const text of outputs) {
        expect(text).not.toContain('hunter2-collection-password');
        expect(text).not.toContain(DEMO.myapi.secret);
        expect(text).not.toContain(DEMO.user.password);
        if (token) expect(text).not.toContain(token);
      }
      expect(steps(out('json'))[0]!.checks.map((c) => c.check)).toEqual(['token *****']);
    } finally {
      await sim.close();
    }
  });

  test('the timeout applies to requests that scripts send; Ctrl-C writes the reports and exits 130', async () => {
    const faults = await startFaultServer();
    try {
      const file = write('hangs', {
        info: { name: 'hangs', schema: SCHEMA },
        item: [
          {
            name: 'script request times out',
            request: { method: 'GET', url: `${faults.url}/ok` },
            event: [
              {
                listen: 'prerequest',
                script: {
                  exec: [
                    `pm.sendRequest("${faults.url}/never-answers", function (err) { pm.variables.set("e", String(err)); });`,
                  ],
                },
              },
              ...test_(
                'pm.test("script saw the timeout", function () { pm.expect(pm.variables.get("e")).to.include("timed out"); });',
              ),
            ],
          },
          {
            name: 'waits for Ctrl-C',
            request: { method: 'GET', url: `${faults.url}/ok` },
            event: [{ listen: 'prerequest', script: { exec: ['setTimeout(function () {}, 60000);'] } }],
          },
          { name: 'never sent', request: { method: 'GET', url: `${faults.url}/ok` } },
        ],
      });
      const report = join(dir, 'hangs.json');
      const child = spawn(
        process.execPath,
        ['--', BIN, 'run', file, '--timeout', '700', '-r', 'json', '--reporter-json-export', report],
        { cwd: ROOT },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // The second request's script is waiting once the first request has reached /ok.
      while (!faults.hits.get('/ok')) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect([code, stderr]).toEqual([130, `gatecheck: reports written: ${report}\n`]);
      expect((JSON.parse(readFileSync(report, 'utf8')) as { interrupted: boolean }).interrupted).toBe(true);
      expect(
        steps(report).map((st) => [st.name, st.outcome, st.checks.map((c) => `${c.check}:${c.passed}`)]),
      ).toEqual([
        ['script request times out', 'passed', ['script saw the timeout:true']],
        ['waits for Ctrl-C', 'failed', ['pre-request script:false']],
        ['never sent', 'skipped', []],
      ]);
    } finally {
      await faults.close();
    }
  }, 30_000);
});
