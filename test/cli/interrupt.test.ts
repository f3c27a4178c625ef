/** Ctrl-C during a run: stop sending, abort what is in flight, write the reports for what finished, exit 130. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { startFaultServer } from '../helpers/faults.js';

test('SIGINT: exit 130 within moments, the report written and marked interrupted', async () => {
  const faults = await startFaultServer();
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-sigint-'));
  const collection = join(dir, 'slow.yaml');
  writeFileSync(
    collection,
    `name: slow
baseUrl: '${faults.url}'
scenarios:
  - { name: quick, request: { url: /ok } }
  - { name: hangs, request: { url: /never-answers, timeoutMs: 60000 } }
  - { name: never started, request: { url: /ok } }
`,
  );
  try {
    const child = spawn(
      process.execPath,
      [
        '--',
        BIN,
        'run',
        collection,
        '--concurrency',
        '1',
        '-r',
        'cli,json',
        '--reporter-json-export',
        join(dir, 'r.json'),
      ],
      { cwd: ROOT },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Interrupt once the hanging request has reached the server (not after a guessed delay).
    while (!faults.hits.get('/never-answers')) await new Promise((r) => setTimeout(r, 20));
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(Date.now() - interruptedAt).toBeLessThan(3000);
    expect(stderr).toBe(`gatecheck: reports written: ${join(dir, 'r.json')}\n`);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(report.interrupted).toBe(true);
    // The last line says so: never PASSED, whatever had finished.
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^INTERRUPTED 3 scenarios: 1 passed, 1 failed, 1 skipped/,
    );
    expect(report.runs[0]!.scenarios.map((s) => [s.name, s.outcome, s.steps[0]?.error?.code])).toEqual([
      ['quick', 'passed', undefined],
      ['hangs', 'failed', 'E_INTERRUPTED'],
      ['never started', 'skipped', undefined],
    ]);
  } finally {
    await faults.close();
  }
});
