/**
 * Output paths: checked before anything is sent (directories created, or exit 2
 * naming the flag), and files written to a temporary file beside the target
 * that is renamed into place, so a reader sees the previous file or the
 * complete new one, never half of one. (Reports stream through
 * report/output-file.ts, which does the same.)
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../source/errors.js';

/**
 * Writes through a temporary file in the same directory and renames it over the
 * target. A target that exists and is not a regular file (/dev/stdout, a pipe)
 * is written in place: renaming over it would replace the device, not feed it.
 */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (isSpecial(path)) {
    writeFileSync(path, content);
    return;
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

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

function isSpecial(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}
