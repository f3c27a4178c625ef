/**
 * Cookies end to end through `gatecheck run`, against the postman-echo stand-in:
 * in Postman mode every cookie value (a server's, a script's) is masked in every
 * output while the requests really carry it; in gatecheck's own YAML the
 * scenario's jar keeps the cookies a redirect sets and sends them on its hops.
 * (Verdict parity with newman for each cookie rule: conformance.test.ts.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everyReport, runCli } from '../helpers/cli.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-cookies-'));
const SERVER_VALUE = 'SrvSession-7f3a9c41';
const SCRIPT_VALUE = 'ScriptCookie-91b2e6';
const WRITTEN_VALUE = 'WrittenCookie-3c7d58';

let echo: EchoServer;
beforeAll(async () => {
  echo = await startPostmanEcho();
});
afterAll(() => echo.close());

function collection(base: string): object {
  const test = (lines: string[]) => [{ listen: 'test', script: { type: 'text/javascript', exec: lines } }];
  return {
    info: {
      name: 'cookies carrying sessions',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'server sets a session cookie',
        request: { method: 'GET', url: `${base}/cookies/set?sid=${SERVER_VALUE}`, header: [] },
        event: test([
          // The value reaches a check name and the console: both are outputs to mask.
          "console.log('sid is', pm.cookies.get('sid'));",
          "pm.test('sid ' + pm.cookies.get('sid'), function () { pm.expect(pm.response.json().cookies.sid).to.have.lengthOf(19); });",
        ]),
      },
      {
        name: 'a script sets one too',
        request: { method: 'GET', url: `${base}/headers`, header: [] },
        event: [
          {
            listen: 'prerequest',
            script: {
              type: 'text/javascript',
              exec: [
                `pm.cookies.jar().set('${base}/headers', 'scripted', '${SCRIPT_VALUE}', function (err) { if (err) { throw new Error(err); } });`,
              ],
            },
          },
          ...test([
            "pm.test('both went out', function () { var c = pm.response.json().headers.cookie; pm.expect(c).to.include('sid='); pm.expect(c).to.include('scripted='); });",
          ]),
        ],
      },
      {
        name: 'a request writes its own',
        request: {
          method: 'GET',
          url: `${base}/cookies`,
          header: [{ key: 'Cookie', value: `own=${WRITTEN_VALUE}` }],
        },
        event: test([
          "pm.test('written and jar', function () { pm.expect(Object.keys(pm.response.json().cookies).sort()).to.eql(['own', 'scripted', 'sid']); });",
        ]),
      },
    ],
  };
}

test('Postman mode: cookie values are sent, and masked in stdout, --verbose, and every report', async () => {
  const file = join(dir, 'cookies.postman_collection.json');
  writeFileSync(file, JSON.stringify(collection(echo.url)));
  const { files: reports, flags } = everyReport(dir);
  const r = await runCli(['run', file, '--verbose', ...flags]);
  // Every request passed: the server's cookie, the script's and the written one really went out.
  expect(r.code).toBe(0);
  const outputs = [r.stdout, r.stderr, ...Object.values(reports).map((f) => readFileSync(f, 'utf8'))];
  for (const text of outputs) {
    expect(text).not.toContain(SERVER_VALUE);
    expect(text).not.toContain(SCRIPT_VALUE);
    expect(text).not.toContain(WRITTEN_VALUE);
  }
  // The values were there to mask (the echoed bodies and the check name carry them).
  expect(readFileSync(reports.json, 'utf8')).toContain('sid *****');
}, 120_000);

test('YAML mode: the scenario jar keeps a redirect hop cookie and sends it on the next hop and step', async () => {
  const file = join(dir, 'cookies.yaml');
  writeFileSync(
    file,
    [
      'name: cookies across redirects',
      `baseUrl: '${echo.url}'`,
      'scenarios:',
      '  - name: sign-in by redirect',
      '    steps:',
      '      - request: { url: /cookies/set?yamlsid=YamlSession-55aa, followRedirects: true }',
      '        expect: { status: 200, json: { $.cookies.yamlsid: YamlSession-55aa } }',
      '      - request: { url: /cookies }',
      '        expect: { json: { $.cookies.yamlsid: YamlSession-55aa } }',
    ].join('\n'),
  );
  const report = join(dir, 'yaml.json');
  const r = await runCli(['run', file, '-r', 'json', '--reporter-json-export', report]);
  // Both steps passed: the 302's cookie reached the redirect hop and the next step.
  expect(r.code).toBe(0);
  expect(readFileSync(report, 'utf8')).not.toContain('YamlSession-55aa');
}, 120_000);
