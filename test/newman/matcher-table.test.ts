/**
 * The matcher table is the one place a matcher is defined: every entry evaluates,
 * exports and says how it imports, and each direction keeps the verdict.
 *   export: a YAML step per (matcher, value) run by `gatecheck run`, exported, run by
 *           newman against the postman-echo stand-in: the same verdict per check;
 *   import: each chai assertion the table names, in a Postman collection, translated
 *           (not left as a script) and run by `gatecheck run` and newman: the same verdict.
 * Every matcher needs cases here, with a value that passes and one that fails.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCollection } from '../../src/load/collection.js';
import { MATCHER_NAMES, MATCHERS, type MatcherName, type MatcherSpec } from '../../src/model/matchers.js';
import { exportPostman } from '../../src/postman/export.js';
import { importPostman } from '../../src/postman/import.js';
import { translateExactly } from '../../src/postman/import-tests.js';
import type { PmCollection } from '../../src/postman/types.js';
import { runCli } from '../helpers/cli.js';
import { newmanVerdicts } from '../helpers/newman.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

/** A body without the value: the path finds nothing. */
const MISSING = Symbol('missing');
type Value = unknown;

interface Case {
  arg: unknown;
  pass: Value[];
  fail: Value[];
}

/** Values chosen at the edges where engines differ (an object with a length key, a string number, null). */
const CASES: Record<MatcherName, Case[]> = {
  equals: [
    { arg: { a: [1] }, pass: [{ a: [1] }], fail: [{ a: [2] }, [{ a: [1] }], MISSING] },
    { arg: 3, pass: [3], fail: ['3', 3.5] },
  ],
  notEquals: [{ arg: 1, pass: [2, '1', MISSING], fail: [1] }],
  contains: [{ arg: 'ab', pass: ['xaby', ['ab']], fail: ['xy', ['xab'], { ab: 1 }, 5, MISSING] }],
  matches: [{ arg: '^Sec', pass: ['Secure'], fail: ['Insecure', null, ['Secure'], MISSING] }],
  exists: [
    { arg: true, pass: [0, null], fail: [MISSING] },
    { arg: false, pass: [MISSING], fail: [null, ''] },
  ],
  type: [
    { arg: 'string', pass: ['x'], fail: [1, null] },
    { arg: 'integer', pass: [3], fail: [3.5, '3'] },
    { arg: 'object', pass: [{}], fail: [[], null] },
    { arg: 'array', pass: [[]], fail: [{}] },
    { arg: 'null', pass: [null], fail: [0, MISSING] },
  ],
  length: [{ arg: 2, pass: [[1, 2], 'ab'], fail: [[1], { length: 2 }, 2] }],
  minLength: [{ arg: 1, pass: ['a', [0]], fail: ['', { length: 5 }] }],
  maxLength: [{ arg: 2, pass: ['ab', []], fail: ['abc', { length: 0 }] }],
  gt: [{ arg: 1, pass: [2], fail: [1, '5', MISSING] }],
  gte: [{ arg: 1, pass: [1], fail: [0, '1'] }],
  lt: [{ arg: 1, pass: [0], fail: [1, null] }],
  lte: [{ arg: 1, pass: [1, -1], fail: [2, '0'] }],
  oneOf: [{ arg: ['A', 'B'], pass: ['B'], fail: ['C', ['A'], MISSING] }],
  schema: [{ arg: { type: 'object', required: ['id'] }, pass: [{ id: 1 }], fail: [{ name: 'x' }, [1]] }],
};

let echo: EchoServer;
const dir = mkdtempSync(join(tmpdir(), 'gatecheck-matchers-'));

beforeAll(async () => {
  echo = await startPostmanEcho();
});
afterAll(() => echo.close());

const bodyOf = (v: Value) => (v === MISSING ? {} : { v });
const label = (v: Value) => (v === MISSING ? 'missing' : JSON.stringify(v));

describe('the matcher table', () => {
  test.each(MATCHER_NAMES)('%s evaluates, exports and says how it imports', (name) => {
    const spec: MatcherSpec = MATCHERS[name];
    expect(typeof spec.evaluate).toBe('function');
    expect(spec.postman(CASES[name]![0]!.arg)).toMatch(/pm\.expect\(/);
    if (Array.isArray(spec.chai)) expect(spec.chai.length).toBeGreaterThan(0);
    else expect(spec.chai.none).toMatch(/\w{3,}/);
    expect(CASES[name]?.length).toBeGreaterThan(0);
  });
});

interface Verdict {
  name: string;
  passed: boolean;
  assertions: Record<string, boolean>;
}

async function gatecheckRun(file: string): Promise<Verdict[]> {
  const report = `${file}.report.json`;
  const r = await runCli(['run', file, '-r', 'json', '--reporter-json-export', report, '--timeout', '10000']);
  if (r.code !== 0 && r.code !== 1) throw new Error(`gatecheck exited ${r.code}: ${r.stderr}`);
  const steps: {
    name: string;
    kind: string;
    outcome: string;
    checks: { check: string; passed: boolean }[];
  }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.steps)) steps.push(...(o.steps as typeof steps).filter((s) => s.kind === 'request'));
    else Object.values(o).forEach(visit);
  };
  visit(JSON.parse(readFileSync(report, 'utf8')));
  return steps.map((s) => ({
    name: s.name,
    passed: s.outcome === 'passed',
    assertions: Object.fromEntries(s.checks.map((c) => [c.check, c.passed])),
  }));
}

describe('export: gatecheck and newman give each matcher the same verdict', () => {
  test('every case, passing and failing', async () => {
    const steps: { name: string; check: string; shouldPass: boolean }[] = [];
    const scenarios = MATCHER_NAMES.flatMap((name) =>
      CASES[name]!.flatMap((c, i) =>
        [...c.pass.map((v) => [v, true] as const), ...c.fail.map((v) => [v, false] as const)].map(
          ([v, shouldPass]) => {
            const step = `${name}#${i} ${label(v)}`;
            steps.push({ name: step, check: `json $.json.v ${name}`, shouldPass });
            const request = { method: 'POST', url: `${echo.url}/post`, json: bodyOf(v) };
            const expect = { status: 200, json: { '$.json.v': { [name]: c.arg } } };
            return { name: step, steps: [{ name: step, request, expect }] };
          },
        ),
      ),
    );
    const file = join(dir, 'export.yaml');
    const text = JSON.stringify({ name: 'matcher table', scenarios });
    writeFileSync(file, text);
    const ours = await gatecheckRun(file);
    const { collection, source } = parseCollection(file, text);
    const theirs = await newmanVerdicts(exportPostman(collection, source).collection);

    const byName = (list: Verdict[]) => new Map(list.map((v) => [v.name, v]));
    const g = byName(ours);
    const n = byName(theirs);
    const mismatches: string[] = [];
    for (const s of steps) {
      const gc = g.get(s.name)?.assertions[s.check];
      const nm = n.get(s.name)?.assertions[s.check];
      if (gc !== s.shouldPass || nm !== s.shouldPass)
        mismatches.push(`${s.name}: expected ${s.shouldPass}, gatecheck ${gc}, newman ${nm}`);
    }
    expect(mismatches).toEqual([]);
    expect(steps.length).toBeGreaterThan(2 * MATCHER_NAMES.length);
  }, 180_000);
});

/** `not.eql` -> `to.not.be.eql`: the chain as a script would write it. */
function chaiCall(chain: string, arg: unknown): string {
  const negated = chain.startsWith('not.');
  return `to.${negated ? 'not.' : ''}be.${negated ? chain.slice(4) : chain}(${JSON.stringify(arg)})`;
}

describe('import: each chai assertion the table names is translated and keeps newman verdict', () => {
  const patterns = MATCHER_NAMES.flatMap((name) => {
    const chai = MATCHERS[name].chai;
    return Array.isArray(chai) ? chai.map((p) => ({ name, chain: p.chain, accepts: p.accepts })) : [];
  });

  test('the importable matchers', () => {
    expect(patterns.map((p) => `${p.name}:${p.chain}`)).toEqual(
      expect.arrayContaining([
        'equals:eql',
        'notEquals:not.eql',
        'contains:include',
        'gt:above',
        'oneOf:oneOf',
      ]),
    );
  });

  test('every pattern, passing and failing', async () => {
    const items: { name: string; event: object[]; request: object }[] = [];
    const expected: { name: string; shouldPass: boolean }[] = [];
    for (const p of patterns) {
      for (const [i, c] of CASES[p.name]!.entries()) {
        if (!p.accepts(c.arg)) continue;
        const script = `pm.test("t", function () { pm.expect(pm.response.json().json.v).${chaiCall(p.chain, c.arg)}; });`;
        // Translated into the matcher, not left to the sandbox.
        const translated = translateExactly(script);
        const written = translated?.expect.json?.['$.json.v'];
        expect([p.chain, written]).toEqual([
          p.chain,
          p.name === 'equals' ? c.arg : expect.objectContaining({ [p.name]: c.arg }),
        ]);
        for (const [v, shouldPass] of [
          ...c.pass.map((x) => [x, true] as const),
          ...c.fail.map((x) => [x, false] as const),
        ]) {
          // chai's equal (===) and gatecheck's deep equality part on objects, which the table does not accept.
          const item = `${p.chain}#${i} ${label(v)}`;
          expected.push({ name: item, shouldPass });
          items.push({
            name: item,
            event: [{ listen: 'test', script: { exec: [script] } }],
            request: {
              method: 'POST',
              url: `${echo.url}/post`,
              header: [{ key: 'Content-Type', value: 'application/json' }],
              body: { mode: 'raw', raw: JSON.stringify(bodyOf(v)) },
            },
          });
        }
      }
    }
    const pm = {
      info: {
        name: 'chai',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      item: items,
    };
    // Imported, no request keeps a script: all of them run as gatecheck checks.
    expect(importPostman(pm as unknown as PmCollection, 'chai.json').scripted).toBe(0);
    const file = join(dir, 'chai.postman_collection.json');
    writeFileSync(file, JSON.stringify(pm));
    const ours = await gatecheckRun(file);
    const theirs = await newmanVerdicts(pm);
    const mismatches: string[] = [];
    for (const [k, e] of expected.entries()) {
      const g = ours[k];
      const n = theirs[k];
      if (g?.name !== e.name || n?.name !== e.name || g.passed !== e.shouldPass || n.passed !== e.shouldPass)
        mismatches.push(`${e.name}: expected ${e.shouldPass}, gatecheck ${g?.passed}, newman ${n?.passed}`);
    }
    expect(mismatches).toEqual([]);
  }, 180_000);
});
