#!/usr/bin/env node
/**
 * Builds dist/ only when its inputs changed since the last build: `npm start`,
 * `npm test` and the `prepare` that `npm ci`, git installs and `npm pack` run all
 * come through here, so a second one costs milliseconds instead of a tsc run.
 * The inputs are hashed by content (not mtime), so a checkout or a copy that
 * keeps old timestamps cannot leave a stale build behind.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = [
  'src',
  'schema',
  'scripts/compile-schemas.mjs',
  'scripts/bundle.mjs',
  'tsconfig.json',
  'tsconfig.build.json',
];
const STAMP = join(root, 'dist', '.inputs-sha256');

function files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  try {
    return readdirSync(full, { withFileTypes: true })
      .flatMap((e) => files(relative(root, join(full, e.name))))
      .sort();
  } catch {
    return [path]; // a file, not a directory
  }
}

// An installed package ships dist/ and no sources: nothing to build from.
if (!existsSync(join(root, 'src'))) process.exit(0);

const hash = createHash('sha256');
for (const file of INPUTS.flatMap(files)) hash.update(`${file}\0`).update(readFileSync(join(root, file)));
const digest = hash.digest('hex');

const built = existsSync(STAMP) && existsSync(join(root, 'dist/bin/gatecheck.js'));
if (built && readFileSync(STAMP, 'utf8') === digest) process.exit(0);

const npm = process.env.npm_execpath;
const result = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: true });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(STAMP, digest);
