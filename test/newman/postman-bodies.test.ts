/**
 * Request bodies byte for byte: a Postman collection's urlencoded bodies (the
 * request's own, and a pm.sendRequest's with a repeated key) reach a capturing
 * server with the very bytes newman sends (postman-request's encoding: `%20`, `~`
 * kept, `!'()*` escaped), not URLSearchParams' `+` and `%7E`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { newmanVerdicts } from '../helpers/newman.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-pm-bodies-'));
const FIELDS = [
  { key: 'spaced', value: 'a b' },
  { key: 'reserved', value: "~!*'()" },
  { key: 'syntax', value: 'x&y=z+%' },
  { key: 'unicode', value: 'ünï ✓' },
  { key: 'empty', value: '' },
  { key: 'key with space', value: '1' },
];

let server: Server;
let url: string;
/** Which tool is sending: the two run one after the other (both send PostmanRuntime's User-Agent). */
let tool = '';
const received: { tool: string; path: string; body: string; headers: Record<string, string> }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        headers[req.rawHeaders[i]!.toLowerCase()] = req.rawHeaders[i + 1]!;
      received.push({ tool, path: req.url ?? '', body: Buffer.concat(chunks).toString('latin1'), headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

test('urlencoded bodies are the bytes newman sends', async () => {
  const sendRequest = `pm.sendRequest({ url: '${url}/script', method: 'POST', body: { mode: 'urlencoded', urlencoded: ${JSON.stringify(
    [...FIELDS, { key: 'spaced', value: 'again' }],
  )} } }, function () {});`;
  const collection = {
    info: { name: 'bodies', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      {
        name: 'form',
        request: { method: 'POST', url: `${url}/form`, body: { mode: 'urlencoded', urlencoded: FIELDS } },
        event: [{ listen: 'prerequest', script: { exec: [sendRequest] } }],
      },
    ],
  };
  const file = join(dir, 'bodies.postman_collection.json');
  writeFileSync(file, JSON.stringify(collection));
  tool = 'gatecheck';
  const r = await runCli(['run', file]);
  expect([r.code, r.stderr]).toEqual([0, '']);
  tool = 'newman';
  expect((await newmanVerdicts(collection)).map((v) => v.passed)).toEqual([true]);

  const bodies = (tool: string) =>
    Object.fromEntries(received.filter((x) => x.tool === tool).map((x) => [x.path, x.body]));
  const newman = bodies('newman');
  expect(Object.keys(newman).sort()).toEqual(['/form', '/script']);
  expect(newman['/form']).toContain('spaced=a%20b&reserved=~%21%2A%27%28%29');
  // The repeated key is grouped where it first appears, as postman-runtime's reducer does.
  expect(newman['/script']).toMatch(/^spaced=a%20b&spaced=again&/);
  expect(bodies('gatecheck')).toEqual(newman);
}, 60_000);

test("postman-runtime's system headers: what newman adds, gatecheck adds, and a request's own win", async () => {
  received.length = 0;
  const collection = {
    info: { name: 'headers', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      { name: 'plain', request: { method: 'GET', url: `${url}/plain` } },
      {
        name: 'own accept',
        request: { method: 'GET', url: `${url}/own`, header: [{ key: 'Accept', value: 'application/json' }] },
      },
      {
        name: 'from a script',
        request: { method: 'GET', url: `${url}/outer` },
        event: [
          { listen: 'prerequest', script: { exec: [`pm.sendRequest('${url}/script', function () {});`] } },
        ],
      },
    ],
  };
  const file = join(dir, 'headers.postman_collection.json');
  writeFileSync(file, JSON.stringify(collection));
  tool = 'gatecheck';
  expect((await runCli(['run', file])).code).toBe(0);
  tool = 'newman';
  expect((await newmanVerdicts(collection)).map((v) => v.passed)).toEqual([true, true, true]);

  const SYSTEM = ['user-agent', 'accept', 'cache-control', 'accept-encoding'];
  const seen = (who: string) =>
    Object.fromEntries(
      received
        .filter((x) => x.tool === who)
        .map((x) => [x.path, Object.fromEntries(SYSTEM.map((k) => [k, x.headers[k]]))]),
    );
  const newman = seen('newman');
  expect(Object.keys(newman).sort()).toEqual(['/outer', '/own', '/plain', '/script']);
  expect(newman['/own']!.accept).toBe('application/json');
  expect(seen('gatecheck')).toEqual(newman);
  // Postman-Token: a fresh UUID on every request, from both.
  const tokens = received.map((x) => x.headers['postman-token']);
  expect(
    tokens.every((t) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(t ?? ''),
    ),
  ).toBe(true);
  expect(new Set(tokens).size).toBe(tokens.length);
}, 60_000);
