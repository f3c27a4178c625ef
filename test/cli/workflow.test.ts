/**
 * The example CI workflow works on a fresh clone: its `run:` steps, in order, in
 * a copy of the files git would clone (tracked and new, not ignored: no dist/,
 * no reports/). The one substitution: `npm ci` downloads nothing here; the copy
 * gets this checkout's node_modules and runs what `npm ci` runs after
 * installing, the prepare script (which builds).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';

interface Workflow {
  jobs: Record<string, { steps: { run?: string; uses?: string }[] }>;
}

test('examples/github-actions.yml: its steps pass on a fresh clone and leave the reports', () => {
  const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions.yml'), 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));
  expect(steps[0]).toBe('npm ci');

  const clone = join(mkdtempSync(join(tmpdir(), 'gatecheck-clone-')), 'gatecheck');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(clone, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(clone, f));
  }
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');

  for (const step of steps) {
    const command = step === 'npm ci' ? 'npm run prepare' : step;
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', command], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    });
    expect([step, r.status, r.status === 0 ? '' : `${r.stdout}\n${r.stderr}`]).toEqual([step, 0, '']);
  }
  expect(existsSync(join(clone, 'reports/junit.xml'))).toBe(true);
  expect(existsSync(join(clone, 'reports/report.html'))).toBe(true);
}, 300_000);
