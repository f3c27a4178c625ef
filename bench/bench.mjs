// npm run bench: gatecheck, newman (running the suite exported by gatecheck export)
// and a bare undici script, side by side against the ORDS simulator on loopback.
// Prints medians and ratios and writes bench/results.md. A benchmark, not a test.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadCollectionFile } from '../dist/load/collection.js';
import { loadEnvironmentFile } from '../dist/plan/environment.js';
import { exportPostman } from '../dist/postman/export.js';
import { readReportItems } from '../dist/report/read.js';
import { loadDefaultSimConfig } from '../dist/sim/config.js';
import { startSimulator } from '../dist/sim/server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = `${root}bench/.tmp`;
mkdirSync(tmp, { recursive: true });
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 11);
// Other work on the machine inflates wall times (CPU and memory much less): say how busy it was.
const loadAtStart = loadavg()[0];
const node = process.execPath;
const gatecheck = `${root}dist/bin/gatecheck.js`;
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

/** Runs a command; resolves with wall ms, peak RSS (KiB) and CPU ms (user + system), from GNU time. */
function measure(argv) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', ...argv], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const [rss, user, sys] = stderr.trim().split('\n').at(-1).split(' ').map(Number);
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ ms, rss, cpu: (user + sys) * 1000 });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function summary(label, samples) {
  const result = {
    label,
    runs: samples.length,
    ms: median(samples.map((s) => s.ms)),
    rss: median(samples.map((s) => s.rss)),
    cpu: median(samples.map((s) => s.cpu)),
  };
  process.stdout.write(
    `  ${label.padEnd(46)} ${result.ms.toFixed(0).padStart(7)} ms  ${result.cpu.toFixed(0).padStart(6)} ms CPU  ${(result.rss / 1024).toFixed(0).padStart(5)} MiB\n`,
  );
  return result;
}
/**
 * Cases compared with each other are measured interleaved (a, b, c, a, b, c, …), so a
 * change in the machine's load falls on every side alike; each gets the median of its runs.
 */
async function benchSet(runs, cases) {
  const samples = cases.map(() => []);
  for (let i = 0; i < runs; i++)
    for (const [k, [, argv]] of cases.entries()) samples[k].push(await measure(argv));
  return cases.map(([label], k) => summary(label, samples[k]));
}
const bench = async (label, argv, runs = RUNS) => (await benchSet(runs, [[label, argv]]))[0];

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
const [nodeBare, version, oneUndici, oneGatecheck] = await benchSet(COLD_RUNS, [
  ['node -e 0', [node, '-e', '0']],
  ['gatecheck --version', [node, '--', gatecheck, '--version']],
  ['undici script, one request', [node, 'bench/undici-one.mjs', fast.url]],
  ['gatecheck run, one request', gc(fast.url, 'bench/one.yaml')],
]);
const oneNewman = await bench('newman run, one request', nm(fast.url, 'one.postman_collection.json'), 5);

if (process.env.BENCH_ONLY === 'cold') {
  // A quick look at start-up alone: BENCH_ONLY=cold npm run bench (results.md is left as it is).
  process.stdout.write(
    `\nratios: CPU ${(oneGatecheck.cpu / oneUndici.cpu).toFixed(2)} × undici; wall ${(oneGatecheck.ms / oneUndici.ms).toFixed(2)} × undici, ${(oneGatecheck.ms / oneNewman.ms).toFixed(2)} × newman\n`,
  );
  await Promise.all([fast.close(), slow.close()]);
  process.exit(0);
}

process.stdout.write('\n250 requests (50 rounds of 5 requests, 7 checks), 0 ms latency\n');
const [seqUndici, seqGatecheck, defGatecheck] = await benchSet(RUNS, [
  ['undici script, sequential', [node, 'bench/undici-suite.mjs', fast.url, '50', '1']],
  ['gatecheck run --concurrency 1', gc(fast.url, 'bench/suite.yaml', '-n', '50', '--concurrency', '1')],
  ['gatecheck run (default concurrency 8)', gc(fast.url, 'bench/suite.yaml', '-n', '50')],
]);
if (process.env.BENCH_ONLY === 'cpu') {
  // Start-up and the 250-request suite only: BENCH_ONLY=cpu npm run bench (results.md is left as it is).
  process.stdout.write(
    `\nCPU ratios to the undici script: cold start ${(oneGatecheck.cpu / oneUndici.cpu).toFixed(2)}, 250 requests ${(seqGatecheck.cpu / seqUndici.cpu).toFixed(2)}\n`,
  );
  await Promise.all([fast.close(), slow.close()]);
  process.exit(0);
}
const seqNewman = await bench(
  'newman run -n 50',
  nm(fast.url, 'suite.postman_collection.json', '-n', '50'),
  3,
);

process.stdout.write('\n250 requests, 20 ms server latency, 16 in flight\n');
const [latUndici, latGatecheck] = await benchSet(RUNS, [
  ['undici script, 16 in flight', [node, 'bench/undici-suite.mjs', slow.url, '50', '16']],
  ['gatecheck run --concurrency 16', gc(slow.url, 'bench/suite.yaml', '-n', '50', '--concurrency', '16')],
]);
const latNewman = await bench(
  'newman run -n 50 (sequential)',
  nm(slow.url, 'suite.postman_collection.json', '-n', '50'),
  3,
);

process.stdout.write('\nMemory: 1,000 and 10,000 requests, 16 in flight\n');
const [mem1k, mem10k] = await benchSet(3, [
  ['gatecheck run, 1,000 requests', gc(fast.url, 'bench/suite.yaml', '-n', '200', '--concurrency', '16')],
  ['gatecheck run, 10,000 requests', gc(fast.url, 'bench/suite.yaml', '-n', '2000', '--concurrency', '16')],
]);

// Scale: scenario runs of one request and one check with every reporter on; then a million runs
// of a scenario that sends nothing under a 512 MB heap (the runner and the reporters, not a server).
process.stdout.write('\nScale: 10,000 and 100,000 scenario runs, every reporter (cli,json,junit,html)\n');
const allReporters = (n) => [
  ...gc(fast.url, 'bench/scale.yaml', '-n', String(n), '--concurrency', '32', '-q'),
  '-r',
  'cli,json,junit,html',
  '--reporter-json-export',
  `${tmp}/scale-${n}.json`,
  '--reporter-junit-export',
  `${tmp}/scale-${n}.xml`,
  '--reporter-html-export',
  `${tmp}/scale-${n}.html`,
];
// Three of each, interleaved: one run's peak depends on where V8's collections happen to fall.
const [scale10k, scale100k] = await benchSet(3, [
  ['gatecheck run, 10,000 runs, all reporters', allReporters(10_000)],
  ['gatecheck run, 100,000 runs, all reporters', allReporters(100_000)],
]);
const million = await bench(
  '1,000,000 runs (wait 0), cli,json, 512 MB heap',
  [
    node,
    '--max-old-space-size=512',
    '--',
    gatecheck,
    'run',
    'bench/million.yaml',
    '-n',
    '1000000',
    '--concurrency',
    '64',
    '-q',
    '-r',
    'cli,json',
    '--reporter-json-export',
    `${tmp}/million.json`,
  ],
  1,
);
// The million-run report is complete: read back as a stream, every run is in it.
let millionRuns = 0;
for (const item of readReportItems(`${tmp}/million.json`)) if (item.type === 'scenario') millionRuns++;
process.stdout.write(`  million.json read back: ${millionRuns.toLocaleString('en')} scenario runs\n`);
const scaleJunitCases = readFileSync(`${tmp}/scale-100000.xml`, 'utf8').split('<testcase ').length - 1;

await Promise.all([fast.close(), slow.close()]);

const ratio = (a, b) => a / b;
const goals = [
  ['one-request cold start ≤ 1.2 × bare undici script', ratio(oneGatecheck.ms, oneUndici.ms), 1.2],
  ['one-request cold start ≤ 0.4 × newman', ratio(oneGatecheck.ms, oneNewman.ms), 0.4],
  ['250 requests, 0 ms: ≤ 1.5 × sequential undici script', ratio(seqGatecheck.ms, seqUndici.ms), 1.5],
  ['250 requests, 20 ms, 16 in flight: ≤ 1.5 × undici script', ratio(latGatecheck.ms, latUndici.ms), 1.5],
  ['10,000 requests: peak RSS ≤ 1.3 × 1,000 requests', ratio(mem10k.rss, mem1k.rss), 1.3],
  ['CPU, 250 requests: ≤ 1.15 × sequential undici script', ratio(seqGatecheck.cpu, seqUndici.cpu), 1.15],
  ['CPU, one-request cold start: ≤ 1.05 × bare undici script', ratio(oneGatecheck.cpu, oneUndici.cpu), 1.05],
  ['100,000 runs, all reporters: peak RSS ≤ 1.3 × 10,000 runs', ratio(scale100k.rss, scale10k.rss), 1.3],
  [
    '1,000,000 runs under a 512 MB heap: complete (runs in its JSON ÷ 1,000,000)',
    millionRuns / 1_000_000,
    1,
    (v) => v === 1,
  ],
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
  ['10,000 runs, all reporters: gatecheck', scale10k],
  ['100,000 runs, all reporters: gatecheck', scale100k],
  ['1,000,000 runs (wait 0), cli,json, 512 MB heap', million],
];
const table = [
  '| case | median wall | CPU (user + sys) | peak RSS |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map(
    ([label, r]) =>
      `| ${label} | ${r.ms.toFixed(0)} ms | ${r.cpu.toFixed(0)} ms | ${(r.rss / 1024).toFixed(0)} MiB |`,
  ),
  '',
  '| goal | measured | met |',
  '| --- | ---: | :---: |',
  ...goals.map(
    ([goal, value, limit, met = (v) => v <= limit]) =>
      `| ${goal} | ${value.toFixed(2)} | ${met(value) ? 'yes' : 'no'} |`,
  ),
  '',
  `The 100,000-run JUnit report has ${scaleJunitCases.toLocaleString('en')} testcases; the million-run JSON report ${millionRuns.toLocaleString('en')} scenario runs. CPU is user + system time of the whole process, start-up included.`,
  '',
  `Load average (1 min) at the start and end of the run: ${loadAtStart.toFixed(1)} and ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; compare CPU and memory across machines, walls only within one run.`,
  '',
  `Also: gatecheck is ${(seqNewman.ms / seqGatecheck.ms).toFixed(1)} × faster than newman sequentially at 0 ms, and ${(latNewman.ms / latGatecheck.ms).toFixed(1)} × faster at 20 ms latency.`,
  '',
  'Where the remaining CPU and memory go, phase by phase, and what closing the gaps would take: [profile.md](profile.md).',
].join('\n');
process.stdout.write(`\n${table}\n`);
writeFileSync(
  `${root}bench/results.md`,
  `# Benchmark results\n\n\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), Node ${process.version}, medians of ${RUNS} runs (3 for newman and memory, ${COLD_RUNS} for cold starts, 5 for newman's, 3 for the 10,000- and 100,000-run scale runs, 1 for the million); cases compared with each other were run interleaved. Server: the ORDS simulator on 127.0.0.1.\n\n${table}\n`,
);
process.stdout.write('\nwritten: bench/results.md\n');
