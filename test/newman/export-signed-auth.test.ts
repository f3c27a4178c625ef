/**
 * digest and oauth1 profiles exported to Postman auth blocks: newman signs them
 * itself (postman-runtime's authorizers) and the postman-echo stand-in verifies
 * them, with the same per-request verdicts as `gatecheck run` on the YAML.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCollection } from '../../src/load/collection.js';
import { exportPostman } from '../../src/postman/export.js';
import { runCli } from '../helpers/cli.js';
import { newmanVerdicts } from '../helpers/newman.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-export-signed-'));
let echo: EchoServer;
beforeAll(async () => {
  echo = await startPostmanEcho();
});
afterAll(() => echo.close());

const yaml = (url: string) => `
name: signed export
baseUrl: ${url}
auth:
  d: { type: digest, username: postman, password: "{{DIGEST_PASSWORD}}" }
  d-sha: { type: digest, username: postman, password: "{{DIGEST_PASSWORD}}", algorithm: SHA-256 }
  o: { type: oauth1, consumerKey: RKCGzna7bv9YD57c, consumerSecret: "{{CONSUMER_SECRET}}", signatureMethod: HMAC-SHA256 }
  o-query: { type: oauth1, consumerKey: RKCGzna7bv9YD57c, consumerSecret: "{{CONSUMER_SECRET}}", in: query }
  o-wrong: { type: oauth1, consumerKey: RKCGzna7bv9YD57c, consumerSecret: "{{WRONG_SECRET}}" }
scenarios:
  - { name: digest, auth: d, request: { method: GET, url: /digest-auth }, expect: { status: 200, json: { $.authenticated: true } } }
  - { name: digest sha-256, auth: d-sha, request: { method: GET, url: /digest-auth }, expect: { status: 200 } }
  - { name: oauth1 header, auth: o, request: { method: GET, url: "/oauth1?a=1" }, expect: { status: 200, json: { $.status: pass } } }
  - { name: oauth1 query, auth: o-query, request: { method: POST, url: /oauth1, form: { q: "a b" } }, expect: { status: 200 } }
  - { name: oauth1 refused, auth: o-wrong, request: { method: GET, url: /oauth1 }, expect: { status: 200 } }
`;

const VARS = {
  DIGEST_PASSWORD: 'password',
  CONSUMER_SECRET: 'D+EdQ-gs$-%@2Nu7',
  WRONG_SECRET: 'not-the-secret',
};

test('newman signs the exported blocks and agrees with gatecheck, request by request', async () => {
  const file = join(dir, 'signed.yaml');
  writeFileSync(file, yaml(echo.url));
  const { collection, source } = parseCollection(file, readFileSync(file, 'utf8'));
  const exported = exportPostman(collection, source, undefined, {}).collection;
  const environment = {
    name: 'vars',
    values: Object.entries(VARS).map(([key, value]) => ({ key, value, type: 'secret', enabled: true })),
  };
  const newman = (await newmanVerdicts(exported, { environment })).map((v) => v.passed);

  const json = join(dir, 'report.json');
  const vars = Object.entries(VARS).flatMap(([k, v]) => ['--var', `${k}=${v}`]);
  await runCli(['run', file, ...vars, '-r', 'json', '--reporter-json-export', json]);
  const report = JSON.parse(readFileSync(json, 'utf8')) as {
    runs: { scenarios: { steps: { outcome: string }[] }[] }[];
  };
  const gatecheck = report.runs[0]!.scenarios.flatMap((s) => s.steps.map((x) => x.outcome === 'passed'));

  expect(newman).toEqual([true, true, true, true, false]);
  expect(gatecheck).toEqual(newman);
}, 120_000);
