/**
 * JSONPath for Postman scripts: a path made only of names and indices
 * ($.items[0].id, $['a b'].c) becomes a list of keys read with plain JS; any
 * other path (wildcards, filters, recursion) needs the JSONPath library shipped
 * in the script.
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
