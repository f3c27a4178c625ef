import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress } from '../../src/report/progress.js';
import { openReportStream } from '../../src/report/render.js';
import type { StreamingReporter } from '../../src/report/types.js';
import { emptyStats } from '../../src/model/stats.js';

describe('openReportStream', () => {
  test('a reporter that throws is reported and leaves no file; the others still write theirs, masked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatecheck-stream-'));
    const good: StreamingReporter = {
      name: 'good',
      defaultPath: join(dir, 'good.txt'),
      open: (out) => ({
        runStart: (run) => out.write(`run ${run.collection.name}\n`),
        scenario: (s) => out.write(`scenario ${s.name}\n`),
        runEnd: () => undefined,
        close: (totals) => out.write(`outcome ${totals.outcome}\n`),
      }),
    };
    const boom: StreamingReporter = {
      name: 'boom',
      defaultPath: join(dir, 'boom.txt'),
      open: (out) => ({
        runStart: () => out.write('started\n'),
        scenario: () => {
          throw new Error('broken reporter');
        },
        runEnd: () => undefined,
        close: () => undefined,
      }),
    };
    const stream = await openReportStream(
      [{ name: 'boom' }, { name: 'good', path: join(dir, 'custom.txt') }],
      { startedAt: new Date().toISOString(), version: '0.0.0' },
      (t) => t.replaceAll('hunter2', '*****'),
      { boom: async () => boom, good: async () => good },
    );
    stream.runStart({ collection: { name: 'c', file: 'c.yaml' }, startedAt: new Date().toISOString() });
    stream.scenario({
      index: 0,
      name: 'login as hunter2',
      outcome: 'passed',
      steps: [],
      startMs: 0,
      durationMs: 1,
    });
    stream.runEnd({
      collection: { name: 'c', file: 'c.yaml' },
      startedAt: new Date().toISOString(),
      durationMs: 1,
      outcome: 'passed',
      interrupted: false,
      stats: emptyStats(),
    });
    const outcome = stream.close();
    expect(outcome).toEqual({
      written: [join(dir, 'custom.txt')],
      failed: [
        {
          reporter: 'boom',
          path: join(dir, 'boom.txt'),
          message: 'the boom reporter failed: broken reporter',
        },
      ],
    });
    expect(readFileSync(join(dir, 'custom.txt'), 'utf8')).toBe(
      'run c\nscenario login as *****\noutcome passed\n',
    );
    expect(existsSync(join(dir, 'boom.txt'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['custom.txt']); // no temporary file left behind
  });
});

describe('progress line', () => {
  const setup = () => {
    let t = 0;
    const out: string[] = [];
    const progress = createProgress({
      write: (s) => out.push(s),
      total: 10,
      now: () => t,
      delayMs: 2000,
      intervalMs: 0,
    });
    return { out, progress, at: (ms: number) => (t = ms) };
  };

  test('absent for the first seconds, then "[done/total] failed · elapsed", cleared around other output', () => {
    const { out, progress, at } = setup();
    progress.update(1, 0);
    expect(out).toEqual([]);
    at(2500);
    progress.update(3, 1);
    expect(out.at(-1)).toBe('\r\x1b[2K[3/10] 1 failed · 2.5 s');
    out.length = 0;
    progress.around(() => out.push('scenario block\n'));
    expect(out).toEqual(['\r\x1b[2K', 'scenario block\n', '\r\x1b[2K[3/10] 1 failed · 2.5 s']);
    progress.stop();
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });

  test('past the planned total (a setNextRequest loop) it counts on without a total, never vanishing', () => {
    const { out, progress, at } = setup();
    at(2500);
    progress.update(10, 0);
    // At the total the run is ending: nothing is redrawn.
    expect(out).toEqual([]);
    progress.update(11, 1);
    expect(out.at(-1)).toBe('\r\x1b[2K[11] 1 failed · 2.5 s');
    at(4000);
    progress.update(12, 1);
    expect(out.at(-1)).toBe('\r\x1b[2K[12] 1 failed · 4.0 s');
    progress.stop();
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });

  test('the CLI shows no progress line when stdout is not a terminal', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const r = await runCli(['run', 'collections/unsecured.yaml', '--var', 'baseUrl=http://127.0.0.1:1']);
    expect(r.stdout).not.toContain('\r');
  });
});
