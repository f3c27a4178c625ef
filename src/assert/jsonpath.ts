/**
 * JSONPath queries. A definite path yields one value; a wildcard, filter or
 * recursive path yields the list of matches. Names-and-indices paths are read
 * directly; jsonpath-plus loads only for the others.
 */
import { createRequire } from 'node:module';
import type * as JsonPathPlus from 'jsonpath-plus';
import { simplePath, walk } from './simple-path.js';

export type QueryResult = { found: true; value: unknown } | { found: false };

let engine: typeof JsonPathPlus.JSONPath | undefined;
const simple = new Map<string, (string | number)[] | null>();

export function queryJson(json: unknown, path: string): QueryResult {
  let keys = simple.get(path);
  if (keys === undefined) {
    keys = simplePath(path) ?? null;
    simple.set(path, keys);
  }
  if (keys) return walk(json, keys);
  engine ??= (createRequire(import.meta.url)('jsonpath-plus') as typeof JsonPathPlus).JSONPath;
  const matches = engine({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
  if (isDefinite(path)) return matches.length > 0 ? { found: true, value: matches[0] } : { found: false };
  return { found: true, value: matches };
}

/** A path without wildcards, recursion, filters, unions or slices names one place. */
export function isDefinite(path: string): boolean {
  return !/\*|\.\.|\?\(|\[[^\]]*[,:][^\]]*\]/.test(path);
}
