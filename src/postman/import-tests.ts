/**
 * The common Postman test idioms, line by line, as gatecheck expectations:
 *   pm.response.to.have.status(200)                 -> status: 200
 *   tests["ok"] = responseCode.code === 200          -> status: 200
 *   pm.response.to.have.header("Content-Type")       -> headers: { Content-Type: { exists: true } }
 *   pm.expect(jsonData.items[0].id).to.eql(1)        -> json: { $.items[0].id: 1 }
 *   pm.expect(pm.response.text()).to.include("ok")   -> body: { contains: ok }
 *   pm.environment.set("id", jsonData.id)            -> capture: { id: $.id }
 * Lines that are only structure (pm.test wrappers, `var jsonData = pm.response.json()`)
 * are dropped; anything else is returned as untranslated.
 */
import type { Expectations } from '../model/collection.js';
import { isMatcher, matcherForChai, regexLiteral } from '../model/matchers.js';

/** Other spellings chai accepts for the chains in the matcher table (canonical form: no `be`, `have`, `deep`). */
const CHAI_ALIASES: Record<string, string> = {
  an: 'a',
  equals: 'equal',
  eq: 'equal',
  eqls: 'eql',
  contain: 'include',
  contains: 'include',
  includes: 'include',
  greaterThan: 'above',
  gt: 'above',
  lessThan: 'below',
  lt: 'below',
  least: 'at.least',
  gte: 'at.least',
  most: 'at.most',
  lte: 'at.most',
};

export interface TranslatedTests {
  expect: Expectations;
  capture: Record<string, string>;
  untranslated: string[];
  /** Check name -> the pm.test it came from, so reports show the test's name. */
  names: Record<string, string>;
  /** Two assertions landed on one check (the later would hide the earlier): not translatable. */
  conflict?: boolean;
}

/**
 * A test script as expectations only when the translation means exactly what the
 * script means in Postman (the same verdict on every response); otherwise
 * undefined and the script runs as it is in the Postman sandbox. Conditionals,
 * variable sets, several assertions on one check, anything unknown: not translated.
 */
export function translateExactly(
  script: string,
): { expect: Expectations; names: Record<string, string> } | undefined {
  const out = translateTests(script);
  if (out.untranslated.length > 0 || out.conflict || Object.keys(out.capture).length > 0) return undefined;
  // "{{x}}" in a script string is literal text in Postman; gatecheck would fill it in an expectation.
  if (script.includes('{{')) return undefined;
  // A top-level pm.response.json() that throws fails the whole script in Postman: only a JSON check says the same.
  if (JSON_VARS.size > 0 && Object.keys(out.expect.json ?? {}).length === 0) return undefined;
  // Header literals that look like /regex/ would be read as patterns by gatecheck.
  if (Object.values(out.expect.headers ?? {}).some((v) => regexLiteral(v) !== undefined)) return undefined;
  return Object.keys(out.expect).length > 0 ? { expect: out.expect, names: out.names } : undefined;
}

const JSON_VARS = new Set<string>();

/** A JS literal as data, or undefined when it is not a plain literal. */
function literal(text: string): { value: unknown } | undefined {
  const t = text.trim();
  try {
    if (t.startsWith("'"))
      return { value: JSON.parse(`"${t.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) };
    return { value: JSON.parse(t) };
  } catch {
    try {
      // Object and array literals with unquoted keys or single quotes.
      const json = t.replace(/'/g, '"').replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":');
      return { value: JSON.parse(json) };
    } catch {
      return undefined;
    }
  }
}

/** `jsonData.items[0].id` or `pm.response.json().a` -> `$.items[0].id`. */
function jsonPath(expr: string): string | undefined {
  const e = expr.trim();
  const m =
    /^(?:pm\.response\.json\(\)|([A-Za-z_$][\w$]*))((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["[^"]+"\]|\['[^']+'\])*)$/.exec(
      e,
    );
  if (!m) return undefined;
  if (m[1] && !JSON_VARS.has(m[1])) return undefined;
  return `$${m[2] ?? ''}`;
}

export function translateTests(script: string): TranslatedTests {
  const out: TranslatedTests = { expect: {}, capture: {}, untranslated: [], names: {} };
  JSON_VARS.clear();
  conflict = false;
  const statements = script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('//'));
  // Each statement with the pm.test it is in, so the checks it becomes carry the test's name.
  const OPENER = /^pm\.test\(\s*(["'`])((?:(?!\1).)*)\1\s*,\s*(?:function\s*\(\s*\)|\(\s*\)\s*=>)\s*\{(.*)$/;
  const expanded: { text: string; test?: string }[] = [];
  let test: string | undefined;
  for (const l of statements) {
    const m = OPENER.exec(l);
    // pm.test("…", function () { a; b; });  ->  its statements
    const oneLine = m ? /^(.*)\}\s*\)\s*;?$/.exec(m[3] ?? '') : null;
    if (m && oneLine) {
      for (const x of (oneLine[1] ?? '').split(';').map((t) => t.trim()))
        if (x !== '') expanded.push({ text: x, test: m[2] });
    } else if (m && (m[3] ?? '').trim() === '') test = m[2];
    else if (/^\}\s*\)\s*;?$/.test(l)) test = undefined;
    else {
      const legacy = /^tests\[\s*(["'])((?:(?!\1).)*)\1\s*\]\s*=/.exec(l);
      expanded.push({ text: l, test: legacy ? legacy[2] : test });
    }
  }
  for (const { text: raw, test: name } of expanded) {
    const line = raw.replace(/;\s*$/, '').trim();
    if (/^(\}\)|\}|\);?|\)\s*;?)$/.test(line)) continue;
    const assign =
      /^(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:pm\.response\.json\(\)|JSON\.parse\(\s*responseBody\s*\))$/.exec(
        line,
      );
    if (assign?.[1]) {
      JSON_VARS.add(assign[1]);
      continue;
    }
    const before = new Set(checkLabels(out.expect));
    if (!translateLine(line, out)) out.untranslated.push(raw);
    else if (name !== undefined)
      for (const label of checkLabels(out.expect)) if (!before.has(label)) out.names[label] = name;
  }
  out.conflict = conflict;
  return out;
}

/** The names of the checks gatecheck makes of expectations (as assert/evaluate names them). */
function checkLabels(e: Expectations): string[] {
  const labels: string[] = [];
  if (e.status !== undefined) labels.push('status');
  const each = (kind: string, entries: Record<string, unknown> | undefined) => {
    for (const [key, expected] of Object.entries(entries ?? {}))
      if (isMatcher(expected)) for (const m of Object.keys(expected)) labels.push(`${kind} ${key} ${m}`);
      else labels.push(`${kind} ${key}`);
  };
  each('header', e.headers);
  each('json', e.json);
  for (const k of ['contains', 'matches', 'equals'] as const)
    if (e.body?.[k] !== undefined) labels.push(`body ${k}`);
  if (e.maxDurationMs !== undefined) labels.push('duration');
  return labels;
}

/** Text captured between quotes is used as is: one with an escape (\" \n \\) would keep the backslash, so it is not translated. */
function escaped(captured: string): boolean {
  return captured.includes('\\');
}

function translateLine(line: string, out: TranslatedTests): boolean {
  const e = out.expect;
  let m: RegExpExecArray | null;
  // Status
  if ((m = /^pm\.response\.to\.(?:have\.status|be\.status)\((\d{3})\)$/.exec(line)))
    return setStatus(e, Number(m[1]));
  if ((m = /^pm\.expect\(pm\.response\.code\)\.to\.(?:eql|equal|eq|be\.equal)\((\d{3})\)$/.exec(line)))
    return setStatus(e, Number(m[1]));
  if ((m = /^pm\.expect\(pm\.response\.code\)\.to\.be\.oneOf\((\[[\d,\s]+\])\)$/.exec(line)))
    return setStatus(e, JSON.parse(m[1]!) as number[]);
  if (
    (m = /^tests\[\s*(["']).*\1\s*\]\s*=\s*(?:responseCode\.code|pm\.response\.code)\s*===?\s*(\d{3})$/.exec(
      line,
    ))
  )
    return setStatus(e, Number(m[2]));
  // chai-postman: `ok` is exactly 200, `success` any 2xx.
  if (/^pm\.response\.to\.be\.ok$/.test(line)) return setStatus(e, 200);
  if (/^pm\.response\.to\.be\.success$/.test(line)) return setStatus(e, '2xx');
  // Headers
  if ((m = /^pm\.response\.to\.have\.header\(\s*(["'])([^"']+)\1\s*\)$/.exec(line))) {
    if (e.headers?.[m[2]!] !== undefined) conflict = true;
    e.headers = { ...e.headers, [m[2]!]: { exists: true } };
    return true;
  }
  if ((m = /^pm\.response\.to\.have\.header\(\s*(["'])([^"']+)\1\s*,\s*(["'])(.*)\3\s*\)$/.exec(line))) {
    if (escaped(m[4]!)) return false;
    if (e.headers?.[m[2]!] !== undefined) conflict = true;
    e.headers = { ...e.headers, [m[2]!]: m[4] };
    return true;
  }
  if (
    (m =
      /^pm\.expect\(pm\.response\.headers\.get\(\s*(["'])([^"']+)\1\s*\)\)\.to\.(?:include|contain)\(\s*(["'])(.*)\3\s*\)$/.exec(
        line,
      ))
  ) {
    if (escaped(m[4]!)) return false;
    if (e.headers?.[m[2]!] !== undefined) conflict = true;
    e.headers = { ...e.headers, [m[2]!]: { contains: m[4] } };
    return true;
  }
  if ((m = /^tests\[.*\]\s*=\s*((?:responseCode\.code\s*===?\s*\d{3}\s*(?:\|\|\s*)?)+)$/.exec(line))) {
    const codes = [...m[1]!.matchAll(/(\d{3})/g)].map((c) => Number(c[1]));
    return setStatus(e, codes.length === 1 ? codes[0]! : codes);
  }
  if ((m = /^tests\[\s*(["']).*\1\s*\]\s*=\s*responseBody\.has\(\s*(["'])(.*)\2\s*\)$/.exec(line))) {
    if (escaped(m[3]!)) return false;
    if (e.body?.contains !== undefined) conflict = true;
    e.body = { ...e.body, contains: m[3] };
    return true;
  }
  // Body text
  if ((m = /^pm\.expect\(pm\.response\.text\(\)\)\.to\.include\(\s*(["'])(.*)\1\s*\)$/.exec(line))) {
    if (escaped(m[2]!)) return false;
    if (e.body?.contains !== undefined) conflict = true;
    e.body = { ...e.body, contains: m[2] };
    return true;
  }
  if ((m = /^pm\.response\.to\.have\.body\(\s*(["'])(.*)\1\s*\)$/.exec(line))) {
    if (escaped(m[2]!)) return false;
    if (e.body?.equals !== undefined) conflict = true;
    e.body = { ...e.body, equals: m[2] };
    return true;
  }
  // Response time
  if (
    (m = /^pm\.expect\(pm\.response\.responseTime\)\.to\.be\.(below|lessThan|at\.most)\((\d+)\)$/.exec(line))
  ) {
    e.maxDurationMs = m[1] === 'at.most' ? Number(m[2]) : Number(m[2]) - 1;
    return true;
  }
  // JSON values
  if ((m = /^pm\.expect\((.+?)\)\.((?:to|not)(?:\.\w+)*)(?:\((.*)\))?$/.exec(line)))
    return jsonAssertion(m[1]!, m[2]!, m[3], e);
  // Captures
  if (
    (m =
      /^(?:pm\.(?:environment|collectionVariables|globals|variables)\.set|postman\.set(?:Environment|Global)Variable)\(\s*(["'])([^"']+)\1\s*,\s*(.+)\)$/.exec(
        line,
      ))
  ) {
    const path = jsonPath(m[3]!);
    if (!path) return false;
    out.capture[m[2]!] = path;
    return true;
  }
  return false;
}

let conflict = false;

function setStatus(e: Expectations, status: number | number[] | string): boolean {
  if (e.status !== undefined) conflict = true;
  e.status = status;
  return true;
}

function jsonAssertion(subject: string, chain: string, arg: string | undefined, e: Expectations): boolean {
  const path = jsonPath(subject);
  if (!path) return false;
  // `to.not.be.above` -> negated, `above`: the words that only read well carry no meaning.
  const words = chain.split('.');
  const negated = words.includes('not');
  const op = words.filter((w) => !['to', 'be', 'have', 'not', 'deep'].includes(w)).join('.');
  const value = arg === undefined ? undefined : literal(arg);
  let expected: unknown;
  switch (op) {
    case 'exist':
      // chai's exist also fails on null, gatecheck's exists does not: not the same check.
      return false;
    case 'null':
      if (arg !== undefined) return false;
      expected = negated ? { notEquals: null } : null;
      break;
    case 'empty':
      // chai: '', [] or an object without keys.
      if (negated || arg !== undefined) return false;
      expected = { oneOf: ['', [], {}] };
      break;
    case 'property': {
      const m = /^\s*(["'])([A-Za-z_$][\w$]*)\1\s*(?:,(.*))?$/.exec(arg ?? '');
      if (!m || negated) return false;
      const prop = m[3] === undefined ? undefined : literal(m[3]);
      if (m[3] !== undefined && (!prop || (prop.value !== null && typeof prop.value === 'object')))
        return false;
      const key = `${path}.${m[2]}`;
      if (e.json?.[key] !== undefined) conflict = true;
      e.json = { ...e.json, [key]: prop ? prop.value : { exists: true } };
      return true;
    }
    case 'true':
    case 'false':
      if (arg !== undefined) return false;
      expected = negated ? { notEquals: op === 'true' } : op === 'true';
      break;
    default: {
      // The rest by the matcher table: the matcher this chai assertion means exactly, for this argument.
      if (!value) return false;
      const name = matcherForChai(`${negated ? 'not.' : ''}${CHAI_ALIASES[op] ?? op}`, value.value);
      if (!name) return false;
      // equals is written as the literal itself, unless the literal would read as a matcher.
      expected = name === 'equals' && !isMatcher(value.value) ? value.value : { [name]: value.value };
    }
  }
  // Two assertions on one path would need two checks there: leave the script as it is.
  if (e.json?.[path] !== undefined) conflict = true;
  e.json = { ...e.json, [path]: expected };
  return true;
}
