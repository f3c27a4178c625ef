/**
 * Files in the encodings Windows tools write (UTF-16 with a BOM, UTF-8 with a BOM)
 * run as UTF-8 ones do; bytes that are not such text are one line naming the file,
 * exit 2. Any token is a method, sent as written, against newman's raw echo (which
 * shows the request line exactly as received).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import type { EchoServer } from '../helpers/postman-echo.js';
import { startRawEcho } from '../helpers/raw-echo.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-enc-'));
const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);

let echo: EchoServer;
beforeAll(async () => {
  echo = await startRawEcho();
});
afterAll(() => echo.close());

function collection(): string {
  return `name: encodings and methods
baseUrl: "{{base}}"
scenarios:
  - name: custom methods, values from every kind of file
    steps:
      - request: { method: PROPFIND, url: "/dav/{{who}}" }
        expect: { status: 200, body: { contains: "PROPFIND /dav/w%C3%B6rld HTTP/1.1" } }
      - request: { method: propfind, url: "/lower?row={{row}}" }
        expect: { status: 200, body: { contains: "propfind /lower?row=caf%C3%A9 HTTP/1.1" } }
      - request: { method: M-SEARCH, url: "/ssdp?tag={{tag}}", body: "x" }
        expect: { status: 200, body: { contains: "M-SEARCH /ssdp?tag=%E2%9C%93 HTTP/1.1" } }
`;
}

test('a UTF-16 BE collection, a UTF-16 LE environment, a UTF-8-BOM .env and a UTF-16 data file run', async () => {
  writeFileSync(join(dir, 'c.yaml'), utf16be(collection()));
  writeFileSync(join(dir, 'env.yaml'), utf16le(`name: e\nvariables:\n  base: ${echo.url}\n  who: wörld\n`));
  writeFileSync(join(dir, 'vars.env'), Buffer.concat([BOM8, Buffer.from('tag=✓\n')]));
  writeFileSync(join(dir, 'rows.csv'), utf16le('row\r\ncafé\r\n'));
  const r = await runCli([
    'run',
    join(dir, 'c.yaml'),
    '-e',
    join(dir, 'env.yaml'),
    '--env-file',
    join(dir, 'vars.env'),
    '--data',
    join(dir, 'rows.csv'),
  ]);
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toMatch(/3 passed|passed.*3/);
});

test.each([
  [
    'latin1.yaml',
    Buffer.from('name: caf\xe9\n', 'latin1'),
    'is not valid UTF-8 text (byte 0xe9 at offset 9)',
  ],
  ['nobom16.yaml', Buffer.from('name: x\n', 'utf16le'), 'looks like UTF-16 text without a byte order mark'],
  [
    'odd16.yaml',
    Buffer.from([0xff, 0xfe, 0x6e, 0x00, 0x61]),
    'is not valid UTF-16 LE text (an odd number of bytes)',
  ],
])('%s: one line naming the file, exit 2, nothing sent', async (name, bytes, message) => {
  writeFileSync(join(dir, name), bytes);
  for (const command of ['validate', 'run']) {
    const r = await runCli([command, join(dir, name)]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      `gatecheck: ${join(dir, name)}: ${message}; save it as UTF-8 (or UTF-16 with a byte order mark)\n`,
    );
  }
});

test('an environment file in a bad encoding is named as such', async () => {
  writeFileSync(join(dir, 'ok.yaml'), collection());
  writeFileSync(join(dir, 'bad-env.yaml'), Buffer.from('name: caf\xe9\n', 'latin1'));
  const r = await runCli(['run', join(dir, 'ok.yaml'), '-e', join(dir, 'bad-env.yaml')]);
  expect([r.code, r.stderr]).toEqual([
    2,
    `gatecheck: ${join(dir, 'bad-env.yaml')}: is not valid UTF-8 text (byte 0xe9 at offset 9); save it as UTF-8 (or UTF-16 with a byte order mark)\n`,
  ]);
});

test('a method that is not a token, and a URL WHATWG would rewrite, are positioned input errors', async () => {
  writeFileSync(
    join(dir, 'bad.yaml'),
    'name: b\nscenarios:\n  - name: one\n    request: { method: "GET /x", url: "http://127.0.0.1:9/a\\tb" }\n',
  );
  const r = await runCli(['validate', join(dir, 'bad.yaml')]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/bad\.yaml:4:\d+: URL has a control character \("\\t" at column 21\)/),
    expect.stringMatching(/bad\.yaml:4:\d+: invalid HTTP method "GET \/x": a method is one token/),
  ]);
});

test('Postman mode: user:password@ in a URL is sent as Basic auth, and the password is masked everywhere', async () => {
  const { port } = new URL(echo.url);
  const password = 'url-pass-8471';
  const collection = {
    info: {
      name: 'userinfo',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'credentials in the URL',
        request: { method: 'GET', url: `http://us%40r:${password}@127.0.0.1:${port}/who` },
        event: [
          {
            listen: 'test',
            script: {
              exec: [
                `pm.test('Basic sent', function () { pm.expect(pm.response.text()).to.include('Basic ${Buffer.from(`us@r:${password}`).toString('base64')}'); });`,
                `pm.test('not in the URL', function () { pm.expect(pm.response.text()).to.include('GET /who HTTP/1.1'); });`,
              ],
            },
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'userinfo.postman_collection.json'), JSON.stringify(collection));
  const report = join(dir, 'userinfo.report.json');
  const r = await runCli([
    'run',
    join(dir, 'userinfo.postman_collection.json'),
    '-r',
    'cli,json',
    '--reporter-json-export',
    report,
    '--verbose',
  ]);
  expect(r.code).toBe(0);
  const written = readFileSync(report, 'utf8') + r.stdout + r.stderr;
  expect(written).not.toContain(password);
  expect(written).not.toContain(Buffer.from(`us@r:${password}`).toString('base64'));
});
