/**
 * Runs the selected file reporters over the finished report. Each is loaded only
 * when selected and isolated: one that throws is reported and the others' files
 * are still written; the run's exit code does not change.
 */
import type { Report } from '../model/report.js';
import type { FileReporter, ReportFile } from './types.js';

export const FILE_REPORTERS: Record<string, () => Promise<FileReporter>> = {
  json: async () => (await import('./json.js')).jsonReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  html: async () => (await import('./html.js')).htmlReporter,
};

export interface Selected {
  name: string;
  /** An explicit --reporter-<name>-export path. */
  path?: string;
}

export async function renderReportFiles(
  report: Report,
  selected: readonly Selected[],
  onError: (reporter: string, error: unknown) => void,
  registry: Record<string, () => Promise<FileReporter>> = FILE_REPORTERS,
): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const { name, path } of selected) {
    try {
      const reporter = await registry[name]!();
      files.push({ reporter: name, path: path ?? reporter.defaultPath, content: reporter.render(report) });
    } catch (error) {
      onError(name, error);
    }
  }
  return files;
}
