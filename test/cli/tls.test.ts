/** Mutual TLS against a local HTTPS server that requires a client certificate. */
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { makePki, type TestPki } from '../helpers/tls.js';

describe('TLS', () => {
  let pki: TestPki;
  let server: Server;
  let collection: string;

  beforeAll(async () => {
    pki = makePki();
    server = createServer(
      {
        key: pki.pem('server.key'),
        cert: pki.pem('server.pem'),
        ca: pki.pem('ca.pem'),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ client: peer.subject?.CN }));
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    collection = join(pki.dir, 'mtls.yaml');
    writeFileSync(
      collection,
      `name: mTLS\nscenarios:\n  - name: client certificate\n    request: { url: 'https://127.0.0.1:${port}/' }\n    expect: { json: { $.client: gatecheck client } }\n`,
    );
  });
  afterAll(() => new Promise((r) => server.close(r)));

  test('with the CA and a client certificate, the call passes', async () => {
    const r = await runCli([
      'run',
      collection,
      '--cacert',
      pki.file('ca.pem'),
      '--cert',
      pki.file('client.pem'),
      '--key',
      pki.file('client.key'),
    ]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/PASSED 1 scenario/);
  });

  test('a wrong CA fails the step with a clear TLS reason, not a crash', async () => {
    const r = await runCli([
      'run',
      collection,
      '--cacert',
      pki.file('other-ca.pem'),
      '--cert',
      pki.file('client.pem'),
      '--key',
      pki.file('client.key'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /error E_TLS: TLS error with 127\.0\.0\.1:\d+: .*certificate.* \(--insecure skips verification\)/,
    );
  });

  test('without a client certificate the server refuses the connection: an error with its reason', async () => {
    const r = await runCli(['run', collection, '--cacert', pki.file('ca.pem')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error E_(TLS|RESET|TRANSPORT): /);
  });

  test('--insecure skips verification and says so on stderr; --cert without --key is a flag error', async () => {
    const r = await runCli([
      'run',
      collection,
      '--insecure',
      '--cert',
      pki.file('client.pem'),
      '--key',
      pki.file('client.key'),
    ]);
    expect([r.code, r.stderr]).toEqual([
      0,
      'gatecheck: warning: --insecure: TLS certificates are not verified\n',
    ]);
    const half = await runCli(['run', collection, '--cert', pki.file('client.pem')]);
    expect([half.code, half.stderr]).toEqual([
      2,
      'gatecheck: --key: a client certificate needs both --cert and --key\n',
    ]);
  });
});
