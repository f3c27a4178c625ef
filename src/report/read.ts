/**
 * Reading a JSON report back (diff, merge, shard timings) as a stream: a report
 * of a million scenarios is read one scenario at a time, never held whole.
 *   readReportItems(file) yields the top-level fields, and for each run its
 *   fields and its scenarios, in file order.
 * A file that is not a report, or a report cut short, is an InputError naming
 * file:line:col.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import { InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';

export type ReportItem =
  | { type: 'field'; key: string; value: unknown }
  | { type: 'run-start' }
  | { type: 'run-field'; key: string; value: unknown }
  | { type: 'scenarios-start' }
  | { type: 'scenario'; value: ScenarioResult }
  | { type: 'scenarios-end' }
  | { type: 'run-end' };

const NOT_A_REPORT = `not a gatecheck JSON report (schemaVersion ${REPORT_SCHEMA_VERSION}); write one with -r json`;
const CHUNK = 1 << 20;

/** The items of a report, read as they are needed. The schema version is checked before the first run. */
export function* readReportItems(file: string): Generator<ReportItem, void, undefined> {
  const scan = new Scanner(file);
  try {
    scan.skipWs();
    if (scan.peek() !== '{') throw new InputError(NOT_A_REPORT, { file });
    scan.take();
    let version: unknown;
    let sawRuns = false;
    for (const key of scan.keys()) {
      if (key === 'runs') {
        if (version !== REPORT_SCHEMA_VERSION) throw new InputError(NOT_A_REPORT, { file });
        sawRuns = true;
        yield* scan.array(function* () {
          yield* readRun(scan);
        });
      } else {
        const value = scan.value();
        if (key === 'schemaVersion') version = value;
        yield { type: 'field', key, value };
      }
    }
    scan.skipWs();
    if (scan.peek() !== '') scan.fail('unexpected text after the report');
    if (!sawRuns) throw new InputError(NOT_A_REPORT, { file });
  } finally {
    scan.close();
  }
}

function* readRun(scan: Scanner): Generator<ReportItem, void, undefined> {
  scan.expect('{');
  yield { type: 'run-start' };
  for (const key of scan.keys()) {
    if (key === 'scenarios') {
      yield { type: 'scenarios-start' };
      yield* scan.array(function* () {
        yield { type: 'scenario', value: scan.value() as ScenarioResult };
      });
      yield { type: 'scenarios-end' };
    } else {
      yield { type: 'run-field', key, value: scan.value() };
    }
  }
  yield { type: 'run-end' };
}

/** A whole report in memory (shard timings; small reports). */
export function readReport(file: string): Report {
  const report: Record<string, unknown> = {};
  const runs: RunResult[] = [];
  let run: Record<string, unknown> & { scenarios: ScenarioResult[] } = { scenarios: [] };
  for (const item of readReportItems(file)) {
    if (item.type === 'field') report[item.key] = item.value;
    else if (item.type === 'run-start') run = { scenarios: [] };
    else if (item.type === 'run-field') run[item.key] = item.value;
    else if (item.type === 'scenario') run.scenarios.push(item.value);
    else if (item.type === 'run-end') runs.push(run as unknown as RunResult);
  }
  return { ...(report as unknown as Report), runs };
}

/** A pull scanner over a JSON file read in chunks: keeps only the text not yet consumed. */
class Scanner {
  private fd: number | undefined;
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';
  private pos = 0;
  private eof = false;
  /** Lines in text already dropped from buf, for positions. */
  private droppedLines = 0;
  private lastDroppedLineStart = 0;
  private dropped = 0;
  private readonly chunk = Buffer.allocUnsafe(CHUNK);

  constructor(private readonly file: string) {
    try {
      this.fd = openSync(file, 'r');
    } catch {
      readUserFile(file, 'report'); // throws the usual one-line "cannot read report: …"
      throw new InputError('cannot read report', { file });
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Appends the next chunk; false at the end of the file. */
  private more(): boolean {
    if (this.eof) return false;
    const n = readSync(this.fd!, this.chunk, 0, CHUNK, null);
    if (n === 0) {
      this.eof = true;
      this.buf += this.decoder.end();
      return false;
    }
    if (this.pos > CHUNK) this.compact();
    this.buf += this.decoder.write(this.chunk.subarray(0, n));
    return true;
  }

  private compact(): void {
    const gone = this.buf.slice(0, this.pos);
    for (let i = gone.indexOf('\n'); i !== -1; i = gone.indexOf('\n', i + 1)) {
      this.droppedLines++;
      this.lastDroppedLineStart = this.dropped + i + 1;
    }
    this.dropped += this.pos;
    this.buf = this.buf.slice(this.pos);
    this.pos = 0;
  }

  peek(): string {
    while (this.pos >= this.buf.length) if (!this.more()) return '';
    return this.buf[this.pos]!;
  }

  take(): string {
    const c = this.peek();
    this.pos++;
    return c;
  }

  skipWs(): void {
    for (;;) {
      const c = this.peek();
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return;
      this.pos++;
    }
  }

  expect(c: string): void {
    this.skipWs();
    const got = this.take();
    if (got !== c)
      this.fail(got === '' ? `the report ends early, expected "${c}"` : `expected "${c}", found "${got}"`);
  }

  /** The keys of an object whose "{" was consumed; the caller consumes each value. */
  *keys(): Generator<string, void, undefined> {
    this.skipWs();
    if (this.peek() === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWs();
      if (this.peek() !== '"') this.fail('expected a quoted key');
      const key = this.value() as string;
      this.expect(':');
      this.skipWs();
      yield key;
      this.skipWs();
      const c = this.take();
      if (c === '}') return;
      if (c !== ',') this.fail(c === '' ? 'the report ends early' : `expected "," or "}", found "${c}"`);
    }
  }

  /** The elements of an array, each read by `element`. */
  *array(element: () => Generator<ReportItem, void, undefined>): Generator<ReportItem, void, undefined> {
    this.expect('[');
    this.skipWs();
    if (this.peek() === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      yield* element();
      this.skipWs();
      const c = this.take();
      if (c === ']') return;
      if (c !== ',') this.fail(c === '' ? 'the report ends early' : `expected "," or "]", found "${c}"`);
    }
  }

  /** One JSON value, parsed. */
  value(): unknown {
    this.skipWs();
    const first = this.peek();
    if (first === '') this.fail('the report ends early');
    let i = this.pos;
    if (first === '{' || first === '[' || first === '"') {
      let depth = 0;
      let inString = false;
      for (;;) {
        if (i >= this.buf.length) {
          const offset = i - this.pos;
          if (!this.moreKeeping()) {
            this.pos = this.buf.length;
            this.fail('the report ends early');
          }
          i = this.pos + offset;
          continue;
        }
        const c = this.buf.charCodeAt(i++);
        if (inString) {
          if (c === 92) i++;
          else if (c === 34) {
            inString = false;
            if (depth === 0) break;
          }
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (--depth === 0) break;
        }
      }
    } else {
      for (;;) {
        if (i >= this.buf.length) {
          const offset = i - this.pos;
          if (!this.moreKeeping()) break;
          i = this.pos + offset;
          continue;
        }
        const c = this.buf[i]!;
        if (c === ',' || c === '}' || c === ']' || c === ' ' || c === '\n' || c === '\r' || c === '\t') break;
        i++;
      }
    }
    const text = this.buf.slice(this.pos, i);
    try {
      const value: unknown = JSON.parse(text);
      this.pos = i;
      return value;
    } catch (e) {
      return this.fail(`not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`);
    }
  }

  /** Reads more without dropping the value being read (it starts at pos). */
  private moreKeeping(): boolean {
    if (this.pos > 0) this.compact();
    if (this.eof) return false;
    const n = readSync(this.fd!, this.chunk, 0, CHUNK, null);
    if (n === 0) {
      this.eof = true;
      const rest = this.decoder.end();
      this.buf += rest;
      return rest.length > 0;
    }
    this.buf += this.decoder.write(this.chunk.subarray(0, n));
    return true;
  }

  fail(message: string): never {
    let line = this.droppedLines + 1;
    let lineStart = this.lastDroppedLineStart;
    const upTo = Math.min(this.pos, this.buf.length);
    for (let i = this.buf.indexOf('\n'); i !== -1 && i < upTo; i = this.buf.indexOf('\n', i + 1)) {
      line++;
      lineStart = this.dropped + i + 1;
    }
    const col = this.dropped + upTo - lineStart + 1;
    throw new InputError(message, { file: this.file, position: { line, col } });
  }
}
