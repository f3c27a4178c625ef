/**
 * The one path the simulator matches privileges and routes on, normalized as
 * ORDS does before either: percent-encoding decoded, dot segments resolved,
 * empty segments (doubled or trailing slashes) dropped. One string for both,
 * so `/a//b`, `/a/b/`, `/a/./b` or `/%61/b` cannot reach a handler that `/a/b`'s
 * privilege protects without its credentials.
 */
export function normalizePath(pathname: string): string {
  const out: string[] = [];
  for (const raw of pathname.split('/')) {
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // Malformed escapes stay as written (they match nothing configured).
    }
    for (const part of segment.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
  }
  return `/${out.join('/')}`;
}
