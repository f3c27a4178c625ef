/** Reading a user's file, with the error a person expects when it is missing. */
import { readFileSync, statSync } from 'node:fs';
import { decodeText } from './decode.js';
import { InputError } from './errors.js';

/** Larger input files are refused before they are read: a collection, environment or data file is not this big. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A file's text: UTF-8, or UTF-16 with a byte order mark (see decode.ts); a BOM is dropped. */
export function readUserFile(file: string, what: string): string {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_INPUT_BYTES)
      throw new InputError(
        `${what} is ${Math.ceil(size / 1024 / 1024)} MB; the limit is ${MAX_INPUT_BYTES / 1024 / 1024} MB`,
        { file },
      );
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? e);
    throw new InputError(`cannot read ${what}: ${reason}`, { file });
  }
  return decodeText(bytes, file).text;
}
