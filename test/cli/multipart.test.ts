/**
 * `multipart:` bodies from the command line: the bytes gatecheck sends are the bytes
 * newman sends for the exported collection (boundary aside), the postman-echo
 * stand-in reads the parts back, a missing file is an input error at its position,
 * and a secret in a part is masked in the reports.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { newmanVerdicts } from '../helpers/newman.js';
import { startPostmanEcho, type EchoServer } from '../helpers/postman-echo.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-multipart-'));
// Every byte value, so nothing in the path may treat the file as text.
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
writeFileSync(join(dir, 'all-bytes.bin'), BINARY);
writeFileSync(join(dir, 'notes.txt'), 'plain text\r\nwith CRLF\n');

const collection = (url: string) => `name: multipart
variables: { second: two }
scenarios:
  - name: upload
    request:
      method: POST
      url: ${url}
      multipart:
        - { name: tag, value: one }
        - { name: tag, value: '{{second}}' }
        - { name: meta, value: '{"a":1}', contentType: application/json }
        - { name: blob, file: all-bytes.bin }
        - { name: notes, file: notes.txt }
        - { name: empty, value: '' }
`;

let echo: EchoServer;
let capture: Server;
let captureUrl: string;
const received: { type: string; body: Buffer }[] = [];
beforeAll(async () => {
  echo = await startPostmanEcho();
  capture = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/upload`;
});
afterAll(async () => {
  await echo.close();
  await new Promise((resolve) => capture.close(resolve));
});

/** The body with its boundary replaced, and the boundary's shape. */
function normalized(r: { type: string; body: Buffer }): { shape: string; body: Buffer } {
  const boundary = /boundary=(\S+)$/.exec(r.type)![1]!;
  const body = Buffer.from(r.body.toString('latin1').split(boundary).join('BOUNDARY'), 'latin1');
  return { shape: boundary.replace(/\d/g, '9'), body };
}

test('gatecheck sends the bytes newman sends for the exported collection', async () => {
  const yaml = join(dir, 'upload.yaml');
  writeFileSync(yaml, collection(captureUrl));
  const run = await runCli(['run', yaml]);
  expect(run.code).toBe(0);
  const exported = join(dir, 'upload.postman_collection.json');
  const out = await runCli(['export', yaml, '-o', exported]);
  expect(out.code).toBe(0);
  expect(out.stderr).toContain('--working-dir');
  const verdicts = await newmanVerdicts(JSON.parse(readFileSync(exported, 'utf8')) as object, {
    workingDir: dir,
  });
  expect(verdicts.map((v) => v.passed)).toEqual([true]);

  expect(received).toHaveLength(2);
  const [ours, newmans] = received.map(normalized);
  expect(ours!.shape).toBe(`${'-'.repeat(26)}${'9'.repeat(24)}`);
  expect(ours!.shape).toBe(newmans!.shape);
  expect(ours!.body.equals(newmans!.body)).toBe(true);
  // And the body holds what was written, in order.
  const text = ours!.body.toString('latin1');
  expect(text.indexOf('name="tag"\r\n\r\none')).toBeLessThan(text.indexOf('name="tag"\r\n\r\ntwo'));
  expect(text).toContain('name="blob"; filename="all-bytes.bin"\r\nContent-Type: application/octet-stream');
  expect(ours!.body.includes(BINARY)).toBe(true);
}, 60_000);

test('the verbose curl line gives the parts as -F, and curl sends the same multipart gatecheck sent', async () => {
  const yaml = join(dir, 'curl.yaml');
  writeFileSync(yaml, collection(captureUrl));
  received.length = 0;
  const run = await runCli(['run', yaml, '-v']);
  expect(run.code).toBe(0);
  const line = /^\s*\$ (curl .*)$/m.exec(run.stdout)![1]!;
  expect(line).toContain(`-F 'tag=one' -F 'tag=two' -F 'meta={"a":1};type=application/json'`);
  expect(line).toContain(`-F 'blob=@${join(dir, 'all-bytes.bin')};type=application/octet-stream'`);
  expect(line).not.toContain('--data-raw');
  expect(line).not.toMatch(/content-type/i);
  // curl itself, from the line as printed: the same parts, byte for byte, boundary aside.
  await new Promise<void>((resolve, reject) =>
    execFile('sh', ['-c', `${line} -s -o /dev/null`], (error) => (error ? reject(error) : resolve())),
  );
  expect(received).toHaveLength(2);
  const [ours, curls] = received.map(normalized);
  expect(curls!.body.toString('latin1')).toBe(ours!.body.toString('latin1'));
}, 60_000);

test('values curl -F would read as files or options, and odd file names, still reach curl as written', async () => {
  const odd = join(dir, 'a b;c,d.bin');
  writeFileSync(odd, BINARY);
  const parts = [
    { name: 'at', value: '@notafile' },
    { name: 'lt', value: '<notafile' },
    { name: 'semi', value: 'x;type=text/evil' },
    { name: 'quoted', value: '"q"' },
    { name: 'spaced', value: ' padded ' },
    { name: 'typed', value: ' @x;y"z\\ ', contentType: 'text/plain; charset=utf-8' },
    { name: 'odd', file: odd },
  ];
  const yaml = join(dir, 'odd.yaml');
  writeFileSync(
    yaml,
    `name: odd\nscenarios:\n  - name: upload\n    request:\n      method: POST\n      url: ${captureUrl}\n      multipart: ${JSON.stringify(parts)}\n`,
  );
  received.length = 0;
  const run = await runCli(['run', yaml, '-v']);
  expect(run.code).toBe(0);
  const line = /^\s*\$ (curl .*)$/m.exec(run.stdout)![1]!;
  expect(line).toContain(`--form-string 'at=@notafile'`);
  await new Promise<void>((resolve, reject) =>
    execFile('sh', ['-c', `${line} -s -o /dev/null`], (error) => (error ? reject(error) : resolve())),
  );
  const [ours, curls] = received.map(normalized);
  expect(curls!.body.toString('latin1')).toBe(ours!.body.toString('latin1'));
}, 60_000);

test('the postman-echo stand-in reads the parts back; the YAML import of the export runs the same', async () => {
  const yaml = join(dir, 'echo.yaml');
  writeFileSync(
    yaml,
    `${collection(`${echo.url}/post`)}    expect:
      json:
        $.form.tag: [one, two]
        $.form.meta: '{"a":1}'
        $.form.empty: ''
        $.files['all-bytes.bin']: 'data:application/octet-stream;base64,${BINARY.toString('base64')}'
        $.files['notes.txt']: 'data:text/plain;base64,${Buffer.from('plain text\r\nwith CRLF\n').toString('base64')}'
`,
  );
  const run = await runCli(['run', yaml]);
  expect([run.code, run.stdout]).toEqual([0, expect.stringContaining('passed')]);

  const exported = join(dir, 'echo.postman_collection.json');
  expect((await runCli(['export', yaml, '-o', exported])).code).toBe(0);
  const back = join(dir, 'echo-back.yaml');
  expect((await runCli(['import', exported, '-o', back])).code).toBe(0);
  const again = await runCli(['run', back]);
  expect(again.code).toBe(0);
  expect(readFileSync(back, 'utf8')).toContain('file: all-bytes.bin');
}, 60_000);

test('a file part whose file does not exist: exit 2 at its line and column', async () => {
  const yaml = join(dir, 'missing.yaml');
  writeFileSync(
    yaml,
    `name: missing
scenarios:
  - name: upload
    request:
      method: POST
      url: ${captureUrl}
      multipart:
        - { name: blob, file: nowhere.bin }
`,
  );
  const r = await runCli(['run', yaml]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(
    new RegExp(`${yaml.replace(/[.]/g, '\\.')}:8:\\d+: .*file not found: .*nowhere\\.bin`),
  );
}, 60_000);

test('a secret sent in a part never appears in the reports', async () => {
  const yaml = join(dir, 'secret.yaml');
  const secret = 'pa55-multipart-Secret';
  writeFileSync(
    yaml,
    `name: secret
variables: { api_password: ${secret} }
scenarios:
  - name: upload
    request:
      method: POST
      url: ${echo.url}/post
      multipart:
        - { name: user, value: ada }
        - { name: password, value: '{{api_password}}' }
    expect:
      status: 299
      json: { $.form.password: '${secret}' }
`,
  );
  const report = join(dir, 'secret.report.json');
  const html = join(dir, 'secret.report.html');
  const r = await runCli([
    'run',
    yaml,
    '-r',
    'cli,json,html',
    '--reporter-json-export',
    report,
    '--reporter-html-export',
    html,
    '-v',
  ]);
  expect(r.code).toBe(1);
  const json = readFileSync(report, 'utf8');
  // The part was sent (the echo checks it) and the failed step's request is in the report, masked.
  expect(json).toContain('name=\\"password\\"');
  expect(r.stdout).toContain(`-F 'user=ada' -F 'password=*****'`);
  // The failed step keeps its parts, masked, and the HTML report's curl line gives them as -F.
  const step = (
    JSON.parse(json) as { runs: { scenarios: { steps: { request: { multipart?: unknown } }[] }[] }[] }
  ).runs[0]!.scenarios[0]!.steps[0]!;
  expect(step.request.multipart).toEqual([
    { name: 'user', value: 'ada' },
    { name: 'password', value: '*****' },
  ]);
  const htmlText = readFileSync(html, 'utf8');
  expect(htmlText).toMatch(/-F (&#39;|')password=\*{5}(&#39;|')/);
  expect(htmlText).not.toContain('--data-raw');
  for (const out of [r.stdout, r.stderr, json, readFileSync(html, 'utf8')]) expect(out).not.toContain(secret);
}, 60_000);
