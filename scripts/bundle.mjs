#!/usr/bin/env node
/**
 * Bundles the command (dist/cli/main.js, tsc's output) into one CommonJS file,
 * dist/bin/gatecheck.cjs, and makes its V8 code cache. The `gatecheck` bin,
 * dist/bin/gatecheck.js, runs it through src/cli/bundle-loader.ts. Node 20 has
 * no compile cache, and resolving, reading and compiling ~90 modules plus
 * yaml's 72 files and undici's 33 cost more start-up CPU than the bare undici
 * script spends in all (bench/profile.md). esbuild only links here; tsc still
 * type-checks and transpiles, and the library (dist/index.js) stays unbundled.
 *
 * One file, not chunks: each module's code still runs only when first imported
 * (esbuild keeps `await import()` lazy), and 30 chunk files cost more to load
 * than parsing one. Among dependencies only yaml and the parts of undici the
 * runner imports (src/http/undici-core.ts, interim.ts) are bundled; the others
 * load from node_modules on first use, and the check below keeps it so: a
 * package imported statically anywhere would load on every start.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild-wasm';
import { loadDefaultSimConfig } from '../dist/sim/config.js';
import { startSimulator } from '../dist/sim/server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED = new Set(['yaml', 'undici']);
const bundle = `${root}dist/bin/gatecheck.cjs`;
const packageOf = (path) =>
  (path.startsWith('@') ? path.split('/').slice(0, 2) : path.split('/').slice(0, 1)).join('/');

rmSync(`${root}dist/bin`, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  // The loader passes the bundle's own URL (bundle-loader.ts): modules reach package files and packages from it.
  define: { 'import.meta.url': '__gatecheckUrl' },
  plugins: [
    {
      name: 'packages-stay-in-node-modules',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, ({ path }) =>
          path.startsWith('node:') || BUNDLED.has(packageOf(path)) ? undefined : { path, external: true },
        );
      },
    },
  ],
});

// import() does not work in a script compiled from a code cache (bundle-loader.ts): packages load with require.
const dynamic = [...readFileSync(bundle, 'utf8').matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]);
if (dynamic.length > 0) {
  console.error(`scripts/bundle.mjs: import(${dynamic.join(', ')}) fails in the bundle; use createRequire.`);
  process.exit(1);
}
const builtins = new Set(builtinModules);
const eager = [...readFileSync(bundle, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)]
  .map((m) => m[1])
  .filter((spec) => !spec.startsWith('node:') && !builtins.has(spec));
if (eager.length > 0) {
  console.error(
    `scripts/bundle.mjs: ${[...new Set(eager)].join(', ')} imported statically: every start would load it. Load it on first use (createRequire), as src/ does elsewhere.`,
  );
  process.exit(1);
}

writeFileSync(
  `${root}dist/bin/gatecheck.js`,
  `#!/usr/bin/env -S node --
// The gatecheck command: the bundle, run with its code cache (src/cli/bundle-loader.ts).
import { loadBundle } from '../cli/bundle-loader.js';

loadBundle(new URL('./gatecheck.cjs', import.meta.url)).run();
`,
);
chmodSync(`${root}dist/bin/gatecheck.js`, 0o755);
// dist/cli/main.js was the bin before the bundle, and npx keeps a checkout's bin link in
// its cache: a checkout that ran npx before still starts it, so it stays executable.
chmodSync(`${root}dist/cli/main.js`, 0o755);

// The code cache: a run of the benchmark suite against the simulator, with every
// reporter, compiles what a run calls; the cache keeps it.
const sim = await startSimulator({ model: loadDefaultSimConfig(), port: 0 });
const out = mkdtempSync(join(tmpdir(), 'gatecheck-warm-'));
// Not spawnSync: the simulator answers from this process's event loop.
const warm = await promisify(execFile)(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `import { warmBundle } from ${JSON.stringify(`${root}dist/cli/bundle-loader.js`)}; warmBundle(new URL(${JSON.stringify(pathToFileURL(bundle).href)}));`,
    '--',
    'warm-up',
    'run',
    'bench/suite.yaml',
    '-n',
    '2',
    '-e',
    'environments/local.yaml',
    '--var',
    `baseUrl=${sim.url}`,
    '-r',
    'cli,json,junit,html',
    '--reporter-json-export',
    join(out, 'r.json'),
    '--reporter-junit-export',
    join(out, 'r.xml'),
    '--reporter-html-export',
    join(out, 'r.html'),
  ],
  { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
).then(
  () => undefined,
  (e) => e,
);
await sim.close();
rmSync(out, { recursive: true, force: true });
if (warm) {
  console.error(
    `scripts/bundle.mjs: the warm-up run failed (exit ${warm.code}):\n${warm.stdout}${warm.stderr}`,
  );
  process.exit(1);
}
