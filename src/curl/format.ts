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
}

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
  const implied = request.body !== undefined ? 'POST' : 'GET';
  const head = [
    ...(method === 'HEAD' ? ['-I'] : method !== implied ? [`-X ${method}`] : []),
    ...(options.insecure ? ['-k'] : []),
    ...(options.followRedirects ? ['-L'] : []),
    shellQuote(mask(request.url)),
  ];
  parts.push(head.join(' '));
  for (const [k, v] of Object.entries(request.headers)) parts.push(`-H ${shellQuote(`${k}: ${mask(v)}`)}`);
  if (request.body !== undefined) parts.push(`--data-raw ${shellQuote(mask(request.body))}`);
  return parts.join(options.multiline === false ? ' ' : ' \\\n  ');
}

/** POSIX single quotes: nothing inside is special except the quote itself. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
