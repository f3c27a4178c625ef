/**
 * The simulator as a server under attack: one normalized path for privileges
 * and routes (no bypass by slashes, dot segments or percent-encoding), catalog
 * links from its own URL whatever the Host header, a bounded request log, and
 * a warning when it listens beyond loopback.
 */
import { request } from 'node:http';
import { REQUEST_LOG_LIMIT, startSimulator } from '../../src/sim/server.js';
import { normalizePath } from '../../src/sim/normalize-path.js';
import { safeEqual } from '../../src/sim/safe-equal.js';
import { startServe } from '../helpers/cli.js';
import { startSim } from '../helpers/sim.js';
import { CATALOG, catalogResponse } from '../../src/sim/openapi.js';
import { loadDefaultSimConfig } from '../../src/sim/config.js';

/** A raw request: the path goes on the wire exactly as written (fetch would normalize it). */
function raw(url: string, path: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('no variant of a protected path reaches its handler without credentials', async () => {
  const sim = await startSim();
  try {
    const variants = [
      '/ords/myapi/myapi/hello',
      '/ords/myapi/myapi/hello/',
      '/ords/myapi/myapi//hello',
      '/ords/myapi//myapi/hello',
      '/ords/myapi/myapi/./hello',
      '/ords/myapi/myapi/x/../hello',
      '/ords/myapi/myapi/%68ello',
      '/ords/myapi/%6dyapi/hello',
      '/ords/myapi/myapi%2Fhello',
    ];
    const statuses = await Promise.all(variants.map(async (p) => [p, (await raw(sim.url, p)).status]));
    expect(statuses.filter(([, status]) => status !== 401)).toEqual([]);
  } finally {
    await sim.close();
  }
});

test('catalog links are built from the simulator URL it is given, never a Host header', () => {
  const doc = JSON.stringify(catalogResponse(loadDefaultSimConfig(), CATALOG, 'http://127.0.0.1:8787'));
  expect(doc).toContain('http://127.0.0.1:8787/ords/myapi/');
});

test('the request log keeps only the latest entries', async () => {
  expect(REQUEST_LOG_LIMIT).toBe(10_000);
  const sim = await startSimulator({ model: loadDefaultSimConfig(), port: 0, requestLogLimit: 100 });
  try {
    await Promise.all(Array.from({ length: 150 }, (_, i) => raw(sim.url, `/nowhere/${i}`)));
    expect(sim.requests.length).toBe(100);
  } finally {
    await sim.close();
  }
});

test('normalization and constant-time comparison, directly', () => {
  expect(normalizePath('/a//b/./c/../d/%65/')).toBe('/a/b/d/e');
  expect(normalizePath('/a/%2e%2e/b')).toBe('/b');
  expect(normalizePath('/bad/%zz')).toBe('/bad/%zz');
  expect(safeEqual('secret', 'secret')).toBe(true);
  expect(safeEqual('secret', 'secreT')).toBe(false);
  expect(safeEqual('secret', 'secret-longer')).toBe(false);
});

test('serve warns when it listens beyond loopback', async () => {
  const { child, exited } = await startServe(['--host', '0.0.0.0']);
  await new Promise((r) => setTimeout(r, 500));
  child.kill('SIGTERM');
  const r = await exited;
  expect(r.stderr).toMatch(/warning: listening on 0\.0\.0\.0, beyond this machine/);
});
