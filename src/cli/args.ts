/** Command-line parsing on node:util's parseArgs, with errors that name the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../source/errors.js';
import { didYouMean } from '../source/did-you-mean.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Config<O extends Options, P extends boolean> = {
  args: string[];
  options: O;
  strict: true;
  allowPositionals: P;
};

export function parseCommandArgs<O extends Options, P extends boolean = false>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals?: P,
): ReturnType<typeof parseArgs<Config<O, P>>> {
  try {
    return parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: (allowPositionals ?? false) as P,
    });
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'(-{1,2}[^'\s]+)'/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
      const known = Object.keys(options).map((o) => `--${o}`);
      throw new InputError(`unknown option for "gatecheck ${command}"${didYouMean(flag, known)}`, { flag });
    }
    if (flag && /argument is ambiguous/.test(err.message)) {
      throw new InputError(`its value starts with "-"; write ${flag}=<value>`, { flag });
    }
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new InputError(
        `"gatecheck ${command}" takes no arguments: ${err.message.match(/'([^']*)'/)?.[1] ?? ''}`,
      );
    }
    throw new InputError(err.message.split('\n')[0] ?? String(err), flag ? { flag } : {});
  }
}

/** A whole number flag within [min, max]. */
export function intFlag(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new InputError(`must be a whole number from ${min} to ${max}, got "${value}"`, { flag });
  }
  return n;
}
