/**
 * What the simulator answers for a handler it will never execute:
 * - PL/SQL that prints a literal JSON with htp.p / htp.print / htp.prn: that JSON;
 * - a collection query (json/collection, json/query, feed, csv): an ORDS collection
 *   `{"items":[{…},{…}],"hasMore":false,"limit":25,"offset":0,"count":2,"links":[]}`
 *   whose item keys are the query's select-list names (lower case, as ORDS does),
 *   or `id` for `SELECT *`;
 * - an item query (json/item, json/query;type=single): one such item;
 * - anything else (PL/SQL without a literal, media): `{}`.
 * A value whose name is a path parameter (`:id`) is that parameter, bound per request.
 */
import { isSymbol, isWord, tokenize, type Token } from './lexer.js';

export type SourceKind = 'collection' | 'item' | 'plsql' | 'other';

/** ORDS's source type names (constants and their string values). */
export function sourceKind(sourceType: string | undefined): SourceKind {
  const t = (sourceType ?? 'json/collection').toLowerCase();
  if (['plsql/block', 'source_type_plsql', 'plsql'].includes(t)) return 'plsql';
  if (
    [
      'json/item',
      'json/query;type=single',
      'source_type_collection_item',
      'source_type_query_one_row',
    ].includes(t)
  )
    return 'item';
  if (
    t.startsWith('json/') ||
    t.startsWith('csv/') ||
    [
      'source_type_collection_feed',
      'source_type_query',
      'source_type_csv_query',
      'source_type_feed',
    ].includes(t)
  )
    return 'collection';
  return 'other';
}

export function handlerBody(kind: SourceKind, source: string, limit: number, params: string[]): unknown {
  if (kind === 'plsql') return printedJson(source) ?? {};
  if (kind === 'collection') {
    const items = [sampleRow(source, params, 1), sampleRow(source, params, 2)];
    return { items, hasMore: false, limit, offset: 0, count: items.length, links: [] };
  }
  if (kind === 'item') return sampleRow(source, params, 1);
  return {};
}

/** The JSON a PL/SQL block prints, when every htp.p argument is a literal and together they parse. */
export function printedJson(source: string): unknown {
  let tokens: Token[];
  try {
    tokens = tokenize('(handler source)', source);
  } catch {
    return undefined;
  }
  let text = '';
  let printed = false;
  for (let k = 0; k < tokens.length; k++) {
    if (
      !isWord(tokens[k], 'htp') ||
      !isSymbol(tokens[k + 1], '.') ||
      !isWord(tokens[k + 2], 'p', 'print', 'prn')
    )
      continue;
    if (!isSymbol(tokens[k + 3], '(')) return undefined;
    let j = k + 4;
    for (;;) {
      const t = tokens[j];
      if (t?.kind !== 'string') return undefined; // printed from a variable or a query: not literal
      text += t.text;
      if (isSymbol(tokens[j + 1], '||')) {
        j += 2;
        continue;
      }
      if (!isSymbol(tokens[j + 1], ')')) return undefined;
      break;
    }
    printed = true;
    k = j + 1;
  }
  if (!printed) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One plausible row: the select list's names, sample values; path parameters bound. */
function sampleRow(query: string, params: string[], n: number): Record<string, unknown> {
  const names = selectList(query);
  const row: Record<string, unknown> = {};
  for (const name of names.length > 0 ? names : ['id']) {
    if (params.includes(name)) row[name] = `:${name}`;
    else if (/(^id$|_id$|no$|num$|number$|count$|total$|^sal|amount$|price$)/.test(name)) row[name] = n;
    else row[name] = `${name} ${n}`;
  }
  return row;
}

/** `SELECT a, b AS c, t.d FROM …` -> ['a', 'c', 'd']; [] for `*` or anything unusual. */
function selectList(query: string): string[] {
  let tokens: Token[];
  try {
    tokens = tokenize('(handler source)', query);
  } catch {
    return [];
  }
  const select = tokens.findIndex((t) => isWord(t, 'select'));
  const from = tokens.findIndex((t, i) => i > select && isWord(t, 'from'));
  if (select < 0 || from < 0) return [];
  const names: string[] = [];
  let current: Token[] = [];
  let depth = 0;
  const flush = () => {
    // The last word names the column: `a`, `b AS c`, `t.d`, `count(*) n`; an unnamed expression has none.
    const last = current[current.length - 1];
    if (last && (last.kind === 'word' || last.kind === 'quoted')) names.push(last.text.toLowerCase());
    current = [];
  };
  for (const t of tokens.slice(select + 1, from)) {
    if (isSymbol(t, '*') && depth === 0) return [];
    if (isSymbol(t, '(')) depth++;
    if (isSymbol(t, ')')) depth--;
    if (depth === 0 && isSymbol(t, ',')) flush();
    else current.push(t);
  }
  flush();
  return [...new Set(names)].filter((n) => !['distinct', 'all'].includes(n));
}
