/**
 * User regular expressions (`matches`, `body.matches`, header `/…/` values) run
 * on RE2 (re2js): time linear in the input, so no pattern and no response can
 * hang a run (`^(a+)+$` against "aaaa…!" answers at once). RE2 syntax is
 * JavaScript's without backreferences (`\1`) and lookaround (`(?=`, `(?!`,
 * `(?<=`, `(?<!`); those are load-time errors. Flags go inline: `(?i)`.
 */
import { RE2JS } from 're2js';

const compiled = new Map<string, RE2JS>();

/** Whether the pattern occurs anywhere in the text (as RegExp.test does). */
export function regexTest(pattern: string, text: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re.matcher(text).find();
}

/** Why a pattern cannot be used, in one line; undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    const message = (e as Error).message.replace(/^error parsing regexp: /, '');
    const hint = /\\[1-9]|\(\?[=!<]/.test(pattern)
      ? ' (backreferences and lookaround are not supported: patterns run on RE2, in linear time)'
      : '';
    return `${message}${hint}`;
  }
}
