/**
 * A request as a runnable curl command, secrets masked:
 *   curl -X POST 'http://127.0.0.1:8787/ords/myapi/myapi/hello' \
 *     -H 'authorization: Bearer *****' \
 *     --data-raw '{"a":1}'
 * Every value is single-quoted, so the shell passes it through unchanged; the
 * masking function runs on each value before quoting.
 */
export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** A multipart/form-data body's parts: shown as -F parts, which curl sends as the same multipart. */
  multipart?: CurlFormPart[];
}

/** A text part, or a file part read from `file` (sent with its base name, as curl does too). */
export type CurlFormPart =
  | { name: string; value: string; contentType?: string }
  | { name: string; file: string; contentType?: string };

export interface CurlFormatOptions {
  /** Applied to the URL, every header value and the body (e.g. SecretSet.mask). */
  mask?: (text: string) => string;
  /** Add -k (the run did not verify TLS). */
  insecure?: boolean;
  /** Add -L (the request followed redirects). */
  followRedirects?: boolean;
  /** Put each option on its own line (default true). */
  multiline?: boolean;
}

export function formatCurl(request: CurlRequest, options: CurlFormatOptions = {}): string {
  const mask = options.mask ?? ((s: string) => s);
  const parts: string[] = ['curl'];
  const method = request.method.toUpperCase();
  const form = request.multipart && formOptions(request.multipart, mask);
  const implied = request.body !== undefined || form ? 'POST' : 'GET';
  const head = [
    ...(method === 'HEAD' ? ['-I'] : method !== implied ? [`-X ${method}`] : []),
    ...(options.insecure ? ['-k'] : []),
    ...(options.followRedirects ? ['-L'] : []),
    shellQuote(mask(request.url)),
  ];
  parts.push(head.join(' '));
  for (const [k, v] of Object.entries(request.headers)) {
    // With -F, curl writes the multipart Content-Type with its own boundary (and the length).
    if (form && /^content-(type|length)$/i.test(k)) continue;
    parts.push(`-H ${shellQuote(`${k}: ${mask(v)}`)}`);
  }
  if (form) parts.push(...form);
  else if (request.body !== undefined) parts.push(`--data-raw ${shellQuote(mask(request.body))}`);
  return parts.join(options.multiline === false ? ' ' : ' \\\n  ');
}

/**
 * Each part as curl's -F takes it: `-F 'name=value'`, `-F 'name=@path;type=…'`.
 * A text value curl would read as a file (`@…`, `<…`) or whose `;` it would
 * parse goes as --form-string, or double-quoted when it has a type; a name with
 * `=` cannot be written for -F, so the body stays --data-raw (undefined).
 */
function formOptions(multipart: CurlFormPart[], mask: (text: string) => string): string[] | undefined {
  if (multipart.some((p) => p.name.includes('='))) return undefined;
  return multipart.map((part) => {
    const type = part.contentType === undefined ? '' : `;type=${mask(part.contentType)}`;
    const name = mask(part.name);
    if ('file' in part) return `-F ${shellQuote(`${name}=@${formWord(mask(part.file))}${type}`)}`;
    const value = mask(part.value);
    const literal = /^[@<"]/.test(value) || value.includes(';') || /^\s|\s$/.test(value);
    if (!literal) return `-F ${shellQuote(`${name}=${value}${type}`)}`;
    if (!type) return `--form-string ${shellQuote(`${name}=${value}`)}`;
    return `-F ${shellQuote(`${name}=${formWord(value, true)}${type}`)}`;
  });
}

/** A word of curl's -F syntax: double-quoted (\\ and \" escaped) when it holds what curl would parse. */
function formWord(text: string, always = false): string {
  return always || /[;,"]/.test(text) || /^\s|\s$/.test(text)
    ? `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`
    : text;
}

/** POSIX single quotes: nothing inside is special except the quote itself. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
