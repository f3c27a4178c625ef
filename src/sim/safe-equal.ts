/** Secrets compared in constant time: a wrong guess takes as long whatever its prefix. */
import { createHash, timingSafeEqual } from 'node:crypto';

export function safeEqual(a: string, b: string): boolean {
  // Digests have one length, so neither the comparison nor its length check leaks.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
