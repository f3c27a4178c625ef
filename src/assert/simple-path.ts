/**
 * A JSONPath made only of names and indices ($.items[0].id, $['a b'].c) as a list
 * of keys. Such paths are read with plain JS, here and in exported Postman scripts;
 * any other path (wildcards, filters, recursion) goes to jsonpath-plus.
 */
export function simplePath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const keys: (string | number)[] = [];
  const token = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = token.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push((m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return keys;
}

/** Reads keys the way jsonpath-plus does: an own property of the value (strings have length). */
export function walk(
  json: unknown,
  keys: readonly (string | number)[],
): { found: true; value: unknown } | { found: false } {
  let value = json;
  for (const key of keys) {
    if (value === null || value === undefined || !Object.prototype.hasOwnProperty.call(Object(value), key))
      return { found: false };
    value = (value as Record<string | number, unknown>)[key];
  }
  return { found: true, value };
}
