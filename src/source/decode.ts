/**
 * File bytes -> text, for every file gatecheck reads (collections, environments,
 * globals, data, .env files, configs). newman reads UTF-8 and UTF-16 LE files and
 * drops a byte order mark (liquid-json's BOM trim, csv-parse's `bom: true`), so a
 * file saved by Windows tools (PowerShell's UTF-16 "Unicode", Notepad's UTF-8 BOM)
 * runs. The same here, decided by the BOM alone: EF BB BF is UTF-8, FF FE UTF-16 LE,
 * FE FF UTF-16 BE (which newman misreads); no BOM is UTF-8. Anything else fails
 * closed (one line naming the file) instead of guessing: newman's charset sniffing
 * can read a UTF-8 file as Latin-1 and change a value silently.
 */
import { InputError } from './errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Whether the file started with a byte order mark (dropped from `text`). */
  bom: boolean;
}

const BOMS: readonly { bytes: readonly number[]; encoding: TextEncodingName | 'utf-32' }[] = [
  // UTF-32 first: its LE mark starts with UTF-16 LE's.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** Decodes a file's bytes; `file` names it in the one-line error for bytes that are not text gatecheck reads. */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const mark = BOMS.find((m) => startsWith(bytes, m.bytes));
  if (mark?.encoding === 'utf-32')
    throw new InputError('is UTF-32 text, which gatecheck does not read; save it as UTF-8', { file });
  const encoding = mark?.encoding ?? 'utf-8';
  const body = bytes.subarray(mark?.bytes.length ?? 0);
  const saveAs = 'save it as UTF-8 (or UTF-16 with a byte order mark)';
  if (!mark && looksLikeUtf16(body))
    throw new InputError(`looks like UTF-16 text without a byte order mark; ${saveAs}`, { file });
  if (encoding !== 'utf-8' && body.length % 2 !== 0)
    throw new InputError(`is not valid ${label(encoding)} text (an odd number of bytes); ${saveAs}`, {
      file,
    });
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
    return { text, encoding, bom: mark !== undefined };
  } catch {
    const where = encoding === 'utf-8' ? firstInvalidUtf8(body) : undefined;
    const at =
      where === undefined
        ? ''
        : ` (byte 0x${body[where]!.toString(16).padStart(2, '0')} at offset ${where + (mark?.bytes.length ?? 0)})`;
    throw new InputError(`is not valid ${label(encoding)} text${at}; ${saveAs}`, { file });
  }
}

function label(encoding: TextEncodingName): string {
  return { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE' }[encoding];
}

/** Text files have no NUL bytes; UTF-16 text of ASCII characters has one in every other byte. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64);
  if (n < 2) return false;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros++;
  return zeros >= n / 4;
}

/** Offset of the first byte that breaks UTF-8 (lead and continuation bytes), for the error message. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const extra =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return undefined;
}
