/** JSONPath through jsonpath-plus. A definite path yields one value; a wildcard, filter or recursive path yields the list of matches. */
import { JSONPath } from 'jsonpath-plus';

export type QueryResult = { found: true; value: unknown } | { found: false };

export function queryJson(json: unknown, path: string): QueryResult {
  const matches = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
  if (isDefinite(path)) return matches.length > 0 ? { found: true, value: matches[0] } : { found: false };
  return { found: true, value: matches };
}

/** A path without wildcards, recursion, filters, unions or slices names one place. */
export function isDefinite(path: string): boolean {
  return !/\*|\.\.|\?\(|\[[^\]]*[,:][^\]]*\]/.test(path);
}
