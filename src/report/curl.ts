/**
 * A request as a curl command line, for the HTML report's detail view. Values
 * are single-quoted for POSIX shells. The report writer masks secrets in it like
 * everywhere else, so a masked credential reads as *****.
 * (Issue 14 adds src/curl/format.ts; this stays the one call site to switch.)
 */
import { formatCurl, type CurlFormPart } from '../curl/format.js';

export interface CurlRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  multipart?: CurlFormPart[];
}

export function curlCommand(r: CurlRequest): string {
  // A multipart body as curl's own -F parts, which curl sends as the same multipart.
  if (r.multipart) return formatCurl({ ...r, headers: r.headers ?? {} }, { multiline: false });
  const parts = ['curl'];
  if (r.method !== 'GET' || r.body !== undefined) parts.push('-X', quote(r.method));
  parts.push(quote(r.url));
  for (const [k, v] of Object.entries(r.headers ?? {})) parts.push('-H', quote(`${k}: ${v}`));
  if (r.body !== undefined) parts.push('--data-raw', quote(r.body));
  return parts.join(' ');
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
