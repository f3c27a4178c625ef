/**
 * One call's arguments bound to its procedure's parameters (by name, or by
 * position in declaration order) and read as the types the procedure expects.
 * A value of the wrong type is an input error at the call; an unknown parameter
 * is a warning.
 */
import { didYouMean } from '../source/did-you-mean.js';
import { InputError } from '../source/errors.js';
import { canonicalParam, type Resolved } from './procedures.js';
import type { Arg, Call, Value } from './call-syntax.js';
import type { Warning } from './reader.js';

export class CallArgs {
  private readonly args = new Map<string, Arg>();

  constructor(
    readonly call: Call,
    readonly proc: Resolved,
    warnings: Warning[],
  ) {
    let order = proc.params;
    // DEFINE_PRIVILEGE has an overload without p_modules: a 4th positional string is the label.
    const fourth = call.args[3];
    if (proc.procedure === 'define_privilege' && fourth && !fourth.name && fourth.value.kind !== 'array')
      order = order?.filter((p) => p !== 'p_modules');
    call.args.forEach((arg, i) => {
      let name = arg.name ? canonicalParam(arg.name) : undefined;
      if (name === undefined) {
        if (!order)
          this.fail(
            `${proc.display} takes named parameters only (p_name => …): ORDS documents no positional order for it`,
          );
        name = order[i];
        if (name === undefined)
          this.fail(`${proc.display} takes ${order.length} parameters, got ${call.args.length}`);
        // CREATE_PRIVILEGE_MAPPING takes p_pattern or, in its other overload, p_patterns (an array).
        if (name === 'p_pattern' && arg.value.kind === 'array') name = 'p_patterns';
      }
      if (!proc.known.has(name)) {
        warnings.push({
          file: call.file,
          line: arg.token.line,
          col: arg.token.col,
          message: `${proc.display} has no parameter ${name}${didYouMean(name, [...proc.known])}; ignored`,
        });
        return;
      }
      if (this.args.has(name)) this.fail(`${proc.display}: ${name} given twice`);
      this.args.set(name, arg);
    });
  }

  has(name: string): boolean {
    return this.args.has(name);
  }

  str(name: string): string | undefined {
    const arg = this.args.get(name);
    return arg ? this.valueString(arg.value, name) : undefined;
  }

  /** A parameter the call cannot do without. */
  need(name: string): string {
    const v = this.str(name);
    if (v === undefined) this.fail(`${this.proc.display} needs ${name}`);
    return v;
  }

  num(name: string): number | undefined {
    const v = this.args.get(name)?.value;
    if (!v || v.kind === 'null') return undefined;
    if (v.kind === 'number') return v.value;
    if (v.kind === 'string' && /^\d+$/.test(v.value)) return Number(v.value);
    return this.fail(`${name} must be a number`);
  }

  bool(name: string): boolean | undefined {
    const v = this.args.get(name)?.value;
    if (!v || v.kind === 'null') return undefined;
    if (v.kind === 'boolean') return v.value;
    return this.fail(`${name} must be TRUE or FALSE`);
  }

  /** An OWA.VC_ARR argument, or a string (a comma list for p_privilege_names-like parameters). */
  list(name: string): string[] | undefined {
    const v = this.args.get(name)?.value;
    if (!v || v.kind === 'null') return undefined;
    if (v.kind === 'array') return v.items;
    if (v.kind === 'string') return [v.value];
    return this.fail(`${name} must be an OWA.VC_ARR variable`);
  }

  /** `p_client_secret => ords_types.oauth_client_secret(p_secret => '…')` or a plain literal. */
  secret(): string | undefined {
    const arg = this.args.get('p_client_secret');
    if (!arg) return undefined;
    if (arg.value.kind === 'call') {
      const inner = arg.value.call.args.find((a) => a.name === 'p_secret') ?? arg.value.call.args[0];
      return inner ? this.valueString(inner.value, 'p_secret') : undefined;
    }
    return this.valueString(arg.value, 'p_client_secret');
  }

  fail(message: string): never {
    return failAt(this.call, message);
  }

  private valueString(value: Value, name: string): string | undefined {
    switch (value.kind) {
      case 'string':
        return value.value;
      case 'number':
        return String(value.value);
      case 'null':
        return undefined;
      case 'name': // ords.source_type_plsql and friends
        return value.parts[value.parts.length - 1];
      default:
        return this.fail(`${name} must be a string here`);
    }
  }
}

export function failAt(call: Call, message: string): never {
  throw new InputError(message, {
    file: call.file,
    position: { line: call.token.line, col: call.token.col },
  });
}

export function warningAt(call: Call, message: string): Warning {
  return { file: call.file, line: call.token.line, col: call.token.col, message };
}
