/**
 * A multipart/form-data body, byte for byte as newman sends it (postman-request's
 * form-data): each part `--boundary`, Content-Disposition with the name (and a file's
 * base name), a Content-Type for files or when one is written, a blank line, the
 * value, CRLF; then `--boundary--`.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { MultipartPart } from '../model/collection.js';

const require = createRequire(import.meta.url);
/** The same MIME table form-data looks file names up in. */
let mime: { lookup(path: string): string | false } | undefined;
/** mime-types carries a large table: loaded at the first file part, not by every run. */
const mimeTypes = () => (mime ??= require('mime-types') as { lookup(path: string): string | false });

const CRLF = '\r\n';

export interface MultipartBody {
  contentType: string;
  bytes: Uint8Array;
  /** The body as text for reports, each file's contents replaced by a note naming it. */
  text: string;
  /** The parts as sent, each file's Content-Type as looked up (reports show them as curl -F parts). */
  parts: MultipartPart[];
}

/** form-data's boundary: 26 dashes and 24 random digits. */
export function newBoundary(): string {
  let digits = '';
  for (let i = 0; i < 24; i++) digits += String(randomInt(10));
  return `${'-'.repeat(26)}${digits}`;
}

/** `parts` have their variables filled; a file part is read now (its path is absolute). */
export function buildMultipart(parts: MultipartPart[], boundary = newBoundary()): MultipartBody {
  const chunks: Buffer[] = [];
  const sent: MultipartPart[] = [];
  let text = '';
  for (const part of parts) {
    let disposition = `form-data; name="${part.name}"`;
    let type = part.contentType;
    let content: Buffer;
    let shown: string;
    if ('file' in part) {
      const name = basename(part.file);
      disposition += `; filename="${name}"`;
      // form-data adds filename* when the name is not Latin-1.
      if (/[^\t\x20-\x7e\x80-\xff]/.test(name)) disposition += `; filename*=${encodeFilename(name)}`;
      type ??= mimeTypes().lookup(part.file) || 'application/octet-stream';
      content = readFileSync(part.file);
      shown = `<contents of ${name}, ${content.length} bytes>`;
      sent.push({ ...part, contentType: type });
    } else {
      content = Buffer.from(part.value, 'utf8');
      shown = part.value;
      sent.push(part);
    }
    const head = `--${boundary}${CRLF}Content-Disposition: ${disposition}${CRLF}${type !== undefined ? `Content-Type: ${type}${CRLF}` : ''}${CRLF}`;
    chunks.push(Buffer.from(head, 'utf8'), content, Buffer.from(CRLF));
    text += `${head}${shown}${CRLF}`;
  }
  const end = `--${boundary}--${CRLF}`;
  chunks.push(Buffer.from(end));
  text += end;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytes: Buffer.concat(chunks),
    text,
    parts: sent,
  };
}

/** RFC 8187, as form-data encodes it. */
function encodeFilename(name: string): string {
  const encoded = encodeURIComponent(name)
    .replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)
    .replace(/%(?:7C|60|5E)/g, (m) => decodeURIComponent(m));
  return `UTF-8''${encoded}`;
}

/**
 * The body for `headers` (lower-case names), setting its Content-Type: a written
 * multipart/form-data type with a boundary is kept and its boundary used (as
 * postman-request does); any other is replaced by one with a new boundary.
 */
export function multipartFor(
  parts: MultipartPart[],
  headers: Record<string, string>,
): { body: string; bodyBytes: Uint8Array; multipart: MultipartPart[] } {
  const written = headers['content-type'];
  const match = written ? /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/.exec(written) : null;
  const form = buildMultipart(parts, ...(match ? [match[1] ?? match[2]!] : []));
  if (!match) headers['content-type'] = form.contentType;
  return { body: form.text, bodyBytes: form.bytes, multipart: form.parts };
}
