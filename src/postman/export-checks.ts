/**
 * A step's `expect` and `capture` as Postman test code: one pm.test per check,
 * named as gatecheck names it and passing exactly when gatecheck's check passes.
 *   gc.check("json $.items minLength", function () { const r = gc.at(["items"]); … });
 */
import type { Expectations, RequestStep } from '../model/collection.js';
import { isMatcher, MATCHERS, regexLiteral, type Matcher, type MatcherName } from '../model/matchers.js';
import { isDefinite } from '../assert/jsonpath.js';
import { simplePath } from '../assert/simple-path.js';

const lit = (v: unknown) => `gc.v(${JSON.stringify(v)})`;
const str = (v: string) => JSON.stringify(v);

/** Statements asserting that `r` ({ found, value }) satisfies one matcher, from the matcher table. */
function matcherJs(name: MatcherName, arg: unknown): string {
  return MATCHERS[name].postman(arg);
}

/** One check per matcher key, or one equality (or /regex/ for headers) check for a literal. */
function valueChecks(name: string, expected: unknown, read: string, regexStrings: boolean): string[] {
  const pattern = regexStrings ? regexLiteral(expected) : undefined;
  if (pattern !== undefined) return [check(name, read, matcherJs('matches', pattern))];
  if (!isMatcher(expected)) return [check(name, read, matcherJs('equals', expected))];
  return Object.entries(expected as Matcher).map(([m, arg]) =>
    check(`${name} ${m}`, read, matcherJs(m as MatcherName, arg)),
  );
}

function check(name: string, read: string, body: string): string {
  return `gc.check(${str(name)}, function () { ${read ? `const r = ${read}; ` : ''}${body} });`;
}

export function jsonRead(path: string): { read: string; needsLibrary: boolean } {
  const keys = simplePath(path);
  if (keys) return { read: `gc.at(${JSON.stringify(keys)})`, needsLibrary: false };
  return { read: `gc.query(${str(path)}, ${isDefinite(path)})`, needsLibrary: true };
}

function statusJs(expected: Expectations['status']): string {
  const e = expected ?? '2xx';
  if (typeof e === 'number') return `pm.expect(pm.response.code).to.eql(${e});`;
  if (Array.isArray(e)) return `pm.expect(pm.response.code).to.be.oneOf(${JSON.stringify(e)});`;
  // A {{variable}} (e.g. a data column) resolved as gatecheck does: "401", "200,201" or "2xx".
  if (e.includes('{{'))
    return `const want = pm.variables.replace(${str(e.trim())}).trim().replace(/^\\[(.*)\\]$/, '$1'); if (/^[1-5]xx$/i.test(want)) pm.expect(String(pm.response.code).charAt(0)).to.eql(want.charAt(0)); else pm.expect(pm.response.code).to.be.oneOf(want.split(/\\s*[,|]\\s*/).map(Number));`;
  return `pm.expect(String(pm.response.code).charAt(0)).to.eql(${str(e.charAt(0))});`;
}

/** The check and capture statements of a step, in gatecheck's order; and whether they need the JSONPath library. */
export function stepChecksJs(step: RequestStep): { lines: string[]; needsLibrary: boolean } {
  const e = step.expect;
  const lines = [check('status', '', statusJs(e.status))];
  let needsLibrary = false;
  for (const [name, expected] of Object.entries(e.headers ?? {})) {
    const read = `gc.header(${str(name)})`;
    lines.push(...valueChecks(`header ${name}`, expected, read, true));
  }
  for (const [path, expected] of Object.entries(e.json ?? {})) {
    const { read, needsLibrary: lib } = jsonRead(path);
    needsLibrary ||= lib;
    lines.push(...valueChecks(`json ${path}`, expected, read, false));
  }
  const body = e.body ?? {};
  if (body.contains !== undefined)
    lines.push(
      check('body contains', '', `pm.expect(pm.response.text()).to.include(${lit(body.contains)});`),
    );
  if (body.matches !== undefined)
    lines.push(
      check('body matches', '', `pm.expect(pm.response.text()).to.match(new RegExp(${lit(body.matches)}));`),
    );
  if (body.equals !== undefined)
    lines.push(check('body equals', '', `pm.expect(pm.response.text()).to.eql(${lit(body.equals)});`));
  if (e.maxDurationMs !== undefined)
    lines.push(
      check('duration', '', `pm.expect(pm.response.responseTime).to.be.at.most(${e.maxDurationMs});`),
    );
  if (e.retried !== undefined)
    lines.push(check('retried', '', `pm.expect(gc.retried, 'retried after a 401').to.eql(${e.retried});`));
  for (const [name, path] of Object.entries(step.capture)) {
    const { read, needsLibrary: lib } = jsonRead(path);
    needsLibrary ||= lib;
    lines.push(`gc.capture(${str(name)}, ${str(path)}, function () { return ${read}; });`);
  }
  return { lines, needsLibrary };
}
