/** `{{name}}` references in strings: finding them and filling them in. */

const REF = /\{\{\s*([^{}\s]+)\s*\}\}/g;

export function referencesIn(text: string): string[] {
  if (!text.includes('{{')) return []; // most text, and every request once filled in
  return [...text.matchAll(REF)].map((m) => m[1] ?? '');
}

/** Fills every reference; `lookup` returns undefined for a name it does not know, which is left as written. */
export function interpolate(text: string, lookup: (name: string) => string | undefined): string {
  if (!text.includes('{{')) return text;
  return text.replace(REF, (whole, name: string) => lookup(name) ?? whole);
}

/** Interpolates every string inside a JSON-like value. */
export function interpolateDeep(value: unknown, lookup: (name: string) => string | undefined): unknown {
  if (typeof value === 'string') return interpolate(value, lookup);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, lookup));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, lookup)]));
  }
  return value;
}

/** Calls `visit` for every string inside a value, with its path below `base`. */
export function eachString(
  value: unknown,
  base: readonly (string | number)[],
  visit: (text: string, path: (string | number)[]) => void,
): void {
  if (typeof value === 'string') visit(value, [...base]);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, [...base, i], visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) eachString(v, [...base, k], visit);
  }
}
