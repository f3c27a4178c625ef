/** " (did you mean "expect"?)" for a near miss, else nothing. The distance library loads only on an error. */
import { createRequire } from 'node:module';
import type * as Levenshtein from 'fastest-levenshtein';

export function didYouMean(word: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  const { closest, distance } = createRequire(import.meta.url)('fastest-levenshtein') as typeof Levenshtein;
  const best = closest(word, candidates as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}
