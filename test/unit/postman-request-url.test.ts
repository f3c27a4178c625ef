import { postmanRequestUrl, postmanUrlString } from '../../src/postman/request-url.js';
import { urlRewriteProblem } from '../../src/load/syntax.js';
import { parseCollection } from '../../src/load/collection.js';
import { inputErrorsOf } from '../helpers/errors.js';

// The expected request-targets are those newman's own whatwg-url collection asserts
// (test/integration/whatwg-url.postman_collection.json) and the conformance test confirms.
describe('postmanRequestUrl: the URL postman-runtime sends', () => {
  test.each([
    [
      'https://postman-echo.com/get?foo=\nbar\n',
      'https://postman-echo.com/get?foo=%0Abar%0A',
      '/get?foo=%0Abar%0A',
    ],
    ['https:\\\\postman-echo.com/get', 'https://postman-echo.com/get', '/get'],
    ['http:////postman-echo.com/get', 'http://postman-echo.com/get', '/get'],
    ['127.1:4041', 'http://127.0.0.1:4041/', '/'],
    ['https://postman-echo.com/get?', 'https://postman-echo.com/get?', '/get?'],
    ['https://postman-echo.com/get?&&', 'https://postman-echo.com/get?&&', '/get?&&'],
    [
      'https://postman-echo.com/get?foo=bar&&&bar=baz',
      'https://postman-echo.com/get?foo=bar&&&bar=baz',
      '/get?foo=bar&&&bar=baz',
    ],
    [
      'http://localhost:4041/𝌆/й/你',
      'http://localhost:4041/%F0%9D%8C%86/%D0%B9/%E4%BD%A0',
      '/%F0%9D%8C%86/%D0%B9/%E4%BD%A0',
    ],
    [
      'http://localhost:4041/foo/%2a/%F0%9F%8D%AA',
      'http://localhost:4041/foo/%2a/%F0%9F%8D%AA',
      '/foo/%2a/%F0%9F%8D%AA',
    ],
    ['http://localhost:4041?q=𝌆й', 'http://localhost:4041/?q=%F0%9D%8C%86%D0%B9', '/?q=%F0%9D%8C%86%D0%B9'],
    [
      'http://h/get?a=1+2&b=x y&c=50%&d=é',
      'http://h/get?a=1+2&b=x%20y&c=50%&d=%C3%A9',
      '/get?a=1+2&b=x%20y&c=50%&d=%C3%A9',
    ],
    ['http://h/a/./b/../c#frag', 'http://h/a/./b/../c', '/a/./b/../c'],
  ])('%j -> %s', (written, url, path) => {
    expect(postmanRequestUrl(written)).toEqual({ url, path });
  });

  test('user:password@ is taken out of the URL and decoded, as postman-request sends it', () => {
    expect(postmanRequestUrl('https://us@r:p@ssword@postman-echo.com/get')).toEqual({
      url: 'https://postman-echo.com/get',
      path: '/get',
      credentials: { user: 'us@r', password: 'p@ssword' },
    });
    expect(postmanRequestUrl('http://a%3Ab:c%3Ad:e@h/').credentials).toEqual({
      user: 'a:b',
      password: 'c:d:e',
    });
  });

  test('disableUrlEncoding sends the characters as written', () => {
    expect(postmanRequestUrl('http://h/{a}/"b"?q=<x>', { disableEncoding: true }).path).toBe(
      '/{a}/"b"?q=<x>',
    );
  });

  test("a URL object is built from its parts, not from raw (Postman's repairs)", () => {
    const url = { raw: '  ', protocol: 'https', host: ['httpbin', 'org'], path: ['', 'get'] };
    expect(postmanUrlString(url)).toBe('https://httpbin.org//get');
    expect(postmanUrlString({ raw: 'https:\\\\x/get', protocol: 'https', host: ['x'], path: ['get'] })).toBe(
      'https://x/get',
    );
  });
});

describe("gatecheck's own URLs: what WHATWG would rewrite silently is an input error", () => {
  test.each([
    ['http://h/get?foo=\nbar', /control character \("\\n" at column 18\).*\(%0A\)/],
    ['http://h/a\tb', /control character \("\\t" at column 11\)/],
    ['http:\\\\h/get', /backslash before its query/],
    ['/a\\b', /backslash before its query/],
  ])('%j', (url, message) => {
    expect(urlRewriteProblem(url)).toMatch(message);
  });

  test.each(['http://h/get?q=a\\b', 'http://h/p a/é?q=x y', 'http://h/{{path}}?q={{q}}'])(
    '%j is sent',
    (url) => {
      expect(urlRewriteProblem(url)).toBeUndefined();
    },
  );

  test('the loader names the position; Postman mode loads the same URL and repairs it when sending', () => {
    const yaml = (mode: string) => `name: u
${mode}scenarios:
  - name: one
    request: { url: "http://h/get?foo=\\nbar" }
`;
    expect(inputErrorsOf(() => parseCollection('c.yaml', yaml('')))).toEqual([
      expect.stringMatching(/^c\.yaml:4:\d+: URL has a control character/),
    ]);
    expect(() => parseCollection('c.yaml', yaml('mode: postman\n'))).not.toThrow();
  });

  test.each([
    ['disableUrlEncoding: true', 'disableUrlEncoding applies to mode: postman collections'],
    [
      'disableBodyPruning: true',
      'disableBodyPruning applies to mode: postman collections (gatecheck sends every body it is given)',
    ],
    ['disabledSystemHeaders: [user-agent]', 'disabledSystemHeaders applies to mode: postman collections'],
    ['bodyLanguage: json', 'bodyLanguage applies to mode: postman collections'],
  ])('%s is a Postman-mode setting, accepted there', (setting, message) => {
    const yaml = (mode: string) =>
      `name: u\n${mode}scenarios:\n  - name: one\n    request: { method: POST, url: "http://h/", body: x, ${setting} }\n`;
    expect(inputErrorsOf(() => parseCollection('c.yaml', yaml('')))).toEqual([
      expect.stringMatching(new RegExp(`^c\\.yaml:4:\\d+: ${message.replace(/[()]/g, '\\$&')}$`)),
    ]);
    expect(() => parseCollection('c.yaml', yaml('mode: postman\n'))).not.toThrow();
  });
});
