import { parseCollection } from '../../src/load/collection.js';
import { methodProblem, postmanPrunesBody } from '../../src/load/method.js';
import { inputErrorsOf } from '../helpers/errors.js';

const collection = (request: string) => `name: m
scenarios:
  - name: one
    request: ${request}
`;

describe('HTTP methods are tokens (RFC 9110 §9.1)', () => {
  test.each(['GET', 'PROPFIND', 'MKCOL', 'PURGE', 'propfind', 'M-SEARCH', "X!#$%&'*+.^_`|~9"])(
    '%s is a method, kept as written',
    (method) => {
      expect(methodProblem(method)).toBeUndefined();
      const c = parseCollection(
        'c.yaml',
        collection(`{ method: "${method.replace(/"/g, '\\"')}", url: "http://h/" }`),
      );
      const step = c.collection.scenarios[0]!.steps[0]!;
      expect(step.kind === 'request' && step.request.method).toBe(method);
    },
  );

  test.each([
    ['GE T', '" "'],
    ['GET\r\nX-Injected: 1', '"\\r"'],
    ['GET/', '"/"'],
    ['GÉT', '"É"'],
    ['(GET)', '"("'],
  ])('%j is refused at load time, at its position', (method, bad) => {
    const lines = inputErrorsOf(() =>
      parseCollection('c.yaml', collection(`{ method: ${JSON.stringify(method)}, url: "http://h/" }`)),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^c\\.yaml:4:\\d+: invalid HTTP method .*a method is one token .*without ${bad.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`,
        ),
      ),
    ]);
  });

  test('a HEAD request with a body is an input error naming the body', () => {
    expect(
      inputErrorsOf(() =>
        parseCollection('c.yaml', collection('{ method: HEAD, url: "http://h/", body: x }')),
      ),
    ).toEqual([expect.stringMatching(/^c\.yaml:4:\d+: a HEAD request has no body$/)]);
  });

  test("Postman's bodiless methods (postman-runtime's METHODS_WITHOUT_BODY), whatever their case", () => {
    expect(['GET', 'copy', 'HEAD', 'PURGE', 'unlock'].every(postmanPrunesBody)).toBe(true);
    expect(['POST', 'DELETE', 'OPTIONS', 'PROPFIND', 'PATCH'].some(postmanPrunesBody)).toBe(false);
  });
});
