#!/usr/bin/env node
/**
 * npm start: start the built-in ORDS simulator on a free port, run the sample
 * security collection against it with the local environment, stop the simulator,
 * and exit with the run's code. Extra arguments go to `gatecheck run`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin/gatecheck.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

const serve = spawn(process.execPath, ['--', bin, 'serve', '--port', '0'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  serve.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.includes('\n')) resolve(out.split('\n')[0]);
  });
  serve.on('exit', (code) => reject(new Error(`the simulator exited (${code}) before it was ready`)));
});

const run = spawn(
  process.execPath,
  [
    '--',
    bin,
    'run',
    'collections/ords-security.yaml',
    '-e',
    'environments/local.yaml',
    '--var',
    `baseUrl=${url}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C reaches both children from the terminal; SIGTERM and SIGHUP (CI, `timeout`, a
// closed terminal) reach only this process: pass them on, so the run writes its reports
// and the simulator never outlives us. The run decides the exit code.
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
for (const name of Object.keys(SIGNALS)) {
  process.on(name, () => {
    if (run.exitCode === null) run.kill(name);
    serve.kill('SIGTERM');
  });
}
run.on('exit', (code, signal) => {
  serve.kill('SIGTERM');
  process.exitCode = code ?? SIGNALS[signal] ?? 1;
});
