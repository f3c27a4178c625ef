/**
 * Reads an ORDS security script into the procedure calls it makes, without
 * executing anything:
 *   BEGIN ORDS.CREATE_ROLE(p_role_name => 'HR Administrator'); COMMIT; END;
 *   /
 *   -> [{ name: ['ords', 'create_role'], args: [{ name: 'p_role_name', value: 'HR Administrator' }] }]
 * Blocks (`DECLARE … BEGIN … END;` + `/`), `EXEC` lines, OWA.VC_ARR variables
 * filled element by element, named and positional arguments, `||` between
 * literals. Statements it does not model are warnings with file:line:col;
 * malformed ones are input errors.
 */
import { InputError } from '../source/errors.js';
import { isSymbol, isWord, tokenize, type Token } from './lexer.js';

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

export interface Warning {
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface ScriptRead {
  calls: Call[];
  warnings: Warning[];
}

/** SQL*Plus commands that change nothing ORDS knows; skipped without a word. */
const SQLPLUS_QUIET = new Set([
  'set',
  'prompt',
  'spool',
  'whenever',
  'rem',
  'remark',
  'show',
  'clear',
  'column',
  'col',
  'define',
  'undefine',
  'pause',
  'ttitle',
  'btitle',
  'timing',
  'alter',
]);
/** Other SQL*Plus commands: one line, no `;` needed. */
const SQLPLUS_LINES = new Set([
  'connect',
  'conn',
  'disconnect',
  'exit',
  'quit',
  'host',
  'variable',
  'var',
  'print',
  'accept',
  'desc',
  'describe',
]);
/** Statements inside a block that change nothing ORDS knows. */
const BLOCK_QUIET = new Set(['commit', 'null', 'rollback', 'savepoint']);

export function readScript(file: string, text: string): ScriptRead {
  return new Reader(file, tokenize(file, text), text).read();
}

class Reader {
  private at = 0;
  private readonly calls: Call[] = [];
  private readonly warnings: Warning[] = [];
  private arrays = new Map<string, Map<number, string>>();
  private scalars = new Map<string, Value>();

  constructor(
    private readonly file: string,
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  read(): ScriptRead {
    while (this.peek()) {
      const t = this.peek()!;
      if (t.kind === 'slash' || isSymbol(t, ';')) {
        this.at++;
      } else if (isWord(t, 'begin', 'declare')) {
        this.arrays = new Map();
        this.scalars = new Map();
        this.block();
      } else if (isWord(t, 'exec', 'execute')) {
        this.at++;
        this.statement(this.untilLineEnd(t));
      } else if (isWord(t, ...SQLPLUS_QUIET) && !isWord(t, 'alter')) {
        this.skipLine(t);
      } else if (isSymbol(t, '@') || isWord(t, 'start')) {
        this.warn(
          t,
          'a script run from this one (@file) is not followed: pass a directory of the scripts instead',
        );
        this.skipLine(t);
      } else if (isWord(t, ...SQLPLUS_LINES)) {
        // Only the command's name: CONNECT's arguments hold a password.
        this.warn(t, `SQL*Plus command ${t.text.toUpperCase()} is not an ORDS security call; skipped`);
        this.skipLine(t);
      } else if (isWord(t, 'commit', 'rollback')) {
        this.skipPast(';');
      } else if (isWord(t, 'create') && this.createsStoredCode()) {
        this.warn(t, 'stored PL/SQL (CREATE … PROCEDURE/FUNCTION/PACKAGE/TRIGGER/TYPE) is not read');
        this.skipToSlash();
      } else {
        this.warn(t, `SQL statement "${this.firstWords(t)}" is not an ORDS security call; skipped`);
        this.skipPast(';');
      }
    }
    return { calls: this.calls, warnings: this.warnings };
  }

  /** DECLARE … BEGIN … [EXCEPTION …] END; with nested BEGIN/END. */
  private block(): void {
    const opening = this.peek()!;
    if (isWord(opening, 'declare')) {
      this.at++;
      while (this.peek() && !isWord(this.peek(), 'begin')) this.declaration();
      if (!this.peek()) this.fail(opening, 'DECLARE without BEGIN');
    }
    this.expectWord('begin');
    let depth = 1;
    while (depth > 0) {
      const t = this.peek();
      if (!t || t.kind === 'slash') this.fail(opening, 'block without END;');
      if (isWord(t, 'begin')) {
        this.at++;
        depth++;
      } else if (isWord(t, 'end') && !isWord(this.tokens[this.at + 1], 'if', 'loop', 'case')) {
        this.at++;
        if (this.peek()?.kind === 'word' && !isSymbol(this.peek(), ';')) this.at++; // END label;
        this.expectSymbol(';');
        depth--;
      } else if (isWord(t, 'exception')) {
        // Handlers run only when something failed; the script's effect is the main path.
        this.skipExceptionSection();
        depth--;
      } else if (isWord(t, 'declare')) {
        this.at++;
        while (this.peek() && !isWord(this.peek(), 'begin')) this.declaration();
      } else {
        this.statement(this.untilSemicolon(t));
      }
    }
  }

  /** `l_roles OWA.VC_ARR;`, `l_name varchar2(100) := 'x';`, `l_cred ords_types.t_client_credentials;` */
  private declaration(): void {
    const start = this.peek()!;
    const tokens = this.untilSemicolon(start);
    if (tokens[0]?.kind !== 'word' && tokens[0]?.kind !== 'quoted')
      this.fail(start, 'expected a declaration');
    const name = tokens[0]!.text.toLowerCase();
    const typeWords = tokens
      .slice(1)
      .filter((t) => t.kind === 'word')
      .map((t) => t.text.toLowerCase());
    if (typeWords.includes('vc_arr') || typeWords.includes('table')) {
      this.arrays.set(name, new Map());
      return;
    }
    const assign = tokens.findIndex((t) => isSymbol(t, ':=') || isWord(t, 'default'));
    if (assign > 0) this.scalars.set(name, this.expression(tokens.slice(assign + 1), tokens[assign]!));
  }

  /** One statement's tokens (without its `;`). */
  private statement(tokens: Token[]): void {
    const first = tokens[0];
    if (!first) return;
    if (isWord(first, ...BLOCK_QUIET)) return;
    if (isWord(first, 'dbms_output')) return; // printing changes nothing
    const array = this.arrays.get(first.text.toLowerCase());
    if (array && isSymbol(tokens[1], '.') && isWord(tokens[2], 'delete') && tokens.length === 3) {
      array.clear();
      return;
    }
    const assign = tokens.findIndex((t) => isSymbol(t, ':='));
    if (assign > 0) return this.assignment(tokens, assign);
    if (first.kind === 'word' || first.kind === 'quoted') {
      const call = this.call(tokens, first);
      if (call) {
        this.calls.push(call);
        return;
      }
    }
    this.warn(first, `statement "${this.firstWords(first)}" is not an ORDS security call; skipped`);
  }

  /** `l_roles(1) := 'x';` or `l_cred := ords_security.register_client(...);` or `l_x := 'y';` */
  private assignment(tokens: Token[], at: number): void {
    const target = tokens[0]!;
    const name = target.text.toLowerCase();
    const rhs = tokens.slice(at + 1);
    if (at > 1 && isSymbol(tokens[1], '(')) {
      const array = this.arrays.get(name);
      const index = tokens[2];
      if (!array || index?.kind !== 'number' || !isSymbol(tokens[3], ')') || at !== 4)
        this.fail(
          target,
          `"${target.text}(…) :=" needs an OWA.VC_ARR variable declared in DECLARE and a number index`,
        );
      const value = this.expression(rhs, tokens[at]!);
      if (value.kind !== 'string') this.fail(rhs[0] ?? target, 'an array element must be a string literal');
      array!.set(Number(index!.text), (value as { value: string }).value);
      return;
    }
    const value = this.expression(rhs, tokens[at]!);
    if (value.kind === 'call') this.calls.push(value.call);
    else this.scalars.set(name, value);
  }

  /** `pkg.proc(args)` or `pkg.proc`; undefined when the tokens are not a call. */
  private call(tokens: Token[], first: Token): Call | undefined {
    const name: string[] = [first.text.toLowerCase()];
    let k = 1;
    while (isSymbol(tokens[k], '.') && (tokens[k + 1]?.kind === 'word' || tokens[k + 1]?.kind === 'quoted')) {
      name.push(tokens[k + 1]!.text.toLowerCase());
      k += 2;
    }
    if (k === tokens.length) return { name, args: [], token: first, file: this.file };
    if (!isSymbol(tokens[k], '(')) return undefined;
    const close = matchingParen(tokens, k);
    if (close < 0) this.fail(tokens[k]!, 'unbalanced parentheses');
    if (close !== tokens.length - 1)
      this.fail(
        tokens[close + 1]!,
        `unexpected "${tokens[close + 1]!.text}" after the call (a missing ";"?)`,
      );
    const args: Arg[] = [];
    const inside = tokens.slice(k + 1, close);
    for (const part of inside.length === 0 ? [] : splitTopLevel(inside)) {
      if (part.length === 0) this.fail(tokens[k]!, 'empty argument');
      if ((part[0]!.kind === 'word' || part[0]!.kind === 'quoted') && isSymbol(part[1], '=>')) {
        args.push({
          name: part[0]!.text.toLowerCase(),
          value: this.expression(part.slice(2), part[1]!),
          token: part[0]!,
        });
      } else {
        if (args.some((a) => a.name)) this.fail(part[0]!, 'a positional argument after a named one');
        args.push({ value: this.expression(part, part[0]!), token: part[0]! });
      }
    }
    return { name, args, token: first, file: this.file };
  }

  /** A literal, `'a' || 'b'`, a variable, a constant name, or a nested call. */
  private expression(tokens: Token[], near: Token): Value {
    if (tokens.length === 0) this.fail(near, 'expected a value');
    const pieces = splitOn(tokens, '||');
    if (pieces.length > 1) {
      let out = '';
      for (const piece of pieces) {
        const v = this.expression(piece, near);
        if (v.kind === 'string') out += v.value;
        else if (v.kind === 'number') out += String(v.value);
        else if (v.kind !== 'null') this.fail(piece[0] ?? near, 'only literals can be joined with ||');
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
      if (rest.length === 0 && this.arrays.has(variable)) {
        const items = [...this.arrays.get(variable)!.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
        return { kind: 'array', items, variable: t.text };
      }
      if (rest.length === 0 && this.scalars.has(variable)) return this.scalars.get(variable)!;
      const call = this.call(tokens, t);
      if (call && call.args.length === 0 && !tokens.some((x) => isSymbol(x, '(')))
        return { kind: 'name', parts: call.name };
      if (call) return { kind: 'call', call };
    }
    this.fail(t, `cannot read the value "${this.text.slice(t.start, tokens[tokens.length - 1]!.end)}"`);
  }

  private skipExceptionSection(): void {
    // Up to the END that closes the block: count nested BEGIN/CASE … END.
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      this.at++;
      if (isWord(t, 'begin', 'case')) depth++;
      if (isWord(t, 'end')) {
        if (isWord(this.peek(), 'if', 'loop', 'case')) {
          this.at++;
          if (isWord(this.tokens[this.at - 1], 'case')) depth--;
          continue;
        }
        if (depth === 0) {
          if (this.peek()?.kind === 'word') this.at++;
          this.expectSymbol(';');
          return;
        }
        depth--;
      }
    }
  }

  private createsStoredCode(): boolean {
    const words = this.tokens.slice(this.at, this.at + 6).map((t) => t.text.toLowerCase());
    return words.some((w) => ['procedure', 'function', 'package', 'trigger', 'type'].includes(w));
  }

  private untilSemicolon(start: Token): Token[] {
    const out: Token[] = [];
    const opens: Token[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === 'slash') {
        const open = opens[opens.length - 1];
        if (open) this.fail(open, '"(" is never closed');
        this.fail(start, 'statement without a closing ";"');
      }
      this.at++;
      if (isSymbol(t, '(')) opens.push(t!);
      if (isSymbol(t, ')')) opens.pop();
      if (opens.length === 0 && isSymbol(t, ';')) return out;
      out.push(t!);
    }
  }

  /** EXEC lines end at the line's end (or a `;`). */
  private untilLineEnd(start: Token): Token[] {
    const out: Token[] = [];
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      if (depth === 0 && t.line !== start.line && out.length > 0 && !isSymbol(out[out.length - 1], '-'))
        break;
      this.at++;
      if (isSymbol(t, '(')) depth++;
      if (isSymbol(t, ')')) depth--;
      if (depth === 0 && isSymbol(t, ';')) break;
      out.push(t);
    }
    return out;
  }

  private skipLine(start: Token): void {
    while (this.peek() && this.peek()!.line === start.line) this.at++;
  }

  private skipPast(symbol: string): void {
    while (this.peek() && this.peek()!.kind !== 'slash') {
      const t = this.peek()!;
      this.at++;
      if (isSymbol(t, symbol)) return;
    }
  }

  private skipToSlash(): void {
    while (this.peek() && this.peek()!.kind !== 'slash') this.at++;
    this.at++;
  }

  private firstWords(t: Token): string {
    const line = this.text.slice(
      t.start,
      this.text.indexOf('\n', t.start) < 0 ? undefined : this.text.indexOf('\n', t.start),
    );
    return line
      .trim()
      .split(/\s+/)
      .slice(0, 3)
      .join(' ')
      .replace(/[;(].*$/, '');
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private expectWord(word: string): void {
    const t = this.peek();
    if (!isWord(t, word))
      this.fail(t ?? this.tokens[this.tokens.length - 1]!, `expected ${word.toUpperCase()}`);
    this.at++;
  }

  private expectSymbol(symbol: string): void {
    const t = this.peek();
    if (!isSymbol(t, symbol)) this.fail(t ?? this.tokens[this.tokens.length - 1]!, `expected "${symbol}"`);
    this.at++;
  }

  private warn(t: Token, message: string): void {
    this.warnings.push({ file: this.file, line: t.line, col: t.col, message });
  }

  private fail(t: Token, message: string): never {
    throw new InputError(message, { file: this.file, position: { line: t.line, col: t.col } });
  }
}

function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (isSymbol(tokens[k], '(')) depth++;
    if (isSymbol(tokens[k], ')') && --depth === 0) return k;
  }
  return -1;
}

function splitTopLevel(tokens: Token[]): Token[][] {
  return splitOn(tokens, ',');
}

function splitOn(tokens: Token[], symbol: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isSymbol(t, '(')) depth++;
    if (isSymbol(t, ')')) depth--;
    if (depth === 0 && isSymbol(t, symbol)) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts;
}
