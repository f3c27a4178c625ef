import { parseCollection } from '../../src/load/collection.js';
import { inputErrorsOf } from '../helpers/errors.js';

const load = (yaml: string) => parseCollection('c.yaml', yaml).collection;
const errors = (yaml: string) => inputErrorsOf(() => parseCollection('c.yaml', yaml));

describe('collection loader', () => {
  test('the one-step shorthand becomes a scenario with one step, keeping every step key', () => {
    const c = load(`
name: x
baseUrl: http://h
auth: { u: { type: basic, username: a, password: b } }
scenarios:
  - name: one
    auth: u
    request: { method: POST, url: /hello, json: { a: 1 } }
    expect: { status: 200 }
    capture: { id: $.id }
`);
    expect(c.scenarios[0]).toMatchObject({
      name: 'one',
      auth: 'u',
      steps: [
        {
          kind: 'request',
          request: { method: 'POST', url: '/hello', json: { a: 1 } },
          expect: { status: 200 },
          capture: { id: '$.id' },
        },
      ],
    });
    expect(c.auth.u).toEqual({ type: 'basic', username: 'a', password: 'b' });
  });

  test('defaults: GET, no redirects, client auth by Basic header', () => {
    const c = load(`
name: x
baseUrl: http://h
auth: { o: { type: oauth2, tokenUrl: t, clientId: i, clientSecret: s } }
scenarios: [{ name: a, request: { url: /x } }]
`);
    expect(c.scenarios[0]?.steps[0]).toMatchObject({ request: { method: 'GET', followRedirects: false } });
    expect(c.auth.o).toMatchObject({ type: 'oauth2', grant: 'client_credentials', clientAuth: 'basic' });
  });

  test('wait steps take 500ms, 2s, 1m or milliseconds', () => {
    const c = load(
      'name: x\nscenarios:\n  - name: a\n    steps: [{ wait: 500ms }, { wait: 2s }, { wait: 1.5s }, { wait: 250 }]\n',
    );
    expect(c.scenarios[0]?.steps.map((s) => (s.kind === 'wait' ? s.ms : -1))).toEqual([500, 2000, 1500, 250]);
  });

  test.each([
    [
      'a misspelt key, with a suggestion',
      'name: x\nscenarios:\n  - name: a\n    request: { url: /x }\n    exepct: { status: 200 }\n',
      'c.yaml:5:5: unknown key "exepct" (did you mean "expect"?)',
    ],
    [
      'a wrong type',
      'name: x\nscenarios:\n  - name: a\n    request: { url: /x }\n    expect: { status: ok }\n',
      'c.yaml:5:23: "scenarios.0.expect.status" must be a status code or a list of status codes or a class such as "2xx" or a {{variable}}',
    ],
    [
      'an unknown auth profile',
      'name: x\nauth: { qa-user: { type: bearer, token: t } }\nscenarios:\n  - name: a\n    auth: qa-usr\n    request: { url: /x }\n',
      'c.yaml:5:11: unknown auth profile "qa-usr" (did you mean "qa-user"?)',
    ],
    [
      'steps and a shorthand request together',
      'name: x\nscenarios:\n  - name: a\n    request: { url: /x }\n    steps: [{ request: { url: /y } }]\n',
      'c.yaml:4:5: a scenario has either steps or a one-step request, not both',
    ],
    [
      'a scenario with nothing to do',
      'name: x\nscenarios:\n  - name: a\n',
      'c.yaml:3:5: scenario "a" needs steps, or a request (the one-step shorthand)',
    ],
    [
      'two bodies',
      'name: x\nscenarios:\n  - name: a\n    request: { url: /x, json: {}, body: raw }\n',
      'c.yaml:4:35: a request has one body: json and body both given',
    ],
    [
      'a bad regex in a header expectation',
      "name: x\nscenarios:\n  - name: a\n    request: { url: /x }\n    expect: { headers: { a: '/(/' } }\n",
      'c.yaml:5:29: invalid regular expression: /(/: Unterminated group',
    ],
    [
      'a JSONPath without $',
      'name: x\nscenarios:\n  - name: a\n    request: { url: /x }\n    expect: { json: { items: 1 } }\n',
      'c.yaml:5:23: JSONPath "items" must start with $',
    ],
    [
      'an unknown JSON type',
      'name: x\nscenarios:\n  - name: a\n    request: { url: /x }\n    expect: { json: { $.a: { type: list } } }\n',
      'c.yaml:5:36: "type" must be one of string, number, integer, boolean, object, array, null',
    ],
    [
      'a wait step with an expectation',
      'name: x\nscenarios:\n  - name: a\n    steps: [{ wait: 1s, expect: { status: 200 } }]\n',
      'c.yaml:4:25: a wait step cannot have "expect"',
    ],
    [
      'a bad duration',
      'name: x\nscenarios:\n  - name: a\n    steps: [{ wait: soon }]\n',
      'c.yaml:4:21: "scenarios.0.steps.0.wait" is not valid: Milliseconds, or a string such as 500ms, 2s, 1m',
    ],
  ])('%s is a positioned error', (_name, yaml, message) => {
    expect(errors(yaml)).toContain(message);
  });

  test('duplicate scenario names are an error at the second', () => {
    expect(
      errors(
        'name: x\nbaseUrl: http://h\nscenarios:\n  - { name: a, request: { url: /x } }\n  - { name: a, request: { url: /y } }\n',
      ),
    ).toEqual(['c.yaml:5:13: duplicate scenario name "a" (also scenario 1)']);
  });

  test('an oauth2 profile missing its secret, and a basic profile with an oauth2 key', () => {
    const found = errors(`
name: x
auth:
  o: { type: oauth2, tokenUrl: t, clientId: i }
  b: { type: basic, username: u, password: p, clientId: i }
scenarios: [{ name: a, request: { url: /x } }]
`);
    expect(found).toEqual([
      'c.yaml:4:6: "auth.o" is missing required key "clientSecret"',
      'c.yaml:5:47: unknown key "clientId"',
    ]);
  });

  test('every schema problem in a file is reported, not just the first', () => {
    expect(
      errors(
        'name: x\nscenarios:\n  - name: a\n    reqest: { url: /x }\n  - name: b\n    request: { url: /y, methd: GET }\n',
      ),
    ).toEqual([
      'c.yaml:4:5: unknown key "reqest" (did you mean "request"?)',
      'c.yaml:6:25: unknown key "methd" (did you mean "method"?)',
    ]);
  });
});
