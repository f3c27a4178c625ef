/**
 * Load-time checks of JSONPaths and URLs, so a typo is a positioned error rather
 * than a different check: jsonpath-plus reads `$.items[` as `$.items`.
 */

/** What is wrong with a JSONPath's structure, or undefined. */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return `JSONPath "${path}" must start with $`;
  let brackets = 0;
  let parens = 0;
  let quote: string | undefined;
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === "'" || c === '"') && brackets > 0) quote = c;
    else if (c === '[') brackets++;
    else if (c === ']' && --brackets < 0) return `JSONPath "${path}" has a ] without [`;
    else if (c === '(') parens++;
    else if (c === ')' && --parens < 0) return `JSONPath "${path}" has a ) without (`;
  }
  if (quote) return `JSONPath "${path}" has an unclosed quote`;
  if (brackets > 0) return `JSONPath "${path}" has an unclosed [`;
  if (parens > 0) return `JSONPath "${path}" has an unclosed (`;
  if (/\.$/.test(path)) return `JSONPath "${path}" ends with "."`;
  return undefined;
}

/** Credentials in a URL would be sent nowhere (fetch-style clients drop them) and printed raw: refused. */
export const USERINFO_REFUSED =
  'credentials in the URL (user:password@) are refused: they would be printed unmasked; use a basic auth profile';

/**
 * What WHATWG's URL parser (undici's) would drop or rewrite silently, or undefined:
 * tabs and newlines are removed, leading and trailing spaces trimmed, and `\` before
 * the query sent as `/`. The request sent is the request written, so these are errors
 * (Postman mode repairs such URLs as Postman does instead: postman/request-url.ts).
 */
export function urlRewriteProblem(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const control = /[\u0000-\u001f\u007f]/.exec(url);
  if (control)
    return `URL has a control character (${JSON.stringify(control[0])} at column ${control.index + 1}), which would be removed before sending; percent-encode it if it is meant (${encodeURIComponent(control[0])})`;
  if (url !== url.trim()) return 'URL has leading or trailing spaces, which would be removed before sending';
  const beforeQuery = url.split(/[?#]/, 1)[0]!;
  if (beforeQuery.includes('\\'))
    return 'URL has a backslash before its query, which would be sent as "/"; write "/" or percent-encode it (%5C)';
  return undefined;
}

/** What is wrong with a request URL as written, or undefined (URLs with variables are checked when sent). */
export function urlProblem(url: string, hasBaseUrl: boolean): string | undefined {
  const rewritten = urlRewriteProblem(url);
  if (rewritten) return rewritten;
  if (url.includes('{{')) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url))
    return hasBaseUrl ? undefined : `"${url}" is relative, and the collection has no baseUrl`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `invalid URL "${url}"`;
  }
  if (parsed.username || parsed.password) return USERINFO_REFUSED;
  return parsed.protocol === 'http:' || parsed.protocol === 'https:'
    ? undefined
    : `unsupported URL scheme ${parsed.protocol} (http and https only)`;
}
