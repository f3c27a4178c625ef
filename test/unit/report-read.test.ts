/** The streaming report reader: items in order across chunk boundaries, and one positioned line for a broken file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReport, readReportItems } from '../../src/report/read.js';
import { InputError } from '../../src/source/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-read-'));
const scenario = (i: number, note: string) => ({
  index: i,
  name: `s${i} ${note}`,
  outcome: 'passed',
  steps: [],
  startMs: 0,
  durationMs: 1,
});

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('readReportItems', () => {
  test('fields, runs and scenarios in file order, strings with braces, quotes and multi-byte text across 1 MiB chunks', () => {
    // Names long enough that scenarios straddle the reader's chunk boundaries.
    const tricky = `"}] \\" ] { é 😀 ${'x'.repeat(5000)}`;
    const report = {
      $schema: 'x',
      schemaVersion: 1,
      tool: { name: 'gatecheck', version: '0' },
      startedAt: '2026-01-01T00:00:00.000Z',
      runs: [
        {
          collection: { name: 'a', file: 'a.yaml' },
          scenarios: Array.from({ length: 600 }, (_, i) => scenario(i, tricky)),
          stats: {},
        },
        { collection: { name: 'b', file: 'b.yaml' }, scenarios: [] },
      ],
      outcome: 'passed',
    };
    const f = write('ok.json', JSON.stringify(report, null, 2));
    const items = [...readReportItems(f)];
    expect(
      items.filter((i) => i.type === 'scenario').map((i) => i.type === 'scenario' && i.value.name),
    ).toEqual(report.runs[0]!.scenarios.map((s) => s.name));
    expect(items.map((i) => i.type).filter((t) => t !== 'scenario')).toEqual([
      'field',
      'field',
      'field',
      'field',
      'run-start',
      'run-field',
      'scenarios-start',
      'scenarios-end',
      'run-field',
      'run-end',
      'run-start',
      'run-field',
      'scenarios-start',
      'scenarios-end',
      'run-end',
      'field',
    ]);
    expect(readReport(f)).toEqual(report);
  });

  test('a report cut short is one line naming file:line:col', () => {
    const full = JSON.stringify(
      {
        schemaVersion: 1,
        runs: [{ collection: { file: 'a' }, scenarios: [scenario(0, 'a'), scenario(1, 'b')] }],
      },
      null,
      2,
    );
    const f = write('cut.json', full.slice(0, full.indexOf('"s1')));
    const read = () => [...readReportItems(f)];
    expect(read).toThrow(InputError);
    try {
      read();
    } catch (e) {
      expect((e as InputError).format()).toMatch(
        new RegExp(`^${f.replace(/[.]/g, '\\.')}:\\d+:\\d+: the report ends early$`),
      );
    }
  });

  test('a file that is not a report, or of another schema version, says so', () => {
    for (const text of ['name: x\n', '{"schemaVersion": 2, "runs": []}']) {
      const f = write('other.json', text);
      expect(() => [...readReportItems(f)]).toThrow(
        'not a gatecheck JSON report (schemaVersion 1); write one with -r json',
      );
    }
  });
});
