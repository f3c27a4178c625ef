import { evaluateExpectations, evaluateStatus, type ObservedResponse } from '../../src/assert/evaluate.js';
import { evaluateMatcher } from '../../src/assert/matchers.js';
import type { MatcherName } from '../../src/model/matchers.js';
import { ExpectedValueError, resolveExpectations } from '../../src/run/resolve-expected.js';

const BODY = {
  items: [
    { id: 1, name: 'Widget' },
    { id: 2, name: 'Gadget' },
  ],
  count: 2,
  message: 'Secure Hello World',
  nothing: null,
};
const response = (over: Partial<ObservedResponse> = {}): ObservedResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(BODY),
  durationMs: 12,
  retried: false,
  ...over,
});

describe('matchers: each one passes and fails', () => {
  const cases: [MatcherName, unknown, unknown, unknown][] = [
    // name, argument, a value that passes, a value that fails
    ['equals', { a: [1] }, { a: [1] }, { a: [2] }],
    ['notEquals', 1, 2, 1],
    ['contains', 'World', 'Hello World', 'Hello'],
    ['contains', 2, [1, 2], [1, 3]],
    ['matches', '^Sec', 'Secure', 'Insecure'],
    ['type', 'string', 'x', 1],
    ['type', 'integer', 3, 3.5],
    ['type', 'array', [], {}],
    ['type', 'null', null, 0],
    ['type', 'object', {}, []],
    ['length', 2, [1, 2], [1]],
    ['minLength', 1, 'a', ''],
    ['maxLength', 2, 'ab', 'abc'],
    ['gt', 1, 2, 1],
    ['gte', 1, 1, 0],
    ['lt', 1, 0, 1],
    ['lte', 1, 1, 2],
    ['oneOf', ['ACTIVE', 'TRIAL'], 'TRIAL', 'EXPIRED'],
    ['schema', { type: 'object', required: ['id'] }, { id: 1 }, { name: 'x' }],
  ];
  test.each(cases)('%s %j', (name, arg, good, bad) => {
    expect(evaluateMatcher(name, arg, true, good).passed).toBe(true);
    expect(evaluateMatcher(name, arg, true, bad).passed).toBe(false);
  });

  test('exists', () => {
    expect(evaluateMatcher('exists', true, true, 0).passed).toBe(true);
    expect(evaluateMatcher('exists', true, false, undefined).passed).toBe(false);
    expect(evaluateMatcher('exists', false, false, undefined).passed).toBe(true);
  });

  test('a matcher on a missing value fails and says so', () => {
    expect(evaluateMatcher('equals', 1, false, undefined)).toEqual({
      passed: false,
      actual: undefined,
      message: 'not found',
    });
  });

  test('a length matcher on a number fails with a reason, not a crash', () => {
    expect(evaluateMatcher('minLength', 1, true, 5)).toMatchObject({
      passed: false,
      message: 'minLength needs a string or an array',
    });
  });
});

describe('evaluateExpectations', () => {
  test('status: a number, a list, a class; without one, 2xx is expected', () => {
    expect(evaluateStatus(200, 200).passed).toBe(true);
    expect(evaluateStatus([200, 201], 201).passed).toBe(true);
    expect(evaluateStatus([200, 201], 204).passed).toBe(false);
    expect(evaluateStatus('4xx', 401).passed).toBe(true);
    expect(evaluateStatus('2xx', 401).passed).toBe(false);
    expect(evaluateExpectations({}, response({ status: 500 }))).toEqual([
      { check: 'status', expected: '2xx', actual: 500, passed: false },
    ]);
  });

  test('JSONPath literals and matchers make one record per check', () => {
    const checks = evaluateExpectations(
      {
        status: 200,
        json: {
          '$.message': 'Secure Hello World',
          '$.items': { type: 'array', minLength: 3 },
          '$.items[*].id': [1, 2],
        },
      },
      response(),
    );
    expect(checks).toEqual([
      { check: 'status', expected: 200, actual: 200, passed: true },
      { check: 'json $.message', expected: 'Secure Hello World', actual: 'Secure Hello World', passed: true },
      { check: 'json $.items type', expected: 'array', actual: 'array', passed: true },
      { check: 'json $.items minLength', expected: 3, actual: 2, passed: false },
      { check: 'json $.items[*].id', expected: [1, 2], actual: [1, 2], passed: true },
    ]);
  });

  test('a JSON check on a body that is not JSON fails and says why', () => {
    const [, check] = evaluateExpectations(
      { json: { '$.a': 1 } },
      response({ body: '<html>', headers: { 'content-type': 'text/html' } }),
    );
    expect(check).toEqual({
      check: 'json $.a',
      expected: 1,
      actual: undefined,
      passed: false,
      message: 'response body is not JSON (text/html)',
    });
  });

  test('headers: exact, /regex/, matcher; names are case-insensitive', () => {
    const checks = evaluateExpectations(
      {
        headers: {
          'Content-Type': '/^application\\/json/',
          'x-missing': { exists: false },
          'content-type ': 'x',
        },
      },
      response(),
    );
    expect(checks.map((c) => [c.check, c.passed])).toEqual([
      ['status', true],
      ['header Content-Type', true],
      ['header x-missing exists', true],
      ['header content-type ', false],
    ]);
  });

  test('body, duration and retried', () => {
    const checks = evaluateExpectations(
      { body: { contains: 'Hello', matches: '"count":\\d', equals: 'x' }, maxDurationMs: 10, retried: true },
      response(),
    );
    expect(checks.slice(1).map((c) => [c.check, c.passed])).toEqual([
      ['body contains', true],
      ['body matches', true],
      ['body equals', false],
      ['duration', false],
      ['retried', false],
    ]);
  });
});

describe('number arguments from {{variables}}, by the matcher table', () => {
  test('a whole reference becomes a number for number matchers only; one that is not a number is an error', () => {
    const e = resolveExpectations(
      { json: { '$.n': { gt: '{{min}}', maxLength: '{{min}}', equals: '{{min}}' } } },
      () => '5',
    );
    expect(e.json?.['$.n']).toEqual({ gt: 5, maxLength: 5, equals: '5' });
    expect(() => resolveExpectations({ json: { '$.n': { lte: '{{min}}' } } }, () => 'x')).toThrow(
      ExpectedValueError,
    );
  });
});
