/**
 * Import: the formats it reads, the labels and warnings it gives, and the
 * translator's soundness — a script becomes `expect` only when exactly equivalent.
 */
import { parseCollection } from '../../src/load/collection.js';
import { importPostman, isPostmanCollection, normalizePostman } from '../../src/postman/import.js';
import { translateExactly } from '../../src/postman/import-tests.js';
import type { PmCollection } from '../../src/postman/types.js';

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

describe('formats', () => {
  test('a v1 collection is read through postman-collection-transformer, requests in order', () => {
    const v1 = {
      id: 'c1',
      name: 'v1 sample',
      order: ['r2', 'r1'],
      folders: [],
      requests: [
        { id: 'r1', name: 'second', method: 'GET', url: 'https://example.test/b', headers: '', tests: '' },
        {
          id: 'r2',
          name: 'first',
          method: 'POST',
          url: 'https://example.test/a',
          headers: 'Content-Type: text/plain\n',
          dataMode: 'raw',
          rawModeData: 'hello',
          tests: "tests['ok'] = responseCode.code === 200;",
        },
      ],
    };
    expect(isPostmanCollection(v1)).toBe(true);
    const pm = normalizePostman(v1, 'v1.json');
    const { collection } = parseCollection('v1.yaml', importPostman(pm, 'v1.json').yaml);
    expect(collection.name).toBe('v1 sample');
    const steps = collection.scenarios.flatMap((s) => s.steps);
    expect(steps.map((s) => s.name)).toEqual(['first', 'second']);
    expect(steps[0]).toMatchObject({
      request: { method: 'POST', body: 'hello', headers: { 'Content-Type': 'text/plain' } },
      expect: { status: 200 },
      checkNames: { status: 'ok' },
    });
  });

  test('a v2 collection without info is named after its file', () => {
    const data = { item: [{ name: 'ping', request: { method: 'GET', url: 'https://example.test/' } }] };
    expect(isPostmanCollection(data)).toBe(true);
    const pm = normalizePostman(data, 'dir/my-api.postman_collection.json');
    expect(pm.info).toEqual({ name: 'my-api', schema: SCHEMA });
    expect(parseCollection('x.yaml', importPostman(pm, 'x.json').yaml).collection.mode).toBe('postman');
  });

  test('a stored-token OAuth2 block is labelled as such, with one warning per collection', () => {
    const oauth2 = {
      type: 'oauth2',
      oauth2: [
        { key: 'accessToken', value: '{{stored}}' },
        { key: 'grant_type', value: 'authorization_code' },
      ],
    };
    const pm = {
      info: { name: 'many', schema: SCHEMA },
      item: Array.from({ length: 50 }, (_, i) => ({
        name: `r${i}`,
        request: { method: 'GET', url: 'https://example.test/', auth: oauth2 },
      })),
    } as unknown as PmCollection;
    const result = importPostman(pm, 'many.json');
    expect(result.warnings).toEqual([
      'many.json: OAuth2 authorization_code auth sends the access token stored in the collection (as newman does); gatecheck fetches tokens only for client_credentials blocks with accessTokenUrl and clientId',
    ]);
    const { collection } = parseCollection('many.yaml', result.yaml);
    expect(collection.auth).toEqual({ 'oauth2-stored-token': { type: 'bearer', token: '{{stored}}' } });
  });
});

describe('the translator translates only what is exactly equivalent', () => {
  test.each([
    ['pm.test("Status code is 200", function () { pm.response.to.have.status(200); });', { status: 200 }],
    ['pm.response.to.be.ok;', { status: 200 }],
    ['pm.response.to.be.success;', { status: '2xx' }],
    [
      'tests["Status code " + responseCode.code] = responseCode.code === 200 || responseCode.code === 201;',
      { status: [200, 201] },
    ],
    ['tests["has it"] = responseBody.has("hello");', { body: { contains: 'hello' } }],
    [
      'pm.test("t", function () { pm.expect(pm.response.headers.get("Content-Type")).to.include("json"); });',
      { headers: { 'Content-Type': { contains: 'json' } } },
    ],
    [
      'var jsonData = pm.response.json();\npm.test("p", function () { pm.expect(jsonData.a).to.have.property("b"); });',
      { json: { '$.a.b': { exists: true } } },
    ],
    [
      'var jsonData = pm.response.json();\npm.test("n", function () { pm.expect(jsonData.a).to.be.null; });',
      { json: { '$.a': null } },
    ],
    [
      'var jsonData = pm.response.json();\npm.test("e", function () { pm.expect(jsonData.a).to.be.empty; });',
      { json: { '$.a': { oneOf: ['', [], {}] } } },
    ],
    [
      'var jsonData = pm.response.json();\npm.test("ne", function () { pm.expect(jsonData.a).not.to.eql(2); });',
      { json: { '$.a': { notEquals: 2 } } },
    ],
    [
      'var j = pm.response.json();\npm.expect(j.n).to.be.at.least(3);\npm.expect(j.items).to.be.an("array");\npm.expect(j.s).to.be.oneOf(["a", "b"]);',
      { json: { '$.n': { gte: 3 }, '$.items': { type: 'array' }, '$.s': { oneOf: ['a', 'b'] } } },
    ],
    ['var j = pm.response.json();\npm.expect(j.a).to.eql("x.not.y");', { json: { '$.a': 'x.not.y' } }],
    [
      'var j = pm.response.json();\npm.expect(j.a).to.eql({ gt: 1 });',
      { json: { '$.a': { equals: { gt: 1 } } } },
    ],
  ])('%s', (script, expected) => {
    expect(translateExactly(script)?.expect).toEqual(expected);
  });

  test.each([
    [
      'a conditional never becomes an unconditional check',
      'if (pm.request.method !== "HEAD") {\n  pm.response.to.have.status(200);\n}',
    ],
    [
      'two assertions on one path stay two checks (the script runs)',
      'var j = pm.response.json();\npm.expect(j.a).to.be.a("string");\npm.expect(j.a).to.eql("x");',
    ],
    [
      '"{{var}}" in a script string is literal in Postman',
      'pm.expect(pm.response.text()).to.include("{{name}}");',
    ],
    ['chai exist also fails on null', 'var j = pm.response.json();\npm.expect(j.a).to.exist;'],
    ['equal is === in chai', 'var j = pm.response.json();\npm.expect(j.a).to.equal({ b: 1 });'],
    ['chai has no integer type', 'var j = pm.response.json();\npm.expect(j.n).to.be.a("integer");'],
    ['chai oneOf is === on objects', 'var j = pm.response.json();\npm.expect(j.o).to.be.oneOf([{ a: 1 }]);'],
    ['a variable set runs as written', 'pm.environment.set("id", pm.response.json().id);'],
    [
      "chai's lengthOf also passes on an object with a length key",
      'var j = pm.response.json();\npm.expect(j.a).to.have.lengthOf(2);',
    ],
    ['not.include has no gatecheck matcher', 'pm.expect(pm.response.text()).to.not.include("x");'],
    [
      'a top-level pm.response.json() without a JSON check fails on a non-JSON body in Postman',
      'var j = pm.response.json();\npm.response.to.have.status(200);',
    ],
  ])('not translated: %s', (_why, script) => {
    expect(translateExactly(script)).toBeUndefined();
  });

  test('several pm.tests keep their names on the checks they become', () => {
    const out = translateExactly(
      [
        'pm.test("ok", function () {',
        '    pm.response.to.have.status(200);',
        '});',
        'pm.test("typed", function () { var j = pm.response.json(); pm.expect(j.id).to.be.a("number"); });',
      ].join('\n'),
    );
    expect(out).toEqual({
      expect: { status: 200, json: { '$.id': { type: 'number' } } },
      names: { status: 'ok', 'json $.id type': 'typed' },
    });
  });
});

describe('mode: postman in the YAML format', () => {
  test('scripts are a Postman-mode feature: elsewhere an input error at their position', () => {
    const yaml = `name: x
scenarios:
  - name: s
    steps:
      - request: { url: 'http://127.0.0.1:9/x' }
        scripts: { test: ['pm.test("t", function () {});'] }
`;
    expect(() => parseCollection('x.yaml', yaml)).toThrow(
      'x.yaml:6:9: scripts run only in a Postman-mode collection (mode: postman)',
    );
    const { collection } = parseCollection('x.yaml', `mode: postman\n${yaml}`);
    const [step] = collection.scenarios[0]!.steps;
    expect(collection.mode).toBe('postman');
    // Postman follows redirects unless a request says otherwise.
    expect(step).toMatchObject({
      request: { followRedirects: true },
      scripts: { prerequest: [], test: ['pm.test("t", function () {});'] },
    });
  });
});
