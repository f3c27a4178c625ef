/** " (did you mean "expect"?)" for a near miss, else nothing. */
import { closest, distance } from 'fastest-levenshtein';

export function didYouMean(word: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  const best = closest(word, candidates as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}
