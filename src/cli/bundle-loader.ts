/**
 * Runs the command bundle (dist/bin/gatecheck.cjs) with V8's code cache, which
 * Node 20 keeps for no module: compiling the ~1 MB bundle and the functions a
 * run calls is about a fifth of a cold start (bench/profile.md). `npm run build`
 * writes the cache beside the bundle after a warm-up run (scripts/bundle.mjs);
 * nothing writes it at run time, so no other user's file is ever executed.
 * The cache is used only for the exact source it was made from and only intact:
 * a SHA-256 of the bundle and the cache heads the file, because V8 checks only
 * the source's length and crashes on damaged data. A cache from another V8 is
 * refused by V8; any such case compiles as usual, just slower.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script, constants } from 'node:vm';

export type CacheUse = 'used' | 'rejected' | 'none';

export interface LoadedBundle {
  /** Whether V8 took the cache: 'none' when there is none for this exact source. */
  cache: CacheUse;
  /** Runs the bundle's top level (the command), as Node would run a CommonJS file. */
  run(): void;
  /** The code cache for this source after what has run so far, with its header. */
  cacheData(): Buffer;
}

const HASH_BYTES = 32;
const digest = (source: string, payload: Buffer): Buffer =>
  createHash('sha256').update(source).update(payload).digest();
export const cacheFileOf = (bundle: string): string => `${bundle}.cache`;

export function loadBundle(bundleUrl: URL): LoadedBundle {
  const file = fileURLToPath(bundleUrl);
  // The shebang line is blanked, not removed, so positions in stack traces hold.
  const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  let cached: Buffer | undefined;
  try {
    const data = readFileSync(cacheFileOf(file));
    const payload = data.subarray(HASH_BYTES);
    if (data.length > HASH_BYTES && data.subarray(0, HASH_BYTES).equals(digest(source, payload)))
      cached = payload;
  } catch {
    cached = undefined; // no cache: compile as usual
  }
  // Node's own CommonJS wrapper, plus the bundle's import.meta.url (see scripts/bundle.mjs).
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __gatecheckUrl) {${source}\n})`,
    {
      filename: file,
      cachedData: cached,
      importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  return {
    cache: cached === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used',
    run() {
      const module = { exports: {} };
      const fn = script.runInThisContext() as (...args: unknown[]) => void;
      fn(
        module.exports,
        createRequire(file),
        module,
        file,
        fileURLToPath(new URL('.', bundleUrl)),
        pathToFileURL(file).href,
      );
    },
    cacheData() {
      const payload = script.createCachedData();
      return Buffer.concat([digest(source, payload), payload]);
    },
  };
}

/** For the build: runs the bundle once with `argv` and writes its cache when the process exits. */
export function warmBundle(bundleUrl: URL): void {
  const bundle = loadBundle(bundleUrl);
  process.on('exit', () => writeFileSync(cacheFileOf(fileURLToPath(bundleUrl)), bundle.cacheData()));
  bundle.run();
}
