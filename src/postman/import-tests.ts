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
import { isMatcher } from '../model/matchers.js';

export interface TranslatedTests {
  expect: Expectations;
  capture: Record<string, string>;
  untranslated: string[];
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
  const out: TranslatedTests = { expect: {}, capture: {}, untranslated: [] };
  JSON_VARS.clear();
  const statements = script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('//'));
  for (const raw of statements) {
    const line = raw.replace(/;\s*$/, '').trim();
    if (/^(\}\)|\}|\);?|\)\s*;?)$/.test(line)) continue;
    if (/^pm\.test\(\s*(["'`]).*\1\s*,\s*(function\s*\(\s*\)|\(\s*\)\s*=>)\s*\{$/.test(line)) continue;
    const assign =
      /^(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:pm\.response\.json\(\)|JSON\.parse\(\s*responseBody\s*\))$/.exec(
        line,
      );
    if (assign?.[1]) {
      JSON_VARS.add(assign[1]);
      continue;
    }
    if (!translateLine(line, out)) out.untranslated.push(raw);
  }
  return out;
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
  if (/^pm\.response\.to\.be\.(ok|success)$/.test(line)) return setStatus(e, '2xx');
  // Headers
  if ((m = /^pm\.response\.to\.have\.header\(\s*(["'])([^"']+)\1\s*\)$/.exec(line))) {
    e.headers = { ...e.headers, [m[2]!]: { exists: true } };
    return true;
  }
  if ((m = /^pm\.response\.to\.have\.header\(\s*(["'])([^"']+)\1\s*,\s*(["'])(.*)\3\s*\)$/.exec(line))) {
    e.headers = { ...e.headers, [m[2]!]: m[4] };
    return true;
  }
  // Body text
  if ((m = /^pm\.expect\(pm\.response\.text\(\)\)\.to\.include\(\s*(["'])(.*)\1\s*\)$/.exec(line))) {
    e.body = { ...e.body, contains: m[2] };
    return true;
  }
  if ((m = /^pm\.response\.to\.have\.body\(\s*(["'])(.*)\1\s*\)$/.exec(line))) {
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
  if ((m = /^pm\.expect\((.+?)\)\.to\.(?:be\.)?(?:not\.)?(\w+(?:\.\w+)*)(?:\((.*)\))?$/.exec(line)))
    return jsonAssertion(m[1]!, line, m[2]!, m[3], e);
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

function setStatus(e: Expectations, status: number | number[] | string): boolean {
  e.status = status;
  return true;
}

function jsonAssertion(
  subject: string,
  line: string,
  chain: string,
  arg: string | undefined,
  e: Expectations,
): boolean {
  const path = jsonPath(subject);
  if (!path) return false;
  const negated = line.includes('.not.');
  const op = chain.replace(/^(be\.|have\.|deep\.|not\.)+/g, '').replace(/^(be\.|have\.|not\.)+/g, '');
  const value = arg === undefined ? undefined : literal(arg);
  let expected: unknown;
  switch (op) {
    case 'eql':
    case 'equal':
    case 'eq':
    case 'deep.equal':
      if (!value) return false;
      expected = negated ? { notEquals: value.value } : value.value;
      break;
    case 'exist':
      expected = { exists: !negated };
      break;
    case 'a':
    case 'an':
      if (!value || negated) return false;
      expected = { type: value.value };
      break;
    case 'lengthOf':
      if (!value || negated) return false;
      expected = { length: value.value };
      break;
    case 'include':
    case 'contain':
      if (!value || negated) return false;
      expected = { contains: value.value };
      break;
    case 'above':
    case 'greaterThan':
      if (!value || negated) return false;
      expected = { gt: value.value };
      break;
    case 'below':
    case 'lessThan':
      if (!value || negated) return false;
      expected = { lt: value.value };
      break;
    case 'true':
    case 'false':
      expected = negated ? { notEquals: op === 'true' } : op === 'true';
      break;
    default:
      return false;
  }
  const current = e.json?.[path];
  e.json = { ...e.json, [path]: current === undefined ? expected : merge(current, expected) };
  return true;
}

/** Two checks on one path: combine matchers (a literal becomes `equals`). */
function merge(a: unknown, b: unknown): unknown {
  const asMatcher = (x: unknown) => (isMatcher(x) ? x : { equals: x });
  return { ...asMatcher(a), ...asMatcher(b) };
}
