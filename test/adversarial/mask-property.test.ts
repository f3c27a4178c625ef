/**
 * Property: whatever the secrets (random sizes and alphabets, common words such
 * as "test", "pass", "true", "name", huge ones) and wherever they sit in a
 * result (names, actual values, keys of a server's JSON, headers, bodies,
 * errors), the masked result renders as well-formed reports — JSON parses and
 * keeps its shape, JUnit XML parses, every HTML element is closed in order —
 * and no promised form of any secret is left in any of them or on
 * the terminal. `npm run fuzz` runs it for minutes.
 */
import fc from 'fast-check';
import { parseStringPromise } from 'xml2js';
import { maskResult } from '../../src/api.js';
import { derivedForms, MIN_SECRET_LENGTH, SecretSet } from '../../src/mask/secrets.js';
import { excerptText, excerptValue } from '../../src/mask/excerpt.js';
import { maskData } from '../../src/mask/mask-data.js';
import type { RunResult, StepResult } from '../../src/model/result.js';
import { createCliReporter } from '../../src/report/cli.js';
import { renderHtml } from '../../src/report/html.js';
import { buildReport, jsonReporter } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { LiteralSearch } from '../../src/mask/literal-search.js';

const FUZZ_MS = Number(process.env.FUZZ_SECONDS ?? 0) * 1000;
const runs = (n: number): fc.Parameters<unknown> =>
  FUZZ_MS > 0
    ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: FUZZ_MS, markInterruptAsFailure: false }
    : { numRuns: n };

// Planted secrets sit between « and »: a form found between them is a leak.
const OPEN = '«';
const CLOSE = '»';
const noMarkers = (s: string) => !s.includes(OPEN) && !s.includes(CLOSE);

const secretArb = fc
  .oneof(
    fc.constantFrom(
      'test',
      'pass',
      'true',
      'name',
      'passed',
      'failed',
      'status',
      'check',
      'testsuite',
      'null',
    ),
    fc.constantFrom('<tag>', 'a&b;', '"quote"', "it's", ']]>', '\\u00e4', 'ä€😀x', 'e\u0301x', 'a\r\nb'),
    fc.string({ minLength: MIN_SECRET_LENGTH, maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: MIN_SECRET_LENGTH, maxLength: 20 }),
    fc.stringMatching(/^[A-Za-z0-9+/=_-]{4,64}$/),
    // A JWT with many claims: tens of kilobytes.
    fc.integer({ min: 20_000, max: 30_000 }).map((n) => `eyJ${'abcXYZ019_-'.repeat(n / 11)}`),
  )
  .filter((s) => s.length >= MIN_SECRET_LENGTH && noMarkers(s));

/** Texts with secrets (in any promised form) planted between markers among ordinary words. */
const textArb = (secrets: string[]) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('passed', 'outcome', '<b>', '&amp;', 'testsuite', ' ', 'true', '{"a":1}'),
        fc.tuple(fc.nat(secrets.length - 1), fc.nat(20)).map(([i, f]) => {
          const forms = derivedForms(secrets[i]!).filter((x) => x.length >= MIN_SECRET_LENGTH);
          return `${OPEN}${forms[f % forms.length]}${CLOSE}`;
        }),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(''));

function result(texts: string[], secrets: string[]): RunResult {
  const t = (i: number) => texts[i % texts.length] ?? '';
  const step = (i: number): StepResult => ({
    index: 0,
    name: t(i),
    kind: 'request',
    outcome: i % 2 ? 'failed' : 'passed',
    endpoint: `GET /x/${t(i + 1)}`,
    caller: t(i + 2),
    request: { method: 'GET', url: `http://127.0.0.1/${t(i + 3)}` },
    response: {
      status: 200,
      durationMs: 3,
      headers: { [`x-${t(i + 4)}`]: t(i + 5), 'set-cookie': `${OPEN}${secrets[0]}${CLOSE}` },
      bodyExcerpt: t(i + 6),
    },
    retried: false,
    exchanges: [
      { kind: 'request', method: 'GET', url: `http://h/${t(i + 7)}`, status: 200, startMs: 0, durationMs: 1 },
    ],
    tokenEvents: [],
    checks: [
      {
        check: `json $.${t(i)}`,
        expected: t(i + 1),
        actual: { [t(i + 2)]: [t(i + 3), true, 1] },
        passed: false,
      },
      { check: 'status', expected: 200, actual: t(i + 4), passed: i % 3 === 0, message: t(i + 5) },
    ],
    error: i % 4 === 3 ? { code: 'E_TRANSPORT', message: t(i + 6) } : undefined,
    startMs: 0,
    durationMs: 3,
  });
  return {
    collection: { name: t(0), file: 'c.yaml' },
    startedAt: new Date(0).toISOString(),
    durationMs: 5,
    outcome: 'failed',
    interrupted: false,
    scenarios: [0, 1].map((s) => ({
      index: s,
      name: t(s + 8),
      outcome: 'failed' as const,
      steps: [step(s), step(s + 4)],
      startMs: 0,
      durationMs: 4,
    })),
    stats: {
      scenarios: { total: 2, passed: 0, failed: 2, skipped: 0 },
      steps: { total: 4, passed: 2, failed: 2, errored: 0, skipped: 0 },
      checks: { total: 8, passed: 3, failed: 5 },
      requests: 4,
      tokenFetches: 0,
      retries: 0,
    },
  };
}

/** Every promised form of every secret that is found between markers in the given texts. */
function leaks(texts: string[], secrets: string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets)
    for (const form of derivedForms(secret).filter((f) => f.length >= MIN_SECRET_LENGTH))
      for (const text of texts) if (text.includes(`${OPEN}${form}${CLOSE}`)) found.push(form.slice(0, 40));
  return found;
}

function stringsOf(value: unknown, out: string[] = []): string[] {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        stack.push(x);
      }
  }
  return out;
}

const unescapeHtml = (s: string) =>
  s.replace(
    /&(lt|gt|quot|#39|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!,
  );
const VOID = new Set([
  'meta',
  'br',
  'img',
  'input',
  'link',
  'hr',
  'wbr',
  'col',
  'source',
  'path',
  'rect',
  'line',
  'circle',
]);
/** Every element closed in order (void ones excepted): a value that leaked markup would break this. */
function balanced(html: string): boolean {
  const open: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClosing] = m;
    const tag = name!.toLowerCase();
    if (selfClosing || VOID.has(tag)) continue;
    if (!close) open.push(tag);
    else if (open.pop() !== tag) return false;
  }
  return open.length === 0;
}

test('masked results render well-formed JSON, JUnit and HTML with no secret form left', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc
        .array(secretArb, { minLength: 1, maxLength: 4 })
        .chain((secrets) =>
          fc.tuple(fc.constant(secrets), fc.array(textArb(secrets), { minLength: 1, maxLength: 10 })),
        ),
      async ([secrets, texts]) => {
        const set = new SecretSet();
        secrets.forEach((s) => set.add(s));
        const plain = buildReport([result(texts, secrets)], '0.0.0');
        const masked = buildReport([maskResult(result(texts, secrets), set)], '0.0.0');

        const json = jsonReporter.render(masked);
        const parsed = JSON.parse(json) as typeof masked;
        expect(parsed.outcome).toBe('failed');
        expect(parsed.runs[0]!.scenarios.map((s) => s.outcome)).toEqual(['failed', 'failed']);
        expect(parsed.runs[0]!.scenarios[0]!.steps.map((s) => s.outcome)).toEqual(['passed', 'passed']);
        expect(leaks(stringsOf(parsed), secrets)).toEqual([]);

        const xml = (await parseStringPromise(renderJunit(masked), { strict: true })) as unknown;
        expect(leaks(stringsOf(xml), secrets)).toEqual([]);

        const html = renderHtml(masked);
        expect(balanced(html)).toBe(true);
        expect(html.split('<script').length).toBe(renderHtml(plain).split('<script').length);
        expect(leaks([unescapeHtml(html)], secrets)).toEqual([]);

        let terminal = '';
        const cli = createCliReporter({ write: (t) => (terminal += t), color: false, verbose: true });
        const events = result(texts, secrets);
        cli(
          maskData(
            {
              type: 'run-start',
              collection: { name: texts[0]!, file: 'c.yaml' },
              startedAt: new Date(0).toISOString(),
              scenarios: 2,
            },
            set,
          ),
        );
        for (const s of events.scenarios) cli(maskData({ type: 'scenario-end', result: s }, set));
        cli(maskData({ type: 'run-end', result: events }, set));
        expect(leaks([terminal], secrets)).toEqual([]);
      },
    ),
    runs(40),
  );
}, 120_000);

test('the literal search finds exactly what a naive search finds, whatever the alphabet', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      (patterns, text) => {
        const covered = new Array<boolean>(text.length).fill(false);
        for (const p of patterns)
          for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1))
            covered.fill(true, i, i + p.length);
        const expected: [number, number][] = [];
        covered.forEach((c, i) => {
          if (!c) return;
          const last = expected.at(-1);
          if (last && last[1] === i) last[1] = i + 1;
          else expected.push([i, i + 1]);
        });
        // Touching ranges merge too (one mask for two adjacent secrets).
        expect(new LiteralSearch(patterns).ranges(text)).toEqual(expected);
      },
    ),
    runs(300),
  );
});

test('excerpts of hostile values are bounded in depth and size, masked before they are cut', () => {
  const set = new SecretSet();
  const secret = 'S3CRET-'.repeat(10);
  set.add(secret);
  let deep: unknown = secret;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const text = JSON.stringify(excerptValue(deep, set));
  expect(text.length).toBeLessThan(200);
  expect(text).toContain('left out');
  const body = `${'x'.repeat(2040)}${secret}`;
  const cut = excerptText(body, set);
  expect(cut).not.toContain('S3CRET');
  const wide = excerptValue(
    Array.from({ length: 1e6 }, (_, i) => ({ [`k${i}`]: secret })),
    set,
  );
  expect(JSON.stringify(wide).length).toBeLessThan(5000);
  expect(JSON.stringify(wide)).not.toContain('S3CRET');
});
