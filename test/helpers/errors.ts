import { InputError, InputErrors } from '../../src/source/errors.js';

/** The one-line messages an input error prints; fails the test if nothing was thrown. */
export function inputErrorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputErrors) return e.errors.map((x) => x.format());
    if (e instanceof InputError) return [e.format()];
    throw e;
  }
  throw new Error('expected an input error');
}
