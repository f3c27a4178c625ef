/** -r cli,json,junit,html: the files, their formats, and not one secret in any byte of them. */
import { Ajv } from 'ajv';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { validateXML } from 'xmllint-wasm';
import type { Report } from '../../src/model/report.js';
import type { Simulator } from '../../src/sim/server.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { closedPort } from '../helpers/ports.js';
import { leakedIn, secretForms } from '../helpers/secrets.js';
import { startSim } from '../helpers/sim.js';

const read = (path: string) => readFileSync(path, 'utf8');
const XSD = read('test/fixtures/junit.xsd');
const xsdCheck = (xml: string) =>
  validateXML({
    xml: [{ fileName: 'junit.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: XSD }],
  });

describe('reports', () => {
  let sim: Simulator;
  let dir: string;
  let run: CliResult;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    sim = await startSim();
    dir = mkdtempSync(join(tmpdir(), 'gatecheck-reports-'));
    run = await runCli([
      'run',
      'collections/ords-security.yaml',
      'test/cli/fixtures/known-outcomes.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=${sim.url}`,
      '--var',
      `closedPort=${await closedPort()}`,
      '-r',
      'cli,json,junit,html',
      '--verbose',
      '--reporter-json-export',
      file('out/report.json'),
      '--reporter-junit-export',
      file('out/junit.xml'),
      '--reporter-html-export',
      file('out/report.html'),
    ]);
  }, 30_000);
  afterAll(() => sim.close());

  test('the run fails (known failures) and says where the reports are', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `gatecheck: reports written: ${file('out/report.json')}, ${file('out/junit.xml')}, ${file('out/report.html')}\n`,
    );
  });

  test('no secret, derived form of one, or issued token appears in any output', () => {
    const forms = secretForms(sim.issuedTokens());
    expect(sim.issuedTokens().length).toBeGreaterThanOrEqual(5);
    for (const [name, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
      ['json', read(file('out/report.json'))],
      ['junit', read(file('out/junit.xml'))],
      ['html', read(file('out/report.html'))],
    ] as const) {
      expect([name, leakedIn(text, forms)]).toEqual([name, []]);
    }
    expect(run.stdout).toContain('> authorization: Basic *****'); // --verbose showed the header, masked
    expect(run.stdout).toContain('{"access_token":"*****","token_type":"bearer","expires_in":3600}');
  });

  test('JSON: timings without float noise (at most microseconds)', () => {
    const text = read(file('out/report.json'));
    const timings = [...text.matchAll(/"\w+Ms": ?(-?[\d.e-]+)/g)].map((m) => m[1]!);
    expect(timings.length).toBeGreaterThan(20);
    expect(timings.filter((t) => !/^\d+(\.\d{1,3})?$/.test(t))).toEqual([]);
  });

  test('JSON: validates against schema/report.schema.json and carries the token events and the retry', () => {
    const report = JSON.parse(read(file('out/report.json'))) as Report;
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(
      JSON.parse(read('schema/report.schema.json')) as object,
    );
    expect(validate.errors ?? validate(report)).toBe(true);
    expect(report.runs.map((r) => [r.collection.file, r.outcome])).toEqual([
      ['collections/ords-security.yaml', 'passed'],
      ['test/cli/fixtures/known-outcomes.yaml', 'failed'],
    ]);
    const expired = report.runs[0]!.scenarios.find((s) => s.name.startsWith('an expired token'))!;
    expect(expired.steps[2]).toMatchObject({
      retried: true,
      tokenEvents: [{ kind: 'refreshed', reason: '401' }],
    });
    expect(report.stats.retries).toBe(2);
  });

  test('JUnit: valid against the XSD, and a JUnit consumer reads the known counts', async () => {
    const xml = read(file('out/junit.xml'));
    expect((await xsdCheck(xml)).errors).toEqual([]);
    const parsed = await parseJunit(xml);
    const suites = (
      parsed as {
        testsuite: {
          name: string;
          testcase: {
            name: string;
            failure?: unknown[];
            error?: unknown[];
            skipped?: unknown[];
            'system-out'?: string[];
          }[];
        }[];
      }
    ).testsuite;
    // Unique testcase names, also for the two unnamed steps that call the same endpoint.
    const names = suites.flatMap((s) => s.testcase.map((c) => c.name));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(names).toContain(
      'test/cli/fixtures/known-outcomes.yaml › a token error, then a skipped step › POST /ords/myapi/myapi/hello (step 2) › request',
    );
    const known = suites.filter((s) => s.name.startsWith('test/cli/fixtures/known-outcomes.yaml › '));
    const cases = known.flatMap((s) => s.testcase);
    expect({
      suites: known.length,
      testcases: cases.length,
      failures: cases.filter((c) => c.failure).length,
      errors: cases.filter((c) => c.error).length,
      skipped: cases.filter((c) => c.skipped).length,
    }).toEqual({ suites: 6, testcases: 10, failures: 2, errors: 2, skipped: 1 });
    const failed = cases.find((c) => c.failure && c.name.includes('one check of three'))!;
    expect(failed.name).toBe(
      'test/cli/fixtures/known-outcomes.yaml › one check of three fails › GET /ords/myapi/public/items › json $.hasMore',
    );
    expect(failed.failure).toEqual([{ message: 'expected true, got false', type: 'json' }]);
    expect(failed['system-out']?.[0]).toMatch(
      /^token ords-client: POST http:\/\/127\.0\.0\.1:\d+\/ords\/myapi\/oauth\/token → 200/,
    );
    const tokenError = cases.find((c) => c.error && c.name.includes('a token error'))!;
    expect(tokenError.error).toEqual([
      expect.objectContaining({ message: 'token request failed: 401 Unauthorized', type: 'E_TOKEN' }),
    ]);
  });

  test('the XSD is strict enough to matter: a testcase without classname is rejected', async () => {
    const broken = read(file('out/junit.xml')).replace(/<testcase classname="[^"]*"/, '<testcase');
    expect((await xsdCheck(broken)).valid).toBe(false);
  });
});
