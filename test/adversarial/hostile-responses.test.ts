/**
 * Hostile responses: each can fail a check or error a step, never crash the
 * run, hang it or break a report. Every report is written and well-formed, and
 * every error is one line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStringPromise } from 'xml2js';
import type { Report } from '../../src/model/report.js';
import { everyReport, runCli } from '../helpers/cli.js';
import { startHostileServer, type HostileServer } from './hostile-server.js';

let hostile: HostileServer;
let other: HostileServer;
beforeAll(async () => {
  other = await startHostileServer();
  hostile = await startHostileServer(other.url.replace('127.0.0.1', 'localhost'));
});
afterAll(async () => {
  await hostile.close();
  await other.close();
});

async function run(collection: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-hostile-'));
  const file = join(dir, 'c.yaml');
  writeFileSync(file, collection);
  const out = (n: string) => join(dir, n);
  const result = await runCli(['run', file, ...everyReport(dir).flags, ...args], { env });
  if (result.code !== 0 && result.code !== 1) throw new Error(`exit ${result.code}: ${result.stderr}`);
  let report: Report;
  try {
    report = JSON.parse(readFileSync(out('r.json'), 'utf8')) as Report;
  } catch (e) {
    throw new Error(`no JSON report: exit ${result.code} ${result.stdout} ${result.stderr}`, { cause: e });
  }
  await parseStringPromise(readFileSync(out('r.xml'), 'utf8'), { strict: true });
  const html = readFileSync(out('r.html'), 'utf8');
  expect(html.trimEnd().endsWith('</html>')).toBe(true);
  const files = [readFileSync(out('r.json'), 'utf8'), readFileSync(out('r.xml'), 'utf8'), html];
  const steps = report.runs[0]!.scenarios.map((s) => ({ ...s.steps[0]!, scenario: s.name }));
  return { ...result, report, steps, files, dir };
}

// RFC 9110 §15.2: any number of interim 1xx responses, asked for or not, come before the final one.
test('interim 1xx responses (100, 102, 103, several, split across TCP reads) are skipped; gzip, br and raw deflate bodies are decoded', async () => {
  const r = await run(`name: decoding
baseUrl: '${hostile.url}'
scenarios:
  - { name: continue, request: { url: /continue }, expect: { status: 200, json: { $.ok: true } } }
  - name: continue post
    request: { method: POST, url: /continue-post, json: { n: 1 } }
    expect: { status: 200, json: { $.ok: true } }
  - name: several then 401
    request: { url: /interim-then-401 }
    expect:
      status: 401
      # The interim responses' headers (link, x-note) are not the final response's.
      headers: { www-authenticate: Bearer, link: { exists: false }, x-note: { exists: false } }
      json: { $.error: unauthorized }
  - { name: split, request: { url: /interim-split }, expect: { status: 200, json: { $.split: 'yes' } } }
  - { name: early hints, request: { url: /early-hints }, expect: { status: 200, json: { $.ok: true } } }
  - { name: after, request: { url: /ok }, expect: { status: 200, json: { $.ok: true } } }
  - { name: gzip, request: { url: /gzip }, expect: { json: { $.message: decoded } } }
  - { name: br, request: { url: /br }, expect: { json: { $.message: decoded } } }
  - { name: deflate, request: { url: /deflate-raw }, expect: { json: { $.message: decoded } } }
`);
  expect(r.steps.map((s) => [s.scenario, s.outcome, s.error?.code])).toEqual(
    [
      'continue',
      'continue post',
      'several then 401',
      'split',
      'early hints',
      'after',
      'gzip',
      'br',
      'deflate',
    ].map((name) => [name, 'passed', undefined]),
  );
  // Sent once: an interim 100 is never a reason to send a POST again.
  expect(hostile.hits.get('/continue-post')).toBe(1);
  expect(hostile.bodies.get('/continue-post')).toEqual(['{"n":1}']);
  expect(r.code).toBe(0);
});

test('through HTTP_PROXY (a CONNECT tunnel) interim responses are skipped as well', async () => {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer();
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
    }
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  try {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const r = await run(
      `name: proxied interim
baseUrl: '${hostile.url}'
scenarios:
  - { name: continue, request: { url: /continue }, expect: { status: 200, json: { $.ok: true } } }
  - { name: several then 401, request: { url: /interim-then-401 }, expect: { status: 401 } }
`,
      [],
      { HTTP_PROXY: proxyUrl, NO_PROXY: '' },
    );
    expect(tunnels.length).toBeGreaterThan(0);
    expect(r.steps.map((s) => [s.outcome, s.error?.code])).toEqual([
      ['passed', undefined],
      ['passed', undefined],
    ]);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => proxy.close(r));
  }
});

test('an interim response never followed by a final one is a timeout line, not a hang; an unrequested 101 is an error line', async () => {
  const started = Date.now();
  const r = await run(
    `name: interim never ends
baseUrl: '${hostile.url}'
scenarios:
  - { name: forever, request: { url: /interim-forever, timeoutMs: 1500 }, expect: { status: 200 } }
  - { name: stream, request: { url: /interim-stream, timeoutMs: 1500 }, expect: { status: 200 } }
  - { name: switching, request: { url: /switching, timeoutMs: 1500 }, expect: { status: 200 } }
`,
  );
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(r.steps.map((s) => [s.outcome, s.error?.code])).toEqual([
    ['error', 'E_TIMEOUT'],
    ['error', 'E_TIMEOUT'],
    ['error', 'E_PROTOCOL'],
  ]);
  expect(r.steps[2]!.error!.message).toMatch(
    /answered 101 Switching Protocols, which the request did not ask for$/,
  );
  expect(r.steps[0]!.error!.message).toBe('timed out after 1500 ms');
  for (const s of r.steps) expect(s.error!.message).not.toMatch(/\n/);
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(1);
});

test('a compression bomb is cut at --max-body, a deep JSON body fails a check, a ReDoS pattern answers at once', async () => {
  const started = Date.now();
  const r = await run(
    `name: hostile
baseUrl: '${hostile.url}'
scenarios:
  - { name: bomb, request: { url: /bomb }, expect: { status: 200 } }
  - { name: deep, request: { url: /deep }, expect: { json: { $: { equals: 1 } } } }
  - { name: deep path, request: { url: /deep }, expect: { json: { $..x: { exists: true } } } }
  - { name: redos, request: { url: /redos }, expect: { body: { matches: '^(a+)+$' } } }
  - { name: status 000, request: { url: /status-000 } }
  - { name: garbage, request: { url: /garbage } }
`,
    ['--max-body', '1mb'],
  );
  expect(Date.now() - started).toBeLessThan(15_000);
  const [bomb, deep, deepPath, redos, s000, garbage] = r.steps;
  expect(bomb!.error?.code).toBe('E_BODY_TOO_LARGE');
  expect(deep!.outcome).toBe('failed');
  expect(JSON.stringify(deep!.checks).length).toBeLessThan(2000);
  expect(['failed', 'error']).toContain(deepPath!.outcome);
  expect(redos!.outcome).toBe('failed');
  expect(s000!.outcome).toBe('error');
  expect(garbage!.outcome).toBe('error');
  for (const s of r.steps) if (s.error) expect(s.error.message).not.toMatch(/\n/);
  // One line per error on the terminal, no stack trace anywhere.
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(1);
  // Report size does not grow with the depth of what the server sent.
  expect(r.files[0]!.length).toBeLessThan(100_000);
});

test('redirects: another origin gets no secret-bearing header; more than 10 is E_REDIRECT', async () => {
  const r = await run(
    `name: redirects
baseUrl: '${hostile.url}'
scenarios:
  - name: away
    request:
      url: /redirect-away
      followRedirects: true
      headers: { authorization: 'Bearer {{API_TOKEN}}', x-api-key: '{{API_TOKEN}}', cookie: 's=1', x-plain: visible }
  - { name: loop, request: { url: /loop, followRedirects: true } }
`,
    [],
    { API_TOKEN: 'tok-1234567890-secret' },
  );
  const echoed = other.received.get('/echo')!;
  expect(echoed['x-plain']).toBe('visible');
  expect(echoed.authorization).toBeUndefined();
  expect(echoed.cookie).toBeUndefined();
  expect(echoed['x-api-key']).toBeUndefined();
  expect(r.steps[0]!.outcome).toBe('passed');
  expect(r.steps[1]!.error?.code).toBe('E_REDIRECT');
  expect(hostile.hits.get('/loop')).toBe(11);
});
