/**
 * Runs the built gatecheck binary (npm test builds first) as its shebang does:
 * `node -- main.js`, so Node 20 does not take our --env-file for its own.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/bin/gatecheck.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every reporter on, its files in `dir`: the flags to pass and where each report goes. */
export function everyReport(dir: string): {
  files: { json: string; junit: string; html: string };
  flags: string[];
} {
  const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml'), html: join(dir, 'r.html') };
  const flags = ['-r', 'cli,json,junit,html'];
  flags.push('--reporter-json-export', files.json, '--reporter-junit-export', files.junit);
  flags.push('--reporter-html-export', files.html);
  return { files, flags };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--', BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Starts `gatecheck serve` and resolves with its URL once it prints the first line. */
export function startServe(
  args: string[] = [],
): Promise<{ url: string; child: ChildProcessWithoutNullStreams; exited: Promise<CliResult> }> {
  const child = spawn(process.execPath, ['--', BIN, 'serve', '--port', '0', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolve({ url: stdout.slice(0, newline), child, exited });
    });
    void exited.then((r) => reject(new Error(`serve exited early (${r.code}): ${r.stderr}`)));
  });
}
