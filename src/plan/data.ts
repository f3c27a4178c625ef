/**
 * --data rows.csv | rows.json: each row's columns become variables of one run of
 * every scenario. CSV has a header line (quoted fields may hold commas); JSON is
 * an array of objects whose values are kept as the file holds them (Postman mode
 * hands arrays and objects to scripts as they are; gatecheck's templates read
 * them as text, see dataText).
 */
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import { SourceDocument } from '../source/document.js';
import type * as CsvParse from 'csv-parse/sync';

/** A column's value: text from CSV, any JSON value from a JSON data file. */
export type DataValue = string | number | boolean | null | DataValue[] | { [key: string]: DataValue };

export interface DataRow {
  /** 1-based. */
  index: number;
  /** "row 2 (alice)": the index and the first column's value. */
  name: string;
  values: Record<string, DataValue>;
}

/** A value as gatecheck's `{{templates}}` render it: text as it is, anything else as JSON. */
export function dataText(value: DataValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every row's values as text (gatecheck's scenarios mode). */
export function rowText(row: DataRow): Record<string, string> {
  return Object.fromEntries(Object.entries(row.values).map(([k, v]) => [k, dataText(v)]));
}

export function loadDataFile(file: string): DataRow[] {
  const text = readUserFile(file, 'data file');
  const records = extname(file).toLowerCase() === '.json' ? jsonRecords(file, text) : csvRecords(file, text);
  if (records.length === 0) throw new InputError('has no rows', { file });
  return records.map((values, i) => {
    const first = Object.values(values)[0];
    const label = first === undefined || first === '' ? '' : ` (${dataText(first)})`;
    return { index: i + 1, name: `row ${i + 1}${label}`, values };
  });
}

function csvRecords(file: string, text: string): Record<string, string>[] {
  try {
    // csv-parse loads only for CSV data files.
    const { parse } = createRequire(import.meta.url)('csv-parse/sync') as typeof CsvParse;
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
      string,
      string
    >[];
  } catch (e) {
    const err = e as Error & { lines?: number; column?: number };
    const position = err.lines ? { line: err.lines, col: (err.column ?? 0) + 1 } : undefined;
    throw new InputError(`invalid CSV: ${err.message.replace(/^CSV_[A-Z_]+: /, '').split(':')[0]}`, {
      file,
      position,
    });
  }
}

function jsonRecords(file: string, text: string): Record<string, DataValue>[] {
  const source = SourceDocument.parse(file, text);
  const data = source.toJS();
  if (!Array.isArray(data)) throw new InputError('a JSON data file is an array of objects', { file });
  return data.map((row: unknown, i) => {
    if (!row || typeof row !== 'object' || Array.isArray(row))
      throw source.errorAt([i], 'each row is an object of name: value');
    return row as Record<string, DataValue>;
  });
}
