/**
 * A report file written as results arrive: masked, buffered, into a temporary
 * file beside the target that is renamed into place when the report is
 * complete. The first failure (a full disk, a path that cannot be created) is
 * kept and every later write is skipped, so a failing file costs nothing and
 * is reported once, at the end; an abandoned report leaves no file behind.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ReportOutput } from './types.js';

// Text is copied at once into one reused buffer: strings kept until a flush would
// outlive young-generation collections and pile up as old-generation garbage, which
// is most of a long run's peak memory.
const CAPACITY = 64 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (4 per surrogate pair). */
const MAX_BYTES_PER_UNIT = 3;

export class ReportOutputFile implements ReportOutput {
  private fd: number | undefined;
  private readonly temp: string;
  private readonly buffer = Buffer.allocUnsafe(CAPACITY);
  private buffered = 0;
  private written = 0;
  /** Why the file cannot be written (ENOSPC, EACCES…), once it failed. */
  failure: string | undefined;

  constructor(
    readonly path: string,
    private readonly mask: (text: string) => string,
  ) {
    this.temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.attempt(() => {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(this.temp, 'w');
    });
  }

  write(text: string): void {
    if (this.failure !== undefined) return;
    const masked = this.mask(text);
    const room = CAPACITY - this.buffered;
    if (masked.length * MAX_BYTES_PER_UNIT > room) {
      this.flush();
      if (masked.length * MAX_BYTES_PER_UNIT > CAPACITY) {
        this.attempt(() => this.writeBytes(Buffer.from(masked, 'utf8')));
        return;
      }
    }
    this.buffered += this.buffer.write(masked, this.buffered, 'utf8');
  }

  position(): number {
    return this.written + this.buffered;
  }

  writeAt(position: number, text: string): void {
    this.flush();
    this.attempt(() => writeSync(this.fd!, text, position, 'utf8'));
  }

  /** Flushes, closes and renames into place; false (with `failure` set) if any of it failed. */
  commit(): boolean {
    this.flush();
    this.attempt(() => {
      closeSync(this.fd!);
      this.fd = undefined;
      renameSync(this.temp, this.path);
    });
    if (this.failure !== undefined) this.discard();
    return this.failure === undefined;
  }

  /** Gives the report up: the temporary file goes, the target is left as it was. */
  discard(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already failing; the temporary file is removed below
      }
      this.fd = undefined;
    }
    try {
      rmSync(this.temp, { force: true });
    } catch {
      // nothing was created there (its directory could not be)
    }
  }

  private flush(): void {
    if (this.failure !== undefined || this.buffered === 0) return;
    const bytes = this.buffer.subarray(0, this.buffered);
    this.buffered = 0;
    this.attempt(() => this.writeBytes(bytes));
  }

  private writeBytes(bytes: Buffer): void {
    for (let off = 0; off < bytes.length;) off += writeSync(this.fd!, bytes, off);
    this.written += bytes.length;
  }

  private attempt(action: () => void): void {
    if (this.failure !== undefined) return;
    try {
      action();
    } catch (e) {
      this.failure = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
  }
}
