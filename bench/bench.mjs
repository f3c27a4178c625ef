// npm run bench: gatecheck, newman (running the suite exported by gatecheck export)
// and a bare undici script, side by side against the ORDS simulator on loopback.
// Prints medians and ratios and writes bench/results.md. A benchmark, not a test.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadCollectionFile } from '../dist/load/collection.js';
import { loadEnvironmentFile } from '../dist/plan/environment.js';
import { exportPostman } from '../dist/postman/export.js';
import { loadDefaultSimConfig } from '../dist/sim/config.js';
import { startSimulator } from '../dist/sim/server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = `${root}bench/.tmp`;
mkdirSync(tmp, { recursive: true });
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const node = process.execPath;
const gatecheck = `${root}dist/cli/main.js`;
const newman = `${root}node_modules/newman/bin/newman.js`;

function simModel(latencyMs) {
  const model = loadDefaultSimConfig();
  model.settings.latencyMs = latencyMs;
  return model;
}
const [fast, slow] = await Promise.all([
  startSimulator({ model: simModel(0), port: 0 }),
  startSimulator({ model: simModel(20), port: 0 }),
]);

// The suite, exported for newman with its environment (secrets passed as --env-var, as in CI).
const env = loadEnvironmentFile(`${root}environments/local.yaml`);
for (const name of ['suite', 'one']) {
  const { collection, source } = loadCollectionFile(`${root}bench/${name}.yaml`);
  const out = exportPostman(collection, source, env, {});
  writeFileSync(`${tmp}/${name}.postman_collection.json`, JSON.stringify(out.collection));
  writeFileSync(`${tmp}/env.postman_environment.json`, JSON.stringify(out.environment));
}
const secrets = ['ORDS_CLIENT_SECRET=7KZWVPkkzNZ_gpcS0l-YFw..', 'ORDS_PASSWORD=qa_password'];

/** Runs a command; resolves with wall ms and peak RSS (KiB, from GNU time). */
function measure(argv) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', ...argv], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rss = Number(stderr.trim().split('\n').at(-1));
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ ms, rss });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function bench(label, argv, runs = RUNS) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(argv));
  const result = { label, ms: median(samples.map((s) => s.ms)), rss: median(samples.map((s) => s.rss)) };
  process.stdout.write(
    `  ${label.padEnd(46)} ${result.ms.toFixed(0).padStart(7)} ms  ${(result.rss / 1024).toFixed(0).padStart(5)} MiB\n`,
  );
  return result;
}

const gc = (base, ...args) => [
  node,
  '--',
  gatecheck,
  'run',
  ...args,
  '-e',
  'environments/local.yaml',
  '--var',
  `baseUrl=${base}`,
];
const nm = (base, file, ...args) => [
  node,
  newman,
  'run',
  `${tmp}/${file}`,
  '-e',
  `${tmp}/env.postman_environment.json`,
  '--env-var',
  `baseUrl=${base}`,
  ...secrets.flatMap((s) => ['--env-var', s]),
  ...args,
];

process.stdout.write(
  `gatecheck benchmark: ${cpus().length} cores, Node ${process.version}, ${RUNS} runs each (medians)\n\nCold start\n`,
);
const nodeBare = await bench('node -e 0', [node, '-e', '0'], 7);
const version = await bench('gatecheck --version', [node, '--', gatecheck, '--version'], 7);
const oneUndici = await bench('undici script, one request', [node, 'bench/undici-one.mjs', fast.url], 7);
const oneGatecheck = await bench('gatecheck run, one request', gc(fast.url, 'bench/one.yaml'), 7);
const oneNewman = await bench('newman run, one request', nm(fast.url, 'one.postman_collection.json'), 7);

if (process.env.BENCH_ONLY === 'cold') {
  // A quick look at start-up alone: BENCH_ONLY=cold npm run bench (results.md is left as it is).
  process.stdout.write(
    `\nratios: ${(oneGatecheck.ms / oneUndici.ms).toFixed(2)} × undici, ${(oneGatecheck.ms / oneNewman.ms).toFixed(2)} × newman\n`,
  );
  await Promise.all([fast.close(), slow.close()]);
  process.exit(0);
}

process.stdout.write('\n250 requests (50 rounds of 5 requests, 7 checks), 0 ms latency\n');
const seqUndici = await bench('undici script, sequential', [
  node,
  'bench/undici-suite.mjs',
  fast.url,
  '50',
  '1',
]);
const seqGatecheck = await bench(
  'gatecheck run --concurrency 1',
  gc(fast.url, 'bench/suite.yaml', '-n', '50', '--concurrency', '1'),
);
const defGatecheck = await bench(
  'gatecheck run (default concurrency 8)',
  gc(fast.url, 'bench/suite.yaml', '-n', '50'),
);
const seqNewman = await bench(
  'newman run -n 50',
  nm(fast.url, 'suite.postman_collection.json', '-n', '50'),
  3,
);

process.stdout.write('\n250 requests, 20 ms server latency, 16 in flight\n');
const latUndici = await bench('undici script, 16 in flight', [
  node,
  'bench/undici-suite.mjs',
  slow.url,
  '50',
  '16',
]);
const latGatecheck = await bench(
  'gatecheck run --concurrency 16',
  gc(slow.url, 'bench/suite.yaml', '-n', '50', '--concurrency', '16'),
);
const latNewman = await bench(
  'newman run -n 50 (sequential)',
  nm(slow.url, 'suite.postman_collection.json', '-n', '50'),
  3,
);

process.stdout.write('\nMemory: 1,000 and 10,000 requests, 16 in flight\n');
const mem1k = await bench(
  'gatecheck run, 1,000 requests',
  gc(fast.url, 'bench/suite.yaml', '-n', '200', '--concurrency', '16'),
  3,
);
const mem10k = await bench(
  'gatecheck run, 10,000 requests',
  gc(fast.url, 'bench/suite.yaml', '-n', '2000', '--concurrency', '16'),
  3,
);

await Promise.all([fast.close(), slow.close()]);

const ratio = (a, b) => a / b;
const goals = [
  ['one-request cold start ≤ 1.2 × bare undici script', ratio(oneGatecheck.ms, oneUndici.ms), 1.2],
  ['one-request cold start ≤ 0.4 × newman', ratio(oneGatecheck.ms, oneNewman.ms), 0.4],
  ['250 requests, 0 ms: ≤ 1.5 × sequential undici script', ratio(seqGatecheck.ms, seqUndici.ms), 1.5],
  ['250 requests, 20 ms, 16 in flight: ≤ 1.5 × undici script', ratio(latGatecheck.ms, latUndici.ms), 1.5],
  ['10,000 requests: peak RSS ≤ 1.3 × 1,000 requests', ratio(mem10k.rss, mem1k.rss), 1.3],
];
const rows = [
  ['node -e 0', nodeBare],
  ['gatecheck --version', version],
  ['one request: undici script', oneUndici],
  ['one request: gatecheck', oneGatecheck],
  ['one request: newman', oneNewman],
  ['250 req, 0 ms: undici sequential', seqUndici],
  ['250 req, 0 ms: gatecheck --concurrency 1', seqGatecheck],
  ['250 req, 0 ms: gatecheck default (8)', defGatecheck],
  ['250 req, 0 ms: newman', seqNewman],
  ['250 req, 20 ms: undici 16 in flight', latUndici],
  ['250 req, 20 ms: gatecheck --concurrency 16', latGatecheck],
  ['250 req, 20 ms: newman', latNewman],
  ['1,000 req: gatecheck', mem1k],
  ['10,000 req: gatecheck', mem10k],
];
const table = [
  '| case | median wall | peak RSS |',
  '| --- | ---: | ---: |',
  ...rows.map(([label, r]) => `| ${label} | ${r.ms.toFixed(0)} ms | ${(r.rss / 1024).toFixed(0)} MiB |`),
  '',
  '| goal | measured | met |',
  '| --- | ---: | :---: |',
  ...goals.map(
    ([goal, value, limit]) => `| ${goal} | ${value.toFixed(2)} | ${value <= limit ? 'yes' : 'no'} |`,
  ),
  '',
  `Also: gatecheck is ${(seqNewman.ms / seqGatecheck.ms).toFixed(1)} × faster than newman sequentially at 0 ms, and ${(latNewman.ms / latGatecheck.ms).toFixed(1)} × faster at 20 ms latency.`,
].join('\n');
process.stdout.write(`\n${table}\n`);
writeFileSync(
  `${root}bench/results.md`,
  `# Benchmark results\n\n\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), Node ${process.version}, medians of ${RUNS} runs (3 for newman and memory, 7 for cold starts). Server: the ORDS simulator on 127.0.0.1.\n\n${table}\n`,
);
process.stdout.write('\nwritten: bench/results.md\n');
