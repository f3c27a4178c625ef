/**
 * The command bundle's code cache (src/cli/bundle-loader.ts) on the built bundle:
 * used for the source it was made from, never for another one, even of the same
 * length (V8 itself compares only lengths), and never a damaged one (V8 crashes on it).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheFileOf, loadBundle } from '../../src/cli/bundle-loader.js';

const BUNDLE = new URL('../../dist/bin/gatecheck.cjs', import.meta.url);

function copy(edit: (source: string) => string, editCache: (cache: Buffer) => Buffer = (c) => c): URL {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-bundle-'));
  const file = join(dir, 'gatecheck.cjs');
  writeFileSync(file, edit(readFileSync(BUNDLE, 'utf8')));
  writeFileSync(cacheFileOf(file), editCache(readFileSync(cacheFileOf(BUNDLE.pathname))));
  return pathToFileURL(file);
}

test('npm run build leaves a cache that V8 takes for the bundle', () => {
  expect(loadBundle(BUNDLE).cache).toBe('used');
});

test('a cache made for other source of the same length is not given to V8', () => {
  const url = copy((s) => s.replace('"0.1.0"', '"0.1.1"').replace('gatecheck', 'gatecheCk'));
  expect(readFileSync(url, 'utf8').length).toBe(readFileSync(BUNDLE, 'utf8').length);
  expect(loadBundle(url).cache).toBe('none');
});

test('a damaged cache is never given to V8 (it would crash on it): the bundle compiles as usual', () => {
  const url = copy(
    (s) => s,
    (c) => {
      const damaged = Buffer.from(c);
      for (let i = 64; i < damaged.length; i += 97) damaged[i] = damaged[i]! ^ 0xff;
      return damaged;
    },
  );
  expect(loadBundle(url).cache).toBe('none');
});

test('no cache file: compiled as usual', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-bundle-'));
  copyFileSync(BUNDLE, join(dir, 'gatecheck.cjs'));
  expect(loadBundle(pathToFileURL(join(dir, 'gatecheck.cjs'))).cache).toBe('none');
});
