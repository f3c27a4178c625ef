/**
 * A YAML file parsed with positions. Loaders validate the plain data and ask the
 * document where a path sits so every error can name its line and column.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import { InputError, type Position } from './errors.js';

export type DataPath = readonly (string | number)[];

export class SourceDocument {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses YAML (JSON is YAML too); a syntax error is an InputError at its position. */
  static parse(file: string, text: string): SourceDocument {
    const lines = new LineCounter();
    const deep = tooDeep(text);
    if (deep !== undefined) {
      const before = text.slice(0, deep);
      const position = { line: before.split('\n').length, col: deep - before.lastIndexOf('\n') };
      throw new InputError(`nested deeper than ${MAX_NESTING} levels of [ ] or { }`, { file, position });
    }
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const offset = first.pos[0];
      const message =
        first.message.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '') ?? 'invalid YAML';
      // The common trap: a JSONPath such as $.items[0].id unquoted inside { … }.
      const hint = /unexpected flow-(seq|map)/i.test(message)
        ? " (inside { } or [ ], quote values that contain [ ] { } or commas, e.g. '$.items[0].id')"
        : '';
      throw new InputError(`invalid YAML: ${message}${hint}`, { file, position: toPosition(lines, offset) });
    }
    // Keys are names: a list or map used as a key (`? - a`) would become an unreadable name.
    let complexKey: number | undefined;
    visit(doc, {
      Pair: (_key, pair) => {
        if (pair.key !== null && !isScalar(pair.key)) {
          complexKey = rangeStart(pair.key) ?? 0;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (complexKey !== undefined) {
      throw new InputError('invalid YAML: keys must be plain names, not lists or maps', {
        file,
        position: toPosition(lines, complexKey),
      });
    }
    return new SourceDocument(file, doc, lines);
  }

  /** Plain data; an alias without its anchor, or one expanded too often, is an input error at the alias. */
  toJS(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      let offset = 0;
      visit(this.doc, {
        Alias: (_key, node) => {
          if (node.resolve(this.doc) === undefined || offset === 0) offset = node.range?.[0] ?? offset;
          return node.resolve(this.doc) === undefined ? visit.BREAK : undefined;
        },
      });
      const message = (e as Error).message.split('\n')[0] ?? 'invalid YAML';
      throw new InputError(`invalid YAML: ${message}`, {
        file: this.file,
        position: toPosition(this.lines, offset),
      });
    }
  }

  /**
   * Position of the value at `path`, or of its key when `part` is 'key'. Falls back
   * to the nearest existing ancestor, so an error about a missing key points at the
   * map that should hold it.
   */
  positionOf(path: DataPath, part: 'key' | 'value' = 'value'): Position {
    let node: unknown = this.doc.contents;
    let best: number = rangeStart(node) ?? 0;
    for (const segment of path) {
      const pair = findPair(node, segment);
      if (!pair) {
        node = isSeq(node) && typeof segment === 'number' ? node.items[segment] : undefined;
        if (node === undefined) break;
        best = rangeStart(node) ?? best;
        continue;
      }
      node = pair.value;
      const keyStart = rangeStart(pair.key);
      best =
        (part === 'key' && segment === path[path.length - 1] ? keyStart : rangeStart(node)) ??
        keyStart ??
        best;
    }
    return toPosition(this.lines, best);
  }

  errorAt(path: DataPath, message: string, part: 'key' | 'value' = 'value'): InputError {
    return new InputError(message, { file: this.file, position: this.positionOf(path, part) });
  }
}

function findPair(node: unknown, key: string | number) {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}

function toPosition(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, col };
}

/** Deeper flow nesting is refused before parsing: the parser and every later walk recurse. */
export const MAX_NESTING = 64;

/** The offset of the first [ or { that opens level MAX_NESTING + 1 (outside quotes and comments), if any. */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || (c === "'" && /[\s[{,:]/.test(text[i - 1] ?? ' '))) quote = c;
    else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) while (i < text.length && text[i] !== '\n') i++;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}
