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
const received: { tool: string; path: string; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const tool = /^PostmanRuntime/.test(req.headers['user-agent'] ?? '') ? 'newman' : 'gatecheck';
      received.push({ tool, path: req.url ?? '', body: Buffer.concat(chunks).toString('latin1') });
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
  const r = await runCli(['run', file]);
  expect([r.code, r.stderr]).toEqual([0, '']);
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
