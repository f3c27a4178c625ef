/**
 * Reads an ORDS security script into the procedure calls it makes, without
 * executing anything:
 *   BEGIN ORDS.CREATE_ROLE(p_role_name => 'HR Administrator'); COMMIT; END;
 *   /
 *   -> [{ name: ['ords', 'create_role'], args: [{ name: 'p_role_name', value: 'HR Administrator' }] }]
 * Blocks (`DECLARE … BEGIN … END;` + `/`), `EXEC` lines, OWA.VC_ARR variables
 * filled element by element, named and positional arguments, `||` between
 * literals. Statements it does not model are warnings with file:line:col;
 * malformed ones are input errors. Tokens come from lexer.ts, the moves over them
 * from token-cursor.ts, calls and values from call-syntax.ts.
 */
import { readCall, readValue, type Call, type Scope } from './call-syntax.js';
import { isSymbol, isWord, tokenize, type Token } from './lexer.js';
import { TokenCursor } from './token-cursor.js';

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

/** One pass over the tokens; each block starts with no variables. */
class Reader extends TokenCursor {
  private readonly calls: Call[] = [];
  private readonly warnings: Warning[] = [];
  private scope: Scope = { arrays: new Map(), scalars: new Map() };

  read(): ScriptRead {
    while (this.peek()) {
      const t = this.peek()!;
      if (t.kind === 'slash' || isSymbol(t, ';')) {
        this.at++;
      } else if (isWord(t, 'begin', 'declare')) {
        this.scope = { arrays: new Map(), scalars: new Map() };
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
      this.scope.arrays.set(name, new Map());
      return;
    }
    const assign = tokens.findIndex((t) => isSymbol(t, ':=') || isWord(t, 'default'));
    if (assign > 0)
      this.scope.scalars.set(name, readValue(this, this.scope, tokens.slice(assign + 1), tokens[assign]!));
  }

  /** One statement's tokens (without its `;`). */
  private statement(tokens: Token[]): void {
    const first = tokens[0];
    if (!first) return;
    if (isWord(first, ...BLOCK_QUIET)) return;
    if (isWord(first, 'dbms_output')) return; // printing changes nothing
    const array = this.scope.arrays.get(first.text.toLowerCase());
    if (array && isSymbol(tokens[1], '.') && isWord(tokens[2], 'delete') && tokens.length === 3) {
      array.clear();
      return;
    }
    const assign = tokens.findIndex((t) => isSymbol(t, ':='));
    if (assign > 0) return this.assignment(tokens, assign);
    if (first.kind === 'word' || first.kind === 'quoted') {
      const call = readCall(this, this.scope, tokens, first);
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
      const array = this.scope.arrays.get(name);
      const index = tokens[2];
      if (!array || index?.kind !== 'number' || !isSymbol(tokens[3], ')') || at !== 4)
        this.fail(
          target,
          `"${target.text}(…) :=" needs an OWA.VC_ARR variable declared in DECLARE and a number index`,
        );
      const value = readValue(this, this.scope, rhs, tokens[at]!);
      if (value.kind !== 'string') this.fail(rhs[0] ?? target, 'an array element must be a string literal');
      array!.set(Number(index!.text), (value as { value: string }).value);
      return;
    }
    const value = readValue(this, this.scope, rhs, tokens[at]!);
    if (value.kind === 'call') this.calls.push(value.call);
    else this.scope.scalars.set(name, value);
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

  private warn(t: Token, message: string): void {
    this.warnings.push({ file: this.file, line: t.line, col: t.col, message });
  }
}
