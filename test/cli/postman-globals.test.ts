/**
 * -g/--globals from the command line: a Postman globals export fills requests and
 * scripts (its scope order and types are checked against newman by the conformance
 * test's globals-file collection), its secret-typed values are masked in every
 * output, --global-var sets a global over it, and a bad file is one line, exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everyReport, runCli } from '../helpers/cli.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-pm-globals-'));
const FIXTURES = 'test/fixtures/postman/conformance';
const SECRET = 's3cr3t-global-value-0042';

function localized(fixture: string, echo: string): string {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8').replace(/https:\/\/postman-echo\.com/g, echo);
  const file = join(dir, fixture);
  writeFileSync(file, text);
  return file;
}

let echo: EchoServer;
let collection: string;
beforeAll(async () => {
  echo = await startPostmanEcho();
  collection = localized('globals-file.postman_collection.json', echo.url);
});
afterAll(() => echo.close());

const fixture = (name: string) => join(FIXTURES, name);

test('a secret-typed global is sent, and masked in the terminal and every report', async () => {
  const { files: reports, flags } = everyReport(dir);
  const r = await runCli([
    'run',
    collection,
    '-g',
    fixture('globals-file.postman_globals.json'),
    '-e',
    fixture('globals-file.postman_environment.json'),
    '-d',
    fixture('globals-file.postman_data.json'),
    '--verbose',
    ...flags,
  ]);
  expect(r.code).toBe(0);
  // The echo answered with the header it got: the value went out, and came back masked.
  expect(r.stdout).toMatch(/x-api-key[^\n]*\*{5}/);
  const checks = (JSON.parse(readFileSync(reports.json, 'utf8')) as { runs: unknown[] }).runs
    .flatMap(
      (run) =>
        (run as { scenarios: { steps: { checks: { check: string; passed: boolean }[] }[] }[] }).scenarios,
    )
    .flatMap((s) => s.steps.flatMap((st) => st.checks));
  expect(checks).toContainEqual(
    expect.objectContaining({ check: 'a secret global is sent as written', passed: true }),
  );
  for (const text of [r.stdout, r.stderr, ...Object.values(reports).map((f) => readFileSync(f, 'utf8'))])
    expect(text).not.toContain(SECRET);
}, 60_000);

test('--global-var sets a global over the file, as newman does', async () => {
  const file = join(dir, 'global-var.postman_collection.json');
  writeFileSync(
    file,
    JSON.stringify({
      info: {
        name: 'global-var',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      item: [
        {
          name: 'echo',
          request: { method: 'GET', url: `${echo.url}/get?v={{onlyGlobal}}` },
          event: [
            {
              listen: 'test',
              script: {
                exec: ["pm.test('set', () => pm.expect(pm.response.json().args.v).to.eql('from-flag'));"],
              },
            },
          ],
        },
      ],
    }),
  );
  const ok = await runCli([
    'run',
    file,
    '-g',
    fixture('globals-file.postman_globals.json'),
    '--global-var',
    'onlyGlobal=from-flag',
  ]);
  expect([ok.code, ok.stderr]).toEqual([0, '']);
  const without = await runCli(['run', file, '-g', fixture('globals-file.postman_globals.json')]);
  expect(without.code).toBe(1);
}, 60_000);

test.each([
  ['a JSON syntax error', '{\n  "values": [\n    { "key": "a" \n  ]\n}\n', /^gatecheck: \S+bad\.json:4:3: /],
  [
    'a value without a key',
    '{\n  "values": [\n    { "key": "a" },\n    { "value": "b" }\n  ]\n}\n',
    /^gatecheck: \S+bad\.json:4:5: a Postman globals value needs a string "key"\n$/,
  ],
  ['not a globals export', '{ "a": 1 }\n', /^gatecheck: \S+bad\.json:1:1: not a Postman globals export/],
])(
  'a bad globals file (%s) is one line naming it, exit 2',
  async (_what, text, message) => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, text);
    const r = await runCli(['run', collection, '-g', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  },
  60_000,
);

test('a missing globals file names it, exit 2', async () => {
  const r = await runCli(['validate', collection, '-g', join(dir, 'nope.json')]);
  expect([r.code, r.stderr]).toEqual([
    2,
    `gatecheck: ${join(dir, 'nope.json')}: cannot read globals file: no such file\n`,
  ]);
}, 60_000);
