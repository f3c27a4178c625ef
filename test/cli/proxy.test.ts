/** HTTP_PROXY and NO_PROXY: requests go through the proxy the environment names, except where NO_PROXY says not. */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../src/sim/server.js';
import { runCli } from '../helpers/cli.js';
import { startSim } from '../helpers/sim.js';

describe('proxies from the environment', () => {
  let sim: Simulator;
  let proxy: Server;
  let proxyUrl: string;
  const seen: string[] = [];
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    sim = await startSim();
    // A forwarding proxy: CONNECT tunnels, and absolute-form requests relayed.
    proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    proxy.on('connect', (req, client: Socket, head: Buffer) => {
      seen.push(`CONNECT ${req.url}`);
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
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => proxy.close(r));
    await sim.close();
  });

  const collection = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gatecheck-proxy-')), 'c.yaml');
    writeFileSync(
      file,
      `name: proxied\nscenarios:\n  - { name: items, request: { url: '${sim.url}/ords/myapi/public/items' } }\n`,
    );
    return file;
  };

  test('HTTP_PROXY carries the requests', async () => {
    seen.length = 0;
    const r = await runCli(['run', collection()], { env: { HTTP_PROXY: proxyUrl, NO_PROXY: '' } });
    expect(r.code).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatch(
      new RegExp(`(CONNECT 127\\.0\\.0\\.1:${sim.port}|GET ${sim.url}/ords/myapi/public/items)`),
    );
  });

  test('NO_PROXY bypasses it', async () => {
    seen.length = 0;
    const r = await runCli(['run', collection()], { env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
    expect(r.code).toBe(0);
    expect(seen).toEqual([]);
  });
});
