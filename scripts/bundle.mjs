#!/usr/bin/env node
/**
 * Bundles the command (dist/cli/main.js, tsc's output) into one file,
 * dist/bin/gatecheck.js. Node 20 has no compile cache for ES modules, and
 * resolving and reading ~90 modules plus yaml's 72 files cost more start-up CPU
 * than the bare undici script spends in all (bench/profile.md). esbuild only
 * links here; tsc still type-checks and transpiles, and the library (dist/index.js)
 * stays unbundled.
 *
 * One file, not chunks: each module's code still runs only when first imported
 * (esbuild keeps `await import()` lazy), and 30 chunk files cost more to load
 * than parsing one. Among dependencies only yaml and the parts of undici the
 * runner imports (src/http/undici-core.ts, interim.ts) are bundled; the others
 * load from node_modules on first use, and the check below keeps it so: a
 * package imported statically anywhere would load on every start.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild-wasm';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED = new Set(['yaml', 'undici']);
const outfile = `${root}dist/bin/gatecheck.js`;
const packageOf = (path) =>
  (path.startsWith('@') ? path.split('/').slice(0, 2) : path.split('/').slice(0, 1)).join('/');

rmSync(`${root}dist/bin`, { recursive: true, force: true });
await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // yaml is CommonJS and requires Node built-ins: in an ES module that takes a real require.
  banner: {
    js: "import { createRequire as __gatecheckRequire } from 'node:module';\nconst require = __gatecheckRequire(import.meta.url);",
  },
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

const eager = [...readFileSync(outfile, 'utf8').matchAll(/^import [^;]*? from "([^"]+)";$/gm)]
  .map((m) => m[1])
  .filter((spec) => !spec.startsWith('node:'));
if (eager.length > 0) {
  console.error(
    `scripts/bundle.mjs: ${[...new Set(eager)].join(', ')} imported statically: every start would load ${eager.length > 1 ? 'them' : 'it'}. Load it on first use (createRequire), as src/ does elsewhere.`,
  );
  process.exit(1);
}
