/** `-o <file>`, where `-o -` means standard output (as curl and most tools read it). */
import { writeFileSync } from 'node:fs';

export function writeOutput(path: string, text: string): void {
  if (path === '-') process.stdout.write(text);
  else writeFileSync(path, text);
}

/** How messages name the destination. */
export function outputName(path: string): string {
  return path === '-' ? 'standard output' : path;
}
