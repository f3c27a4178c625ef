/**
 * Output paths, checked before anything is sent. The files themselves are written
 * by report/output-file.ts, through a temporary file renamed into place.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../source/errors.js';

/**
 * Before anything is sent: an output path's directory exists or can be made,
 * and the path is not a directory. Otherwise exit 2 naming the flag.
 */
export function checkOutputPath(flag: string, path: string): void {
  if (path.trim() === '') throw new InputError('expected a file path, got an empty one', { flag });
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create the directory of ${path}: ${errorText(e)}`, { flag });
  }
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Not there yet: it will be created.
  }
  if (isDirectory) throw new InputError(`${path} is a directory; name a file`, { flag });
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}
