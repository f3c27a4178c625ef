/**
 * A position in a script's tokens and the moves a statement reader makes over
 * them: peek, expect, take up to a `;` or the line's end, skip. Errors name the
 * token's file:line:col.
 */
import { InputError } from '../source/errors.js';
import { isSymbol, isWord, type Token } from './lexer.js';

export class TokenCursor {
  protected at = 0;

  constructor(
    readonly file: string,
    protected readonly tokens: Token[],
    readonly text: string,
  ) {}

  protected peek(): Token | undefined {
    return this.tokens[this.at];
  }

  /** A statement's tokens up to its `;` (consumed, not returned), parentheses balanced. */
  protected untilSemicolon(start: Token): Token[] {
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
      if (isSymbol(t, '(')) opens.push(t);
      if (isSymbol(t, ')')) opens.pop();
      if (opens.length === 0 && isSymbol(t, ';')) return out;
      out.push(t);
    }
  }

  /** EXEC lines end at the line's end (or a `;`); a trailing `-` continues them. */
  protected untilLineEnd(start: Token): Token[] {
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

  protected skipLine(start: Token): void {
    while (this.peek() && this.peek()!.line === start.line) this.at++;
  }

  protected skipPast(symbol: string): void {
    while (this.peek() && this.peek()!.kind !== 'slash') {
      const t = this.peek()!;
      this.at++;
      if (isSymbol(t, symbol)) return;
    }
  }

  protected skipToSlash(): void {
    while (this.peek() && this.peek()!.kind !== 'slash') this.at++;
    this.at++;
  }

  protected expectWord(word: string): void {
    const t = this.peek();
    if (!isWord(t, word))
      this.fail(t ?? this.tokens[this.tokens.length - 1]!, `expected ${word.toUpperCase()}`);
    this.at++;
  }

  protected expectSymbol(symbol: string): void {
    const t = this.peek();
    if (!isSymbol(t, symbol)) this.fail(t ?? this.tokens[this.tokens.length - 1]!, `expected "${symbol}"`);
    this.at++;
  }

  /** Up to three words of the line a token starts, for naming a skipped statement. */
  firstWords(t: Token): string {
    const nl = this.text.indexOf('\n', t.start);
    return this.text
      .slice(t.start, nl < 0 ? undefined : nl)
      .trim()
      .split(/\s+/)
      .slice(0, 3)
      .join(' ')
      .replace(/[;(].*$/, '');
  }

  fail(t: Token, message: string): never {
    throw new InputError(message, { file: this.file, position: { line: t.line, col: t.col } });
  }
}

/** The index of the `)` that closes the `(` at `open`, or -1. */
export function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (isSymbol(tokens[k], '(')) depth++;
    if (isSymbol(tokens[k], ')') && --depth === 0) return k;
  }
  return -1;
}

/** Tokens split at each top-level (outside parentheses) `symbol`. */
export function splitOn(tokens: Token[], symbol: string): Token[][] {
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
