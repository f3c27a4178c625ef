/** Reading a user's file, with the error a person expects when it is missing. */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

export function readUserFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
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
}
