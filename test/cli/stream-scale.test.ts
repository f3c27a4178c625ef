/**
 * Reports at scale: 100,000 scenario runs stream into complete, valid JSON and
 * JUnit; a real run of many iterations does too; a report that cannot be
 * written fails the run in one line.
 */
import { Ajv } from 'ajv';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCollection } from '../../src/api.js';
import type { Report } from '../../src/model/report.js';
import type { RunResult, ScenarioResult } from '../../src/model/result.js';
import { readReportItems } from '../../src/report/read.js';
import { openReportStream } from '../../src/report/render.js';
import { addScenarioStats, emptyStats } from '../../src/model/stats.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { startTinyServer, type TinyServer } from '../helpers/tiny-server.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-stream-scale-'));
const file = (n: string) => join(dir, n);
const read = (f: string) => readFileSync(f, 'utf8');
const count = (text: string, needle: string) => text.split(needle).length - 1;
const validateReport = new Ajv({ strict: false, validateFormats: false }).compile(
  JSON.parse(read('schema/report.schema.json')) as object,
);

let server: TinyServer;
beforeAll(async () => {
  server = await startTinyServer();
});
afterAll(() => server.close());

describe('100,000 scenario runs through the streaming reporters', () => {
  const RUNS = 100_000;
  const FAIL_EVERY = 1_000;
  let passing: ScenarioResult;
  let failing: ScenarioResult;
  let run: RunResult;

  beforeAll(async () => {
    // Real results of real requests: one passing and one failing scenario, repeated.
    const vars = { baseUrl: server.url };
    run = await runCollection('test/fixtures/scale/tiny.yaml', { vars });
    passing = run.scenarios[0]!;
    failing = (await runCollection('test/fixtures/scale/tiny-failing.yaml', { vars })).scenarios[0]!;
    expect([passing.outcome, failing.outcome]).toEqual(['passed', 'failed']);

    const stream = await openReportStream(
      [
        { name: 'json', path: file('100k.json') },
        { name: 'junit', path: file('100k.xml') },
      ],
      { startedAt: run.startedAt, version: '0.0.0' },
      (t) => t,
    );
    const stats = emptyStats();
    stream.runStart({ collection: run.collection, startedAt: run.startedAt });
    for (let i = 0; i < RUNS; i++) {
      const base = i % FAIL_EVERY === FAIL_EVERY - 1 ? failing : passing;
      const s: ScenarioResult = { ...base, index: i, order: i, iteration: i + 1 };
      addScenarioStats(stats, s);
      stream.scenario(s);
    }
    stream.runEnd({ ...run, outcome: 'failed', stats });
    const outcome = stream.close();
    expect(outcome).toEqual({ written: [file('100k.json'), file('100k.xml')], failed: [] });
  }, 120_000);

  test('the JSON is one valid report with every run, in order, and the totals', () => {
    const report = JSON.parse(read(file('100k.json'))) as Report;
    expect(validateReport(report) ? [] : validateReport.errors).toEqual([]);
    const scenarios = report.runs[0]!.scenarios;
    expect(scenarios).toHaveLength(RUNS);
    expect(scenarios.every((s, i) => s.index === i && s.iteration === i + 1)).toBe(true);
    expect(report.stats.scenarios).toEqual({
      total: RUNS,
      passed: RUNS - RUNS / FAIL_EVERY,
      failed: RUNS / FAIL_EVERY,
      skipped: 0,
    });
    expect(report.outcome).toBe('failed');
  });

  test('the streaming reader reads it back one scenario at a time', () => {
    let n = 0;
    for (const item of readReportItems(file('100k.json'))) if (item.type === 'scenario') n++;
    expect(n).toBe(RUNS);
  });

  test('the JUnit has a suite per run and a testcase per check, totals on <testsuites>', () => {
    const xml = read(file('100k.xml'));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gatecheck" ')).toBe(
      true,
    );
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    expect(count(xml, '<testsuite ')).toBe(RUNS);
    expect(count(xml, '</testsuite>')).toBe(RUNS);
    expect(count(xml, '<testcase ')).toBe(RUNS);
    expect(count(xml, '<failure ')).toBe(RUNS / FAIL_EVERY);
    expect(xml.slice(0, 300)).toMatch(
      new RegExp(
        `<testsuites name="gatecheck" tests="${RUNS}" failures="${RUNS / FAIL_EVERY}" errors="0" skipped="0" *>`,
      ),
    );
  });
});

describe('a real run of many iterations, end to end', () => {
  // 5,000 by default to keep `npm test` short; GATECHECK_SCALE_RUNS=100000 for the full size (about 35 s of CPU).
  const N = Number(process.env.GATECHECK_SCALE_RUNS ?? 5_000);
  test(`${N} runs: complete JSON and JUnit, every testcase counted`, async () => {
    const r = await runCli([
      'run',
      'test/fixtures/scale/tiny.yaml',
      '--var',
      `baseUrl=${server.url}`,
      '-n',
      String(N),
      '--concurrency',
      '64',
      '-r',
      'json,junit',
      '--reporter-json-export',
      file('real.json'),
      '--reporter-junit-export',
      file('real.xml'),
    ]);
    expect([r.code, r.stderr]).toEqual([
      0,
      `gatecheck: reports written: ${file('real.json')}, ${file('real.xml')}\n`,
    ]);
    const report = JSON.parse(read(file('real.json'))) as Report;
    expect(validateReport(report) ? [] : validateReport.errors).toEqual([]);
    expect(report.runs[0]!.scenarios).toHaveLength(N);
    expect(report.stats.requests).toBe(N);
    const xml = read(file('real.xml'));
    expect(count(xml, '<testcase ')).toBe(N);
    expect(xml).toContain(`<testsuites name="gatecheck" tests="${N}" failures="0" errors="0" skipped="0"`);
  }, 600_000);
});

describe('no report fails silently', () => {
  // An explicit export path is checked before anything is sent (exit 2 naming the flag, see
  // test/adversarial/signals.test.ts); the default path is only found unwritable at the end.
  test('a report that cannot be written: one line, exit 1 though every check passed; the others are written', async () => {
    const cwd = dirname(file('not-a-dir'));
    writeFileSync(join(cwd, 'reports'), 'x');
    const r = await runCli(
      [
        'run',
        join(ROOT, 'test/fixtures/scale/tiny.yaml'),
        '--var',
        `baseUrl=${server.url}`,
        '-r',
        'json,junit',
        '--reporter-junit-export',
        file('ok.xml'),
      ],
      { cwd },
    );
    expect(r.code).toBe(1);
    // The directory cannot be made where a file is (EEXIST or ENOTDIR, by platform).
    expect(r.stderr).toBe(
      `gatecheck: cannot write reports/gatecheck.json: ${/: (E[A-Z]+)\n/.exec(r.stderr)?.[1]}\ngatecheck: reports written: ${file('ok.xml')}\n`,
    );
    expect(r.stderr).toMatch(/: E(EXIST|NOTDIR)\n/);
    expect(count(read(file('ok.xml')), '<testcase ')).toBe(1);
  });
});
