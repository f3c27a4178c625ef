/** gatecheck import, the round trip import(export(x)), and running Postman files natively (scripts in a Postman sandbox). */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCollection } from '../../src/api.js';
import { loadCollectionFile, parseCollection } from '../../src/load/collection.js';
import type { RunResult } from '../../src/model/result.js';
import { exportPostman } from '../../src/postman/export.js';
import { importPostman } from '../../src/postman/import.js';
import type { PmCollection } from '../../src/postman/types.js';
import type { Simulator } from '../../src/sim/server.js';
import { runCli } from '../helpers/cli.js';
import { DEMO } from '../helpers/demo.js';
import { startSim } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-import-'));
const FIXTURE = 'test/fixtures/postman/ords-cc.postman_collection.json';
const verdicts = (r: RunResult) =>
  r.scenarios.flatMap((s) =>
    s.steps.flatMap((st) => st.checks.map((c) => `${s.name}/${st.index}/${c.check}/${c.passed}`)),
  );

describe('gatecheck import', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  const clientVars = () => ({
    ords_host: sim.url,
    client_id: DEMO.myapi.id,
    client_secret: DEMO.myapi.secret,
  });

  test('an ORDS collection with OAuth2 client credentials and tests becomes a collection that runs', async () => {
    const out = join(dir, 'ords-cc.yaml');
    const r = await runCli(['import', FIXTURE, '-o', out]);
    expect([r.code, r.stderr]).toEqual([0, `gatecheck: imported ${FIXTURE} to ${out}\n`]);
    // Editors find the shipped schema: a path relative to the file, not an address that serves nothing.
    const ref = /\$schema=(\S+)/.exec(readFileSync(out, 'utf8'))?.[1] ?? '';
    expect(ref).not.toMatch(/^https?:/);
    expect(existsSync(join(dirname(out), ref))).toBe(true);
    const { collection } = loadCollectionFile(out);
    expect(collection.auth['oauth2-client']).toEqual({
      type: 'oauth2',
      grant: 'client_credentials',
      tokenUrl: '{{ords_host}}/ords/{{schema}}/oauth/token',
      clientId: '{{client_id}}',
      clientSecret: '{{client_secret}}',
      clientAuth: 'basic',
    });
    expect(collection.mode).toBe('postman');
    expect(collection.scenarios.map((s) => s.name)).toEqual(['Public', 'Secured']);
    const [list] = collection.scenarios[0]!.steps;
    // The test script sets a variable: it is not translated, it runs as written.
    expect(list).toMatchObject({ name: 'List items', auth: 'none', expect: {} });
    expect(list?.kind === 'request' && list.scripts.test[0]).toContain('pm.environment.set("firstId"');
    expect(collection.scenarios[1]!.steps[1]).toMatchObject({
      name: 'Secure hello',
      expect: { status: 200, json: { '$.message': 'Secure Hello World' } },
    });
    const result = await runCollection(out, { vars: clientVars() });
    expect(result.scenarios[0]!.steps[0]!.checks.map((c) => `${c.check}:${c.passed}`)).toEqual([
      'Items are listed:true',
      'JSON content:true',
      'Status code is 200:true', // legacy tests[] results arrive when the script ends, as in newman
    ]);
    expect([result.outcome, result.stats.checks.total, result.stats.tokenFetches]).toEqual(['passed', 7, 1]);
  });

  test('gatecheck runs the Postman file itself, natively, when every script translates', async () => {
    const result = await runCollection(FIXTURE, { vars: clientVars() });
    expect(result.outcome).toBe('passed');
    expect(result.scenarios[1]?.steps[1]?.tokenEvents).toEqual([
      { kind: 'fetched', profile: 'oauth2-client', status: 200 },
    ]);
  });

  test.each([
    'collections/ords-security.yaml',
    'collections/expired-token-retry.yaml',
    'test/newman/fixtures/every-check.yaml',
    'test/cli/fixtures/wrong-expectation.yaml',
  ])(
    'round trip: import(export(%s)) validates and runs to the same verdict',
    async (file) => {
      const { collection, source } = loadCollectionFile(file);
      const exported = exportPostman(collection, source);
      const imported = importPostman(
        JSON.parse(JSON.stringify(exported.collection)) as PmCollection,
        'exported.json',
      );
      expect(imported.warnings).toEqual([]);
      const back = join(dir, `roundtrip-${file.replace(/\W/g, '_')}.yaml`);
      writeFileSync(back, imported.yaml);
      expect(() => parseCollection(back, imported.yaml)).not.toThrow();
      const options = { environment: 'environments/local.yaml', vars: { baseUrl: sim.url } };
      const [original, roundTripped] = await Promise.all([
        runCollection(file, options),
        runCollection(back, options),
      ]);
      expect(verdicts(roundTripped)).toEqual(verdicts(original));
      expect(roundTripped.outcome).toBe(original.outcome);
    },
    20_000,
  );

  test('a v2.0 collection with object-style Basic auth, and a script it cannot translate kept as it is', () => {
    const v20 = {
      info: {
        name: 'legacy',
        schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json',
      },
      auth: { type: 'basic', basic: { username: '{{user}}', password: '{{pass}}' } },
      item: [
        {
          name: 'ping',
          request: { method: 'GET', url: 'http://h/ping' },
          event: [
            {
              listen: 'test',
              script: {
                exec: ['pm.response.to.have.status(200);', 'var t = Date.now(); pm.environment.set("t", t);'],
              },
            },
          ],
        },
      ],
    };
    const result = importPostman(v20 as unknown as PmCollection, 'legacy.json');
    expect(result.warnings).toEqual([]);
    const { collection } = parseCollection('legacy.yaml', result.yaml);
    expect(collection.auth['basic-user']).toEqual({
      type: 'basic',
      username: '{{user}}',
      password: '{{pass}}',
    });
    expect(collection.scenarios[0]).toMatchObject({
      steps: [
        {
          name: 'ping',
          auth: 'basic-user',
          expect: {},
          scripts: {
            prerequest: [],
            test: ['pm.response.to.have.status(200);\nvar t = Date.now(); pm.environment.set("t", t);'],
          },
        },
      ],
    });
  });
});

describe('a Postman collection with scripts gatecheck cannot translate runs them in a Postman sandbox', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  test('results arrive in gatecheck form, check by check', async () => {
    const file = join(dir, 'scripted.postman_collection.json');
    const script = [
      'var stamp = Date.now();',
      'pm.test("has items", function () { pm.expect(_.size(pm.response.json().items)).to.eql(3); });',
      'pm.test("stamp is recent", function () { pm.expect(Date.now() - stamp).to.be.below(5000); });',
    ];
    const item = (name: string, path: string) => ({
      name,
      request: { method: 'GET', url: `{{host}}${path}` },
      event: [{ listen: 'test', script: { exec: script } }],
    });
    writeFileSync(
      file,
      JSON.stringify({
        info: {
          name: 'scripted',
          schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
        },
        item: [
          item('public', '/ords/myapi/public/items'),
          item('secured', '/ords/myapi/customers/validation/1'),
        ],
      }),
    );
    const result = await runCollection(file, { vars: { host: sim.url } });
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /ords/myapi/public/items 200',
      'GET /ords/myapi/customers/validation/1 401',
    ]);
    expect(
      result.scenarios.map((s) => [
        s.name,
        s.outcome,
        s.steps[0]?.response?.status,
        s.steps[0]?.checks.map((c) => `${c.check}:${c.passed}`),
      ]),
    ).toEqual([
      ['public', 'passed', 200, ['has items:true', 'stamp is recent:true']],
      ['secured', 'failed', 401, ['has items:false', 'stamp is recent:true']],
    ]);
    expect(result.outcome).toBe('failed');
  });
});
