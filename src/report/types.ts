/**
 * File reporters turn finished results into files; they never write them. The
 * run writes every file once, through one writer that masks secrets, so a
 * reporter cannot leak one and a reporter that throws cannot lose another's file.
 */
import type { Report } from '../model/report.js';

export interface ReportFile {
  reporter: string;
  path: string;
  content: string;
}

export interface FileReporter {
  name: string;
  /** Where the file goes unless --reporter-<name>-export says otherwise. */
  defaultPath: string;
  render(report: Report): string;
}
