/**
 * Properties of the loader and the variable resolver on generated input: always a
 * collection or positioned input errors, never another exception. `npm test` runs
 * them briefly; `npm run fuzz` (FUZZ_SECONDS, default 180) runs them for minutes.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseCollection } from '../../src/load/collection.js';
import { planRun } from '../../src/plan/plan.js';
import { Variables } from '../../src/plan/variables.js';
import { InputError, InputErrors } from '../../src/source/errors.js';

const FUZZ_MS = Number(process.env.FUZZ_SECONDS ?? 0) * 1000;
const options = (numRuns: number): fc.Parameters<unknown> =>
  FUZZ_MS > 0
    ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: FUZZ_MS, markInterruptAsFailure: false }
    : { numRuns };

/** Either a result or input errors that each name file, line and column. */
function loadsOrExplains(text: string): boolean {
  try {
    const { collection, source } = parseCollection('fuzz.yaml', text);
    planRun(collection, source, new Variables({ collection: collection.variables, process: {}, cli: {} }));
    return true;
  } catch (e) {
    const errors = e instanceof InputErrors ? e.errors : e instanceof InputError ? [e] : undefined;
    if (!errors) throw e;
    return (
      errors.length > 0 &&
      errors.every((x) => /^fuzz\.yaml:\d+:\d+: ./.test(x.format()) && !x.format().includes('\n'))
    );
  }
}

const word = fc.stringMatching(/^[a-z$.[\]{}0-9 _/-]{0,12}$/);
const ref = fc.constantFrom('{{a}}', '{{b}}', '{{missing}}', '{{ a }}', '{{', '}}', '');
const value = fc.oneof(
  word,
  fc.tuple(word, ref, word).map((p) => p.join('')),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const matcher = fc.dictionary(
  fc.constantFrom('equals', 'type', 'minLength', 'matches', 'exists', 'gt', 'oneOf', 'schema', 'bogus'),
  value,
  { maxKeys: 3 },
);
const request = fc.record(
  {
    method: fc.constantFrom('GET', 'POST', 'BREW'),
    url: fc.oneof(word, fc.constant('http://h/{{a}}'), fc.constant('/x')),
    json: value,
    timeoutMs: fc.oneof(fc.integer(), word),
  },
  { requiredKeys: [] },
);
const step = fc.record(
  {
    name: word,
    auth: fc.constantFrom('p', 'none', 'nope'),
    request,
    expect: fc.record(
      {
        status: fc.oneof(fc.integer(), word, fc.array(fc.integer())),
        json: fc.dictionary(word, fc.oneof(value, matcher)),
        headers: fc.dictionary(word, value),
      },
      { requiredKeys: [] },
    ),
    capture: fc.dictionary(word, word),
    wait: fc.oneof(word, fc.integer()),
  },
  { requiredKeys: [] },
);
const collection = fc.record(
  {
    name: fc.oneof(word, fc.integer()),
    baseUrl: fc.oneof(word, fc.constant('http://h')),
    variables: fc.dictionary(fc.constantFrom('a', 'b', 'c'), value),
    auth: fc.dictionary(
      fc.constantFrom('p', 'q'),
      fc.record(
        {
          type: fc.constantFrom('basic', 'bearer', 'oauth2', 'none', 'x'),
          username: word,
          password: word,
          token: word,
        },
        { requiredKeys: [] },
      ),
    ),
    scenarios: fc.array(
      fc.oneof(
        step.map((s) => ({ name: 'n', ...s })),
        fc.record({ name: word, steps: fc.array(step, { maxLength: 3 }) }),
      ),
      { maxLength: 3 },
    ),
    extra: value,
  },
  { requiredKeys: [] },
);

describe('properties', () => {
  test('any text: a collection or positioned input errors', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), loadsOrExplains), options(500));
  }, 200_000);

  test('YAML of collection-like structures: a collection or positioned input errors', () => {
    fc.assert(
      fc.property(collection, (c) => loadsOrExplains(stringify(c))),
      options(500),
    );
  }, 200_000);

  test('mutated sample collections: a collection or positioned input errors', () => {
    const sample = stringify({
      name: 'x',
      baseUrl: 'http://h',
      scenarios: [
        {
          name: 's',
          request: { url: '/a/{{a}}' },
          expect: { status: 200, json: { '$.a': { type: 'string' } } },
        },
      ],
    });
    const mutated = fc
      .tuple(fc.nat(sample.length), fc.nat(5), fc.string({ maxLength: 5 }))
      .map(([at, cut, insert]) => sample.slice(0, at) + insert + sample.slice(at + cut));
    fc.assert(fc.property(mutated, loadsOrExplains), options(500));
  }, 200_000);

  test('the variable resolver: a value, or a cycle reported as such', () => {
    const vars = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'd'),
      fc.tuple(word, ref, word, ref).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(vars, vars, (collectionVars, cli) => {
        const v = new Variables({ collection: collectionVars, process: {}, cli });
        for (const name of ['a', 'b', 'c', 'd', 'missing']) {
          const problem = v.problem(name);
          if (problem === undefined) {
            const value = v.get(name);
            expect(value === undefined || typeof value === 'string').toBe(true);
          } else {
            expect(problem).toMatch(/cycle|is not set/);
          }
        }
      }),
      options(1000),
    );
  }, 200_000);
});
