import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCollection } from '../../src/load/collection.js';
import { dataText, loadDataFile, rowText } from '../../src/plan/data.js';
import { loadEnvironmentFile } from '../../src/plan/environment.js';
import { expandInstances, selectShard, type ScenarioInstance } from '../../src/plan/instances.js';
import type { DataRow } from '../../src/plan/data.js';
import { planRun } from '../../src/plan/plan.js';
import type { Scenario } from '../../src/model/collection.js';
import type { Report } from '../../src/model/report.js';
import { parseCliVars, Variables, type VariableSources } from '../../src/plan/variables.js';
import { inputErrorsOf } from '../helpers/errors.js';

const COLLECTION = `
name: x
baseUrl: '{{baseUrl}}'
variables: { alias: fromCollection, level: collection }
auth:
  o: { type: oauth2, tokenUrl: '{{baseUrl}}/t', clientId: '{{CLIENT_ID}}', clientSecret: '{{CLIENT_SECRET}}' }
  u: { type: basic, username: '{{USER}}', password: '{{UNUSED_PASSWORD}}' }
scenarios:
  - name: chained
    auth: o
    steps:
      - request: { url: '/ords/{{alias}}/items' }
        capture: { firstId: '$.items[0].id' }
      - request: { url: '/ords/{{alias}}/items/{{firstId}}' }
        expect: { json: { $.id: '{{firstId}}' } }
  - name: other
    request: { url: /x }
`;

function plan(sources: Partial<VariableSources>, yaml = COLLECTION, grep?: string) {
  const { collection, source } = parseCollection('c.yaml', yaml);
  const variables = new Variables({ collection: collection.variables, process: {}, cli: {}, ...sources });
  return planRun(collection, source, variables, { grep });
}

const env = (variables: Record<string, string>, secrets: string[] = []) => ({
  file: 'e.yaml',
  variables,
  secrets,
});

describe('variables', () => {
  test('precedence: --var, then the environment file, then the process environment, then the collection', () => {
    const v = new Variables({
      collection: { a: 'collection', b: 'collection', c: 'collection', d: 'collection' },
      process: { a: 'process', b: 'process', c: 'process' },
      environment: env({ a: 'env', b: 'env' }),
      cli: { a: 'cli' },
    });
    expect(['a', 'b', 'c', 'd'].map((n) => v.get(n))).toEqual(['cli', 'env', 'process', 'collection']);
    expect(v.get('missing')).toBeUndefined();
  });

  test('a value may use other variables, across layers; cycles and holes are named', () => {
    const v = new Variables({
      collection: { tokenPath: '/oauth/token' },
      process: {},
      environment: env({
        baseUrl: 'http://h',
        tokenUrl: '{{baseUrl}}{{tokenPath}}',
        a: '{{b}}',
        b: '{{a}}',
        hole: '{{nowhere}}/x',
      }),
      cli: {},
    });
    expect(v.get('tokenUrl')).toBe('http://h/oauth/token');
    expect(v.problem('tokenUrl')).toBeUndefined();
    expect(v.problem('a')).toBe('variables refer to each other in a cycle: {{a}} → {{b}} → {{a}}');
    expect(v.problem('hole')).toBe('the value of {{hole}} uses {{nowhere}}, which is not set');
  });

  test('--var takes name=value and rejects anything else', () => {
    expect(parseCliVars(['a=1', 'b=x=y', 'c='])).toEqual({ a: '1', b: 'x=y', c: '' });
    expect(inputErrorsOf(() => parseCliVars(['novalue']))).toEqual([
      '--var: expected name=value, got "novalue"',
    ]);
  });
});

describe('planRun', () => {
  const complete = { cli: { baseUrl: 'http://h', CLIENT_ID: 'id', CLIENT_SECRET: 'verysecret' } };

  test('a capture of an earlier step counts as defined; unused profiles are not checked', () => {
    const p = plan(complete);
    expect(p.scenarios.map((s) => s.name)).toEqual(['chained', 'other']);
  });

  test('an unresolved reference is an error at its line and column, with a suggestion', () => {
    expect(
      inputErrorsOf(() => plan({ cli: { baseUrl: 'http://h', CLIENT_ID: 'id', CLIENT_SECRT: 's' } })),
    ).toEqual([
      'c.yaml:6:90: unresolved variable {{CLIENT_SECRET}} (did you mean "CLIENT_SECRT"?); set it in the environment file (-e), with --var, in the process environment or .env, or under variables',
    ]);
  });

  test('a cyclic variable is an error at the reference that uses it', () => {
    const yaml =
      "name: x\nvariables: { a: '{{b}}', b: '{{a}}' }\nscenarios:\n  - name: s\n    request: { url: 'http://h/{{a}}' }\n";
    expect(inputErrorsOf(() => plan({}, yaml))).toEqual([
      'c.yaml:5:21: variables refer to each other in a cycle: {{a}} → {{b}} → {{a}}',
    ]);
  });

  test('a capture used before the step that makes it is unresolved', () => {
    const yaml =
      "name: x\nscenarios:\n  - name: a\n    steps:\n      - request: { url: 'http://h/{{id}}' }\n      - request: { url: http://h }\n        capture: { id: $.id }\n";
    expect(inputErrorsOf(() => plan({}, yaml))[0]).toMatch(/^c\.yaml:5:25: unresolved variable \{\{id\}\}/);
  });

  test('--grep selects scenarios by name; a bad pattern names the flag', () => {
    expect(plan(complete, COLLECTION, '^oth').scenarios.map((s) => s.name)).toEqual(['other']);
    expect(inputErrorsOf(() => plan(complete, COLLECTION, '('))[0]).toMatch(
      /^--grep: invalid regular expression/,
    );
  });

  test('secrets: declared ones, secret-like names, profile credentials and their Basic form', () => {
    const p = plan({
      cli: { ...complete.cli, api_key: 'key-value-1' },
      environment: env({ plain: 'declared-secret' }, ['plain']),
    });
    const masked = p.secrets.mask(
      `verysecret declared-secret key-value-1 ${Buffer.from('id:verysecret').toString('base64')} ${encodeURIComponent('verysecret')}`,
    );
    expect(masked).toBe('***** ***** ***** ***** *****');
    expect(p.secrets.mask('http://h fromCollection')).toBe('http://h fromCollection');
  });
});

describe('environment files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-env-'));

  test('gatecheck YAML with secrets', () => {
    const file = join(dir, 'local.yaml');
    writeFileSync(file, 'name: local\nvariables: { a: 1, b: two }\nsecrets: [b]\n');
    expect(loadEnvironmentFile(file)).toEqual({
      file,
      name: 'local',
      variables: { a: '1', b: 'two' },
      secrets: ['b'],
    });
  });

  test('a Postman environment export, read as newman reads it: typed values, secret-typed ones masked', () => {
    const file = join(dir, 'pm.postman_environment.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'pm',
        values: [
          { key: 'host', value: 'http://h', enabled: true, type: 'default' },
          { key: 'pw', value: 'p4ss', enabled: true, type: 'secret' },
          // newman (postman-collection) ignores `enabled`; only `disabled: true` hides a value.
          { key: 'off', value: 'x', enabled: false },
          { key: 'gone', value: 'y', disabled: true },
          { key: 'n', value: 5 },
        ],
      }),
    );
    expect(loadEnvironmentFile(file)).toEqual({
      file,
      name: 'pm',
      variables: { host: 'http://h', pw: 'p4ss', off: 'x', n: '5' },
      secrets: ['pw'],
      typed: { host: 'http://h', pw: 'p4ss', off: 'x', n: 5 },
    });
  });

  test('an unknown key in an environment file is positioned', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: x\nvariable: { a: 1 }\n');
    expect(inputErrorsOf(() => loadEnvironmentFile(file))).toEqual([
      `${file}:2:1: unknown key "variable" (did you mean "variables"?)`,
    ]);
  });

  test('a missing environment file', () => {
    expect(inputErrorsOf(() => loadEnvironmentFile(join(dir, 'nope.yaml')))).toEqual([
      `${join(dir, 'nope.yaml')}: cannot read environment: no such file`,
    ]);
  });
});

describe('data rows', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatecheck-data-'));
  const write = (name: string, text: string) => {
    const file = join(dataDir, name);
    writeFileSync(file, text);
    return file;
  };

  test('a JSON data file keeps its values as written; templates read them as JSON text; CSV stays text', () => {
    const rows = loadDataFile(
      write(
        'rows.json',
        JSON.stringify([{ tags: ['x', 'y'], user: { name: 'ann' }, n: 5, s: 'text', z: null }]),
      ),
    );
    expect(rows[0]!.values).toEqual({ tags: ['x', 'y'], user: { name: 'ann' }, n: 5, s: 'text', z: null });
    expect(rows[0]!.name).toBe('row 1 (["x","y"])');
    expect(rowText(rows[0]!)).toEqual({
      tags: '["x","y"]',
      user: '{"name":"ann"}',
      n: '5',
      s: 'text',
      z: 'null',
    });
    expect(loadDataFile(write('rows.csv', 'n,s\n5,text\n'))[0]!.values).toEqual({ n: '5', s: 'text' });
  });

  test('a column named like a secret is masked whole and in each value inside it', () => {
    const data = loadDataFile(
      write(
        'secrets.json',
        JSON.stringify([{ password: { primary: 'first-secret-value', spare: ['second-secret-value'] } }]),
      ),
    );
    const { collection, source } = parseCollection(
      'c.yaml',
      'name: x\nscenarios:\n  - name: s\n    request: { url: http://127.0.0.1/ }\n',
    );
    const { secrets } = planRun(collection, source, new Variables({ collection: {}, process: {}, cli: {} }), {
      data,
    });
    expect(secrets.mask('a first-secret-value b second-secret-value c')).not.toMatch(/secret-value/);
    expect(secrets.has(dataText(data[0]!.values.password!))).toBe(true);
  });
});

describe('instances', () => {
  const scenarios = ['a', 'b', 'c'].map((name) => ({ name }) as unknown as Scenario);
  const rows = [0, 1].map((index) => ({ index, values: { n: String(index) } }) as unknown as DataRow);
  const key = (x: ScenarioInstance) =>
    `${x.order}:${x.iteration ?? '-'}:${x.row?.index ?? '-'}:${x.scenario.name}`;

  test('iteration-major, then data row, then scenario, made on demand', () => {
    const all = expandInstances(scenarios, 2, rows);
    const expected: string[] = [];
    for (const iteration of [1, 2])
      for (const row of [0, 1])
        for (const s of ['a', 'b', 'c']) expected.push(`${expected.length}:${iteration}:${row}:${s}`);
    expect([...all].map(key)).toEqual(expected);
    expect(all.length).toBe(12);
    expect(all.at(12)).toBeUndefined();
    // One iteration and no rows: neither key is present (reports leave them out).
    expect(Object.keys(expandInstances(scenarios).at(1)!)).toEqual(['scenario', 'order']);
  });

  test('shards, round-robin or by recorded timings, together are the full run exactly once', () => {
    const all = expandInstances(scenarios, 3, rows);
    const timings = {
      runs: [
        {
          scenarios: [...all].map((x, i) => ({
            name: x.scenario.name,
            iteration: x.iteration,
            row: x.row,
            durationMs: (i * 7) % 11,
          })),
        },
      ],
    } as unknown as Report;
    for (const t of [undefined, timings]) {
      const parts = [1, 2, 3, 4, 5].map((index) => [...selectShard(all, { index, count: 5 }, t)]);
      const seen = parts.flat().map((x) => x.order);
      expect(seen.sort((a, b) => a - b)).toEqual([...all].map((x) => x.order));
      // Each shard runs its part in the run's order.
      for (const part of parts)
        expect(part.map((x) => x.order)).toEqual(part.map((x) => x.order).sort((a, b) => a - b));
    }
    expect([...selectShard(all, { index: 2, count: 5 })].map((x) => x.order)).toEqual([1, 6, 11, 16]);
  });
});
