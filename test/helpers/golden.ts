/** Golden files: expected output, with timings and ports normalized. UPDATE_GOLDEN=1 rewrites them. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function normalize(text: string, replacements: [string, string][] = []): string {
  let out = text;
  for (const [from, to] of replacements) out = out.split(from).join(to);
  return out.replace(/\d+(\.\d+)? (ms|s)\b/g, '<t>');
}

export function expectGolden(name: string, actual: string): void {
  const file = fileURLToPath(new URL(`../cli/golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
