/**
 * Postman mode's walk from the command line: a collection and the YAML `import`
 * makes of it run their setNextRequest jumps the same way (the YAML keeps the
 * items' ids and the requests' descriptions), --folder limits what a jump can
 * reach, a collection that loops for ever stops on Ctrl-C with its reports
 * written, and JSON data values reach scripts as they are.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-pm-sequence-'));
const FIXTURES = 'test/fixtures/postman/conformance';

interface ReportStep {
  name: string;
  outcome: string;
  checks: { check: string; passed: boolean }[];
}
interface Report {
  interrupted: boolean;
  runs: { scenarios: { name: string; steps: ReportStep[] }[] }[];
}

function localized(fixture: string, echo: string): string {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8').replace(/https:\/\/postman-echo\.com/g, echo);
  const file = join(dir, fixture);
  writeFileSync(file, text);
  return file;
}

async function run(file: string, ...args: string[]): Promise<Report> {
  const report = `${file}.report.json`;
  const r = await runCli(['run', file, '-r', 'json', '--reporter-json-export', report, ...args]);
  expect([r.code, r.stderr]).toEqual([0, `gatecheck: reports written: ${report}\n`]);
  return JSON.parse(readFileSync(report, 'utf8')) as Report;
}

const stepNames = (report: Report) =>
  report.runs[0]!.scenarios.flatMap((s) => s.steps.map((st) => `${st.name}:${st.outcome}`));

let echo: EchoServer;
beforeAll(async () => {
  echo = await startPostmanEcho();
});
afterAll(() => echo.close());

describe('setNextRequest', () => {
  test('a collection and the YAML imported from it take the same jumps, by id across folders', async () => {
    const collection = localized('set-next-request-by-id.postman_collection.json', echo.url);
    const yaml = join(dir, 'by-id.yaml');
    const imported = await runCli(['import', collection, '-o', yaml]);
    expect(imported.code).toBe(0);
    const text = readFileSync(yaml, 'utf8');
    expect(text).toContain('mode: postman');
    expect(text).toMatch(/name: c\n\s+id: req-c\n/);
    const expected = ['a:passed', 'c:passed', 'b:passed', 'c:passed', 'd:passed'];
    expect(stepNames(await run(collection))).toEqual(expected);
    const fromYaml = await run(yaml);
    expect(stepNames(fromYaml)).toEqual(expected);
    // Each stretch of a scenario is reported where it ran.
    expect(fromYaml.runs[0]!.scenarios.map((s) => s.name)).toEqual(['first', 'second', 'first', 'second']);
  }, 60_000);

  test('the header counts the requests planned, and the summary the ones a jump made it send', async () => {
    const collection = localized('set-next-request-by-id.postman_collection.json', echo.url);
    const r = await runCli(['run', collection]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(
      /\(\S+set-next-request-by-id\.postman_collection\.json, 4 requests planned\)$/,
    );
    expect(r.stdout).toMatch(/ · 5 requests, /);
  }, 60_000);

  test('--folder: a jump to a request outside the folder ends the iteration, as in newman', async () => {
    const collection = localized('set-next-request-by-id.postman_collection.json', echo.url);
    const report = `${collection}.folder.json`;
    const r = await runCli([
      'run',
      collection,
      '--folder',
      'first',
      '-r',
      'json',
      '--reporter-json-export',
      report,
    ]);
    expect(r.code).toBe(0);
    // a jumps to c (not in the run): the iteration ends, b is not run.
    expect(stepNames(JSON.parse(readFileSync(report, 'utf8')) as Report)).toEqual(['a:passed']);
  }, 60_000);

  test('a collection that loops for ever stops on Ctrl-C, its reports written, exit 130', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const file = join(dir, 'loop.postman_collection.json');
      writeFileSync(
        file,
        JSON.stringify({
          info: {
            name: 'loop',
            schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
          },
          item: [
            {
              name: 'again',
              request: { method: 'GET', url: `${url}/again` },
              event: [
                {
                  listen: 'test',
                  script: {
                    exec: [
                      "pm.test('ok', function () { pm.response.to.have.status(200); });",
                      "postman.setNextRequest('again');",
                    ],
                  },
                },
              ],
            },
            { name: 'never reached', request: { method: 'GET', url: `${url}/never` } },
          ],
        }),
      );
      const report = join(dir, 'loop.json');
      const child = spawn(
        process.execPath,
        ['--', BIN, 'run', file, '-r', 'json', '--reporter-json-export', report],
        {
          cwd: ROOT,
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      while (hits < 5) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect([code, stderr]).toEqual([130, `gatecheck: reports written: ${report}\n`]);
      const written = JSON.parse(readFileSync(report, 'utf8')) as Report;
      expect(written.interrupted).toBe(true);
      const names = stepNames(written);
      // Every pass of the loop is reported; the one Ctrl-C cut short may fail or error, the request never reached is skipped.
      const [last, ...passes] = names.slice(0, -1).reverse();
      expect(passes.length).toBeGreaterThanOrEqual(4);
      expect(new Set(passes)).toEqual(new Set(['again:passed']));
      expect(['again:passed', 'again:failed', 'again:error']).toContain(last);
      expect(names.at(-1)).toBe('never reached:skipped');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

test('the imported YAML keeps the request description scripts read', async () => {
  const collection = localized('request-description.postman_collection.json', echo.url);
  const yaml = join(dir, 'description.yaml');
  expect((await runCli(['import', collection, '-o', yaml])).code).toBe(0);
  const text = readFileSync(yaml, 'utf8');
  expect(text).toContain('description: A plain description');
  expect(text).toContain('description: "**Markdown** text"');
  // Postman gives scripts '' for an empty description, so the collection's own check on `none` fails, in newman too.
  expect(text).toContain('description: ""');
  const results = async (file: string) => {
    const report = `${file}.report.json`;
    expect((await runCli(['run', file, '-r', 'json', '--reporter-json-export', report])).code).toBe(1);
    return (JSON.parse(readFileSync(report, 'utf8')) as Report).runs[0]!.scenarios.flatMap((s) =>
      s.steps.flatMap((st) => st.checks.map((c) => `${st.name} ${c.check}:${c.passed}`)),
    );
  };
  const fromYaml = await results(yaml);
  expect(fromYaml.filter((c) => c.endsWith(':false'))).toEqual(['none description:false']);
  expect(fromYaml).toHaveLength(12);
  expect(await results(collection)).toEqual(fromYaml);
}, 60_000);

test('JSON data values reach scripts as they are, and render as Postman renders them', async () => {
  const collection = localized('nested-data-values.postman_collection.json', echo.url);
  const data = join(FIXTURES, 'nested-data-values.postman_data.json');
  const report = `${collection}.report.json`;
  await runCli(['run', collection, '--data', data, '-r', 'json', '--reporter-json-export', report]);
  const [first] = (JSON.parse(readFileSync(report, 'utf8')) as Report).runs[0]!.scenarios;
  expect(first!.steps[0]!.checks.map((c) => `${c.check}:${c.passed}`)).toEqual([
    'an array reaches scripts as an array:true',
    'an object reaches scripts as an object:true',
    'the legacy data global too:true',
    'a number stays a number:true',
    'an array renders as Postman renders it:true',
    'an object renders as Postman renders it:true',
    'numbers and booleans render as text:true',
    'null is left as written:true',
  ]);
}, 60_000);
