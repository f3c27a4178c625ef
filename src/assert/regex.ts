/**
 * User regular expressions (`matches`, `body.matches`, header `/…/` values) run
 * on RE2 (re2js): time linear in the input, so no pattern and no response can
 * hang a run (`^(a+)+$` against "aaaa…!" answers at once). RE2 syntax is
 * JavaScript's without backreferences (`\1`) and lookaround (`(?=`, `(?!`,
 * `(?<=`, `(?<!`); those are load-time errors. Flags go inline: `(?i)`.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

// Loaded at the first regex: a run without one never pays re2js's start-up.
const require = createRequire(import.meta.url);
let re2js: typeof RE2JS | undefined;
const RE2 = (): typeof RE2JS => (re2js ??= (require('re2js') as { RE2JS: typeof RE2JS }).RE2JS);

const compiled = new Map<string, RE2JS>();

/** Whether the pattern occurs anywhere in the text (as RegExp.test does). */
export function regexTest(pattern: string, text: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2().compile(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re.matcher(text).find();
}

/** Why a pattern cannot be used, in one line; undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  try {
    RE2().compile(pattern);
    return undefined;
  } catch (e) {
    const message = (e as Error).message.replace(/^error parsing regexp: /, '');
    const hint = /\\[1-9]|\(\?[=!<]/.test(pattern)
      ? ' (backreferences and lookaround are not supported: patterns run on RE2, in linear time)'
      : '';
    return `${message}${hint}`;
  }
}
