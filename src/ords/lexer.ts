/**
 * Tokens of an ORDS security script (SQL*Plus + PL/SQL), each with its line and
 * column. Knows what the scripts use: identifiers (plain and "quoted"), string
 * literals ('it''s', q'[...]'), numbers, `=>`, `:=`, `||`, punctuation, `--` and
 * block comments, and a `/` alone on its line (the SQL*Plus block terminator).
 * An unterminated literal or comment is an input error at its start.
 */
import { InputError, type Position } from '../source/errors.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'symbol' | 'slash';

export interface Token {
  kind: TokenKind;
  /** A word's text as written; a string's value (quotes removed, '' undone). */
  text: string;
  line: number;
  col: number;
  /** Offset of the token's first character, and just past its last. */
  start: number;
  end: number;
}

const Q_CLOSERS: Record<string, string> = { '[': ']', '(': ')', '{': '}', '<': '>' };
const SYMBOLS = [
  '=>',
  ':=',
  '||',
  '..',
  '(',
  ')',
  ',',
  ';',
  '.',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  ':',
  '@',
  '&',
  '!',
  '^',
  '|',
  '?',
  '[',
  ']',
  '{',
  '}',
  '#',
  '$',
  '~',
  '\\',
];

export function tokenize(file: string, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number): Position => {
    // Columns count characters from 1; `line`/`lineStart` track the scan position.
    return { line, col: at - lineStart + 1 };
  };
  const advanceTo = (to: number) => {
    for (let k = i; k < to; k++) {
      if (text[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    i = to;
  };
  const fail = (at: Position, message: string): never => {
    throw new InputError(message, { file, position: at });
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      advanceTo(i + 1);
      continue;
    }
    const here = pos(i);
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      advanceTo(nl < 0 ? text.length : nl);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) fail(here, 'unterminated /* comment');
      advanceTo(close + 2);
      continue;
    }
    if (c === '/' && aloneOnLine(text, i)) {
      tokens.push({ kind: 'slash', text: '/', ...here, start: i, end: i + 1 });
      advanceTo(i + 1);
      continue;
    }
    // q'[...]' (also Q, nq) : the alternative quoting mechanism.
    const qMatch = /^[nN]?[qQ]'/.exec(text.slice(i, i + 3));
    if (qMatch) {
      const open = text[i + qMatch[0].length];
      if (open === undefined || /\s/.test(open)) fail(here, "q'…' literal needs a delimiter after the quote");
      const close = Q_CLOSERS[open!] ?? open!;
      const from = i + qMatch[0].length + 1;
      const end = text.indexOf(`${close}'`, from);
      if (end < 0) fail(here, `unterminated q'${open}…${close}' literal`);
      tokens.push({ kind: 'string', text: text.slice(from, end), ...here, start: i, end: end + 2 });
      advanceTo(end + 2);
      continue;
    }
    if (c === "'" || ((c === 'n' || c === 'N') && text[i + 1] === "'")) {
      let k = i + (c === "'" ? 1 : 2);
      let value = '';
      for (;;) {
        if (k >= text.length) fail(here, 'unterminated string literal');
        if (text[k] === "'") {
          if (text[k + 1] === "'") {
            value += "'";
            k += 2;
            continue;
          }
          break;
        }
        value += text[k];
        k++;
      }
      tokens.push({ kind: 'string', text: value, ...here, start: i, end: k + 1 });
      advanceTo(k + 1);
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) fail(here, 'unterminated quoted identifier');
      tokens.push({ kind: 'quoted', text: text.slice(i + 1, end), ...here, start: i, end: end + 1 });
      advanceTo(end + 1);
      continue;
    }
    const word = /^[A-Za-z][A-Za-z0-9_$#]*/.exec(text.slice(i, i + 200));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], ...here, start: i, end: i + word[0].length });
      advanceTo(i + word[0].length);
      continue;
    }
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 60));
    if (num) {
      tokens.push({ kind: 'number', text: num[0], ...here, start: i, end: i + num[0].length });
      advanceTo(i + num[0].length);
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (!symbol) fail(here, `unexpected character "${c}"`);
    tokens.push({ kind: 'symbol', text: symbol!, ...here, start: i, end: i + symbol!.length });
    advanceTo(i + symbol!.length);
  }
  return tokens;
}

/** A `/` with nothing but blanks before and after it on its line. */
function aloneOnLine(text: string, at: number): boolean {
  const before = text.lastIndexOf('\n', at - 1) + 1;
  let after = text.indexOf('\n', at);
  if (after < 0) after = text.length;
  return text.slice(before, at).trim() === '' && text.slice(at + 1, after).trim() === '';
}

/** Case-insensitive comparison of a word token. */
export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toLowerCase());
}

export function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.text === symbol;
}
