/**
 * A procedure call and its argument values, read from a statement's tokens:
 *   ords.define_module(p_module_name => 'hr.api', p_base_path => '/hr/' || 'api/')
 * Values are literals, `||` joins of literals, variables of the enclosing block
 * (OWA.VC_ARR arrays, scalars), constant names, or nested calls.
 */
import { isSymbol, isWord, type Token } from './lexer.js';
import { matchingParen, splitOn, type TokenCursor } from './token-cursor.js';

/** An argument's value: a literal, an array variable's elements, a name (a constant), or a nested call. */
export type Value =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'array'; items: string[]; variable: string }
  | { kind: 'name'; parts: string[] }
  | { kind: 'call'; call: Call };

export interface Arg {
  /** Lower-cased parameter name for `p_x => …`; undefined for a positional argument. */
  name?: string;
  value: Value;
  token: Token;
}

export interface Call {
  /** Lower-cased name parts: ['ords', 'define_module'], ['ords_metadata', 'oauth_admin', 'create_client']. */
  name: string[];
  args: Arg[];
  token: Token;
  file: string;
}

/** The variables a block declared, by lower-cased name. */
export interface Scope {
  arrays: Map<string, Map<number, string>>;
  scalars: Map<string, Value>;
}

/** `pkg.proc(args)` or `pkg.proc`; undefined when the tokens are not a call. */
export function readCall(src: TokenCursor, scope: Scope, tokens: Token[], first: Token): Call | undefined {
  const name: string[] = [first.text.toLowerCase()];
  let k = 1;
  while (isSymbol(tokens[k], '.') && (tokens[k + 1]?.kind === 'word' || tokens[k + 1]?.kind === 'quoted')) {
    name.push(tokens[k + 1]!.text.toLowerCase());
    k += 2;
  }
  if (k === tokens.length) return { name, args: [], token: first, file: src.file };
  if (!isSymbol(tokens[k], '(')) return undefined;
  const close = matchingParen(tokens, k);
  if (close < 0) src.fail(tokens[k]!, 'unbalanced parentheses');
  if (close !== tokens.length - 1)
    src.fail(tokens[close + 1]!, `unexpected "${tokens[close + 1]!.text}" after the call (a missing ";"?)`);
  const args: Arg[] = [];
  const inside = tokens.slice(k + 1, close);
  for (const part of inside.length === 0 ? [] : splitOn(inside, ',')) {
    if (part.length === 0) src.fail(tokens[k]!, 'empty argument');
    if ((part[0]!.kind === 'word' || part[0]!.kind === 'quoted') && isSymbol(part[1], '=>')) {
      args.push({
        name: part[0]!.text.toLowerCase(),
        value: readValue(src, scope, part.slice(2), part[1]!),
        token: part[0]!,
      });
    } else {
      if (args.some((a) => a.name)) src.fail(part[0]!, 'a positional argument after a named one');
      args.push({ value: readValue(src, scope, part, part[0]!), token: part[0]! });
    }
  }
  return { name, args, token: first, file: src.file };
}

/** A literal, `'a' || 'b'`, a variable, a constant name, or a nested call. */
export function readValue(src: TokenCursor, scope: Scope, tokens: Token[], near: Token): Value {
  if (tokens.length === 0) src.fail(near, 'expected a value');
  const pieces = splitOn(tokens, '||');
  if (pieces.length > 1) {
    let out = '';
    for (const piece of pieces) {
      const v = readValue(src, scope, piece, near);
      if (v.kind === 'string') out += v.value;
      else if (v.kind === 'number') out += String(v.value);
      else if (v.kind !== 'null') src.fail(piece[0] ?? near, 'only literals can be joined with ||');
    }
    return { kind: 'string', value: out };
  }
  const [t, ...rest] = tokens as [Token, ...Token[]];
  if (t.kind === 'string' && rest.length === 0) return { kind: 'string', value: t.text };
  if (t.kind === 'number' && rest.length === 0) return { kind: 'number', value: Number(t.text) };
  if (isSymbol(t, '-') && rest.length === 1 && rest[0]!.kind === 'number')
    return { kind: 'number', value: -Number(rest[0]!.text) };
  if (isWord(t, 'true', 'false') && rest.length === 0) return { kind: 'boolean', value: isWord(t, 'true') };
  if (isWord(t, 'null') && rest.length === 0) return { kind: 'null' };
  if (t.kind === 'word' || t.kind === 'quoted') {
    const variable = t.text.toLowerCase();
    const array = scope.arrays.get(variable);
    if (rest.length === 0 && array) {
      const items = [...array.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
      return { kind: 'array', items, variable: t.text };
    }
    const scalar = scope.scalars.get(variable);
    if (rest.length === 0 && scalar) return scalar;
    const call = readCall(src, scope, tokens, t);
    if (call && call.args.length === 0 && !tokens.some((x) => isSymbol(x, '(')))
      return { kind: 'name', parts: call.name };
    if (call) return { kind: 'call', call };
  }
  return src.fail(t, `cannot read the value "${src.text.slice(t.start, tokens[tokens.length - 1]!.end)}"`);
}
