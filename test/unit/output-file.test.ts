import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportOutputFile } from '../../src/report/output-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatecheck-output-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the file holds every text in order, with positions in bytes across flushes and multi-byte text', () => {
  const path = join(dir, 'nested', 'report.txt');
  const out = new ReportOutputFile(path, (t) => t.replaceAll('s3cret', '***'));
  const texts: string[] = [];
  // Small texts of 1, 2, 3 and 4 UTF-8 bytes per character, many times the buffer, and some larger than it.
  for (let i = 0; i < 3000; i++) texts.push(`${i}: a é € 😀 s3cret\n`);
  texts.push('x'.repeat(100_000), '€'.repeat(40_000), 'tail\n');
  let expected = '';
  for (const text of texts) {
    expect(out.position()).toBe(Buffer.byteLength(expected));
    out.write(text);
    expected += text.replaceAll('s3cret', '***');
  }
  expect(out.position()).toBe(Buffer.byteLength(expected));
  expect(existsSync(path)).toBe(false);
  expect(out.commit()).toBe(true);
  expect(readFileSync(path, 'utf8')).toBe(expected);
  expect(readdirSync(join(dir, 'nested'))).toEqual(['report.txt']);
});

test('writeAt patches bytes already written, including ones still buffered', () => {
  const path = join(dir, 'report.txt');
  const out = new ReportOutputFile(path, (t) => t);
  out.write('count: ');
  const at = out.position();
  out.write('00000 😀\n');
  out.writeAt(at, '12345');
  out.write('end\n');
  expect(out.commit()).toBe(true);
  expect(readFileSync(path, 'utf8')).toBe('count: 12345 😀\nend\n');
});

test('a file that cannot be created fails once, at commit, and leaves nothing behind', () => {
  const blocker = join(dir, 'file');
  const out0 = new ReportOutputFile(blocker, (t) => t);
  out0.write('x');
  expect(out0.commit()).toBe(true);
  const out = new ReportOutputFile(join(blocker, 'report.txt'), (t) => t);
  for (let i = 0; i < 10_000; i++) out.write('line\n');
  expect(out.commit()).toBe(false);
  expect(out.failure).toBe('EEXIST'); // mkdir of a path that is a file
  expect(readdirSync(dir)).toEqual(['file']);
});
