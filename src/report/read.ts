/** Reading a JSON report back (diff, merge, shard timings), checked for its schema version. */
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';
import { SourceDocument } from '../source/document.js';
import { InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';

export function readReport(file: string): Report {
  const data = SourceDocument.parse(file, readUserFile(file, 'report')).toJS() as Partial<Report> | null;
  if (!data || data.schemaVersion !== REPORT_SCHEMA_VERSION || !Array.isArray(data.runs)) {
    throw new InputError(
      `not a gatecheck JSON report (schemaVersion ${REPORT_SCHEMA_VERSION}); write one with -r json`,
      { file },
    );
  }
  return data as Report;
}
