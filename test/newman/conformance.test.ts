/**
 * Verdict parity with newman: every collection runs in `gatecheck run` and in
 * newman against a local stand-in for postman-echo, and each request gets the
 * same verdict (and each pm.test of the same name the same result).
 *
 * Two sets: hand-made collections in test/fixtures/postman/conformance (one per
 * idiom and per rule of Postman's execution model), and newman's own public
 * collections (Apache-2.0), read at test time from a snapshot of postmanlabs/newman
 * (GATECHECK_POSTMAN_CORPUS: a git directory or a checkout), never copied here.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { newmanVerdicts, type NewmanRequestVerdict } from '../helpers/newman.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';
import { startRawEcho } from '../helpers/raw-echo.js';

const HAND_MADE = 'test/fixtures/postman/conformance';
const CORPUS = process.env.GATECHECK_POSTMAN_CORPUS ?? '/work/.mirror/postmanlabs+newman/repo';
const dir = mkdtempSync(join(tmpdir(), 'gatecheck-conformance-'));
// Files that hand-made formdata bodies upload, beside the written collections: gatecheck
// reads them relative to the collection file, newman relative to its working directory.
cpSync(join(HAND_MADE, 'files'), dir, { recursive: true });

/**
 * Corpus collections whose verdicts differ from newman's, and why. Everything
 * else must match exactly; each listed one is still run (and must not crash).
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'test/integration/custom-http-method/custom-http-method.postman_collection.json':
    "its raw echo asserts header-name case ('Content-Length: 16') and Node's Content-Length: 0 on a bodyless custom method; undici writes content-length in lower case and omits it when there is no body",
  // These two agreed only while nothing listened on newman's raw echo port (both sides failed to connect).
  'test/integration/head-requests.postman_collection.json':
    "its raw echo asserts header-name case ('Content-Length: 16'); undici writes content-length in lower case",
  'test/integration/request-body-with-get.postman_collection.json':
    "its raw requests assert 'Content-Length: 16', and undici writes content-length in lower case",
  'test/integration/whatwg-url.postman_collection.json':
    "all of its URLs are sent as Postman sends them; its 'IP shorthands' request asserts the header-name case 'Host:' in the raw request, and undici writes 'host:'",
};

/** Files as bytes: an environment may be UTF-16 (both tools read it from disk themselves). */
interface Source {
  name: string;
  collection: Buffer;
  environment?: Buffer;
  /** A Postman globals file: gatecheck's -g, newman's globals. */
  globals?: Buffer;
  data?: string;
}

/** Each hand-made collection, with `<stem>.postman_environment.json` (and _globals) beside it when there is one. */
function handMade(): Source[] {
  return readdirSync(HAND_MADE)
    .filter((f) => f.endsWith('.postman_collection.json'))
    .sort()
    .map((f) => {
      // Iteration data sits beside its collection, named as newman's own fixtures are.
      const data = join(HAND_MADE, f.replace(/\.postman_collection\.json$/, '.postman_data.json'));
      const env = join(HAND_MADE, f.replace(/collection\.json$/, 'environment.json'));
      const globals = join(HAND_MADE, f.replace(/collection\.json$/, 'globals.json'));
      return {
        name: f,
        collection: readFileSync(join(HAND_MADE, f)),
        ...(existsSync(data) ? { data: readFileSync(data, 'utf8') } : {}),
        ...(existsSync(env) ? { environment: readFileSync(env) } : {}),
        ...(existsSync(globals) ? { globals: readFileSync(globals) } : {}),
      };
    });
}

/** newman's examples and integration fixtures, from a git directory or a plain checkout. */
function corpus(): Source[] | undefined {
  if (!existsSync(CORPUS)) return undefined;
  const isGit = !existsSync(join(CORPUS, 'examples')) && existsSync(join(CORPUS, 'HEAD'));
  const list = (): string[] =>
    isGit
      ? execFileSync(
          'git',
          ['-C', CORPUS, 'ls-tree', '-r', '--name-only', 'HEAD', 'examples', 'test/integration'],
          {
            encoding: 'utf8',
          },
        )
          .split('\n')
          .filter(Boolean)
      : ['examples', 'test/integration'].flatMap((d) =>
          walk(join(CORPUS, d)).map((f) => f.slice(CORPUS.length + 1)),
        );
  const read = (path: string): Buffer =>
    isGit ? execFileSync('git', ['-C', CORPUS, 'show', `HEAD:${path}`]) : readFileSync(join(CORPUS, path));
  const files = list();
  return files
    .filter((f) => f.endsWith('.postman_collection.json') || f === 'examples/sample-collection.json')
    .map((f) => {
      const stem = f.replace(/\.postman_collection\.json$/, '');
      const env = files.find((x) => x === `${stem}.postman_environment.json`);
      const data = files.find((x) => x === `${stem}.postman_data.json`);
      const globals = files.find((x) => x === `${stem}.postman_globals.json`);
      return {
        name: f,
        collection: read(f),
        ...(env ? { environment: read(env) } : {}),
        ...(globals ? { globals: read(globals) } : {}),
        ...(data ? { data: read(data).toString('utf8') } : {}),
      };
    });
}

function walk(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * postman-echo.com -> the local stand-in, and newman's raw echo server (its tests'
 * localhost:4041) -> ours, in raw URLs, URL objects and scripts alike.
 */
function localize(text: string, echo: string, raw: string): string {
  const { host, port } = new URL(echo);
  const rawPort = new URL(raw).port;
  const withUrls = text
    .replace(/^\uFEFF/, '')
    .replace(/https?:\/\/postman-echo\.com/g, echo)
    .replace(/(?<![\w.-])postman-echo\.com(?=[/"'?])/g, host)
    .replace(/(?<=(?:localhost|127\.0\.0\.1|127\.1):)4041(?!\d)/g, rawPort)
    .replace(/"port": "4041"/g, `"port": "${rawPort}"`);
  const fix = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fix);
    if (!node || typeof node !== 'object') return node;
    const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fix(v)]));
    const h = o.host;
    if ((Array.isArray(h) && h.join('.') === 'postman-echo.com') || h === 'postman-echo.com') {
      o.host = host.split(':')[0]!.split('.');
      o.port = port;
      o.protocol = 'http';
    }
    return o;
  };
  return JSON.stringify(fix(JSON.parse(withUrls)), null, 2);
}

interface GatecheckVerdict {
  name: string;
  passed: boolean;
  assertions: Record<string, boolean>;
}

/**
 * Localizes a file's text and writes it back in the file's own encoding and byte
 * order mark (UTF-8, UTF-8 with BOM, UTF-16 LE or BE with BOM): what each tool reads.
 */
function writeLocalized(file: string, bytes: Buffer, servers: Servers): string {
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = be
    ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le')
    : le
      ? bytes.subarray(2).toString('utf16le')
      : bytes.subarray(utf8Bom ? 3 : 0).toString('utf8');
  const out = localize(text, servers.echo, servers.raw);
  const encoded = be
    ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(out, 'utf16le').swap16()])
    : le
      ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(out, 'utf16le')])
      : Buffer.concat([Buffer.from(utf8Bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(out)]);
  writeFileSync(file, encoded);
  return file;
}

interface Servers {
  echo: string;
  raw: string;
}

function stemOf(source: Source, side: string): string {
  return join(dir, `${basename(source.name).replace(/\.json$/, '')}.${side}`);
}

async function gatecheckVerdicts(source: Source, servers: Servers): Promise<GatecheckVerdict[]> {
  const stem = stemOf(source, 'gatecheck');
  const file = writeLocalized(`${stem}.json`, source.collection, servers);
  const args = [
    'run',
    file,
    '-r',
    'json',
    '--reporter-json-export',
    `${stem}.report.json`,
    '--timeout',
    '10000',
    // Verbose traces are masked as they are printed: scripts must see the request unmasked all the same.
    '--verbose',
  ];
  if (source.environment) args.push('-e', writeLocalized(`${stem}.env.json`, source.environment, servers));
  if (source.globals) args.push('-g', writeLocalized(`${stem}.globals.json`, source.globals, servers));
  if (source.data) {
    writeFileSync(`${stem}.data.json`, source.data.replace(/^\uFEFF/, ''));
    args.push('--data', `${stem}.data.json`);
  }
  const r = await runCli(args);
  if (r.code !== 0 && r.code !== 1) throw new Error(`gatecheck exited ${r.code}: ${r.stderr}`);
  const report = JSON.parse(readFileSync(`${stem}.report.json`, 'utf8')) as {
    run?: unknown;
  } & Record<string, unknown>;
  return stepsOf(report).map((st) => ({
    name: st.name,
    passed: st.outcome === 'passed' || st.outcome === 'skipped',
    assertions: Object.fromEntries(st.checks.map((c) => [c.check, c.passed])),
  }));
}

interface ReportStep {
  name: string;
  kind: string;
  outcome: string;
  checks: { check: string; passed: boolean }[];
}

/** Request steps of a JSON report, in run order, whatever the report nests them in. */
function stepsOf(report: unknown): ReportStep[] {
  const found: ReportStep[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (Array.isArray(o.steps)) {
        for (const st of o.steps as ReportStep[]) if (st.kind === 'request') found.push(st);
        return;
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(report);
  return found;
}

async function newmanSide(source: Source, servers: Servers): Promise<NewmanRequestVerdict[]> {
  const stem = stemOf(source, 'newman');
  return newmanVerdicts(writeLocalized(`${stem}.json`, source.collection, servers), {
    environment: source.environment
      ? writeLocalized(`${stem}.env.json`, source.environment, servers)
      : undefined,
    globals: source.globals ? writeLocalized(`${stem}.globals.json`, source.globals, servers) : undefined,
    iterationData: source.data ? (JSON.parse(source.data.replace(/^\uFEFF/, '')) as unknown[]) : undefined,
    workingDir: dir,
  });
}

/** Per request: name and verdict; per pm.test whose name both sides saw: its result. */
function compare(g: GatecheckVerdict[], n: NewmanRequestVerdict[]): string[] {
  const diffs: string[] = [];
  const max = Math.max(g.length, n.length);
  for (let i = 0; i < max; i++) {
    const a = g[i];
    const b = n[i];
    if (!a || !b) {
      diffs.push(
        `#${i}: ${a ? `gatecheck ran "${a.name}"` : `newman ran "${b?.name}"`} and the other did not`,
      );
      continue;
    }
    if (a.passed !== b.passed) diffs.push(`#${i} ${b.name}: gatecheck ${a.passed}, newman ${b.passed}`);
    for (const [name, passed] of Object.entries(b.assertions))
      if (name in a.assertions && a.assertions[name] !== passed)
        diffs.push(`#${i} ${b.name} / ${name}: gatecheck ${a.assertions[name]}, newman ${passed}`);
  }
  return diffs;
}

let echo: EchoServer;
let rawEcho: EchoServer;
let servers: Servers;
beforeAll(async () => {
  [echo, rawEcho] = await Promise.all([startPostmanEcho(), startRawEcho()]);
  servers = { echo: echo.url, raw: rawEcho.url };
});
afterAll(() => Promise.all([echo.close(), rawEcho.close()]));

describe('hand-made collections: one per idiom and per execution-model rule', () => {
  test.each(handMade().map((s) => [s.name, s] as const))(
    '%s: gatecheck and newman give the same verdicts',
    async (_name, source) => {
      const [g, n] = await Promise.all([gatecheckVerdicts(source, servers), newmanSide(source, servers)]);
      if (process.env.CONFORMANCE_DEBUG) console.log(JSON.stringify({ g, n }));
      expect(n.length).toBeGreaterThan(0);
      expect(compare(g, n)).toEqual([]);
    },
    60_000,
  );
});

const sources = corpus();
if (!sources) {
  console.log(`conformance corpus not found at ${CORPUS} (set GATECHECK_POSTMAN_CORPUS); skipped`);
}
(sources ? describe : describe.skip)("newman's own collections (Apache-2.0), localized", () => {
  const results: Record<string, string[]> = {};
  afterAll(() => {
    const names = Object.keys(results);
    const same = names.filter((n) => results[n]!.length === 0);
    // The figure the README quotes.
    console.log(
      `${same.length} of ${names.length} corpus collections run natively with newman's verdicts` +
        names
          .filter((n) => results[n]!.length > 0)
          .map(
            (n) =>
              `\n  ${n}: ${results[n]!.slice(0, process.env.CONFORMANCE_DEBUG ? undefined : 3).join('; ')}`,
          )
          .join(''),
    );
  });
  test.each((sources ?? []).map((s) => [s.name, s] as const))(
    '%s',
    async (name, source) => {
      try {
        const [g, n] = await Promise.all([gatecheckVerdicts(source, servers), newmanSide(source, servers)]);
        results[name] = compare(g, n);
      } catch (error) {
        results[name] = [`could not compare: ${(error as Error).message.split('\n')[0]}`];
      }
      // A listed difference that went away must leave the list (and the README).
      if (name in KNOWN_DIFFERENCES) expect(results[name]).not.toEqual([]);
      else expect(results[name]).toEqual([]);
    },
    60_000,
  );
});
