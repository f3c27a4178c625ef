import { buildReport } from '../../src/report/json.js';
import { createProgress } from '../../src/report/progress.js';
import { renderReportFiles } from '../../src/report/render.js';
import type { FileReporter } from '../../src/report/types.js';

describe('renderReportFiles', () => {
  test('a reporter that throws is reported; the others still produce their files', async () => {
    const good: FileReporter = {
      name: 'good',
      defaultPath: 'reports/good.txt',
      render: (r) => `outcome ${r.outcome}`,
    };
    const errors: string[] = [];
    const files = await renderReportFiles(
      buildReport([], '0.0.0'),
      [{ name: 'boom' }, { name: 'good', path: 'out/custom.txt' }],
      (name, e) => errors.push(`${name}: ${(e as Error).message}`),
      {
        boom: async () => ({
          name: 'boom',
          defaultPath: 'x',
          render: () => {
            throw new Error('broken reporter');
          },
        }),
        good: async () => good,
      },
    );
    expect(errors).toEqual(['boom: broken reporter']);
    expect(files).toEqual([{ reporter: 'good', path: 'out/custom.txt', content: 'outcome passed' }]);
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

  test('the CLI shows no progress line when stdout is not a terminal', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const r = await runCli(['run', 'collections/unsecured.yaml', '--var', 'baseUrl=http://127.0.0.1:1']);
    expect(r.stdout).not.toContain('\r');
  });
});
