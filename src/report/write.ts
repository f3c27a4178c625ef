/** The one place report files are written: masked, directories created, failures reported not thrown. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReportFile } from './types.js';

export interface WriteOutcome {
  written: string[];
  failed: { path: string; message: string }[];
}

export function writeReportFiles(files: readonly ReportFile[], mask: (text: string) => string): WriteOutcome {
  const outcome: WriteOutcome = { written: [], failed: [] };
  for (const file of files) {
    try {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, mask(file.content));
      outcome.written.push(file.path);
    } catch (e) {
      outcome.failed.push({
        path: file.path,
        message: (e as NodeJS.ErrnoException).code ?? (e as Error).message,
      });
    }
  }
  return outcome;
}
