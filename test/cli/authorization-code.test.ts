/** collections/authorization-code.yaml (seed 002, Part 2) passes against `gatecheck serve`, with no secret in the output. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { runCli, startServe } from '../helpers/cli.js';

describe('seed 002 Part 2: three-legged OAuth against the simulator', () => {
  let url: string;
  let child: ChildProcessWithoutNullStreams;
  beforeAll(async () => {
    ({ url, child } = await startServe());
  });
  afterAll(() => child.kill('SIGTERM'));

  test('sign-in, refresh after server-side expiry, rotation, implicit, session, aliases', async () => {
    const r = await runCli([
      'run',
      'collections/authorization-code.yaml',
      '-e',
      'environments/local.yaml',
      '--var',
      `baseUrl=${url}`,
      '--verbose',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PASSED 6 scenarios');
    expect(r.stdout).toContain('token refreshed (after 401, refresh token): web-user-expiring');
    for (const secret of ['qa_password', 'Zk4rTq8VnW1sEy6HgJd0Bw..', 'Wy7sEcReT2pQ9vNa4HjK0w..'])
      expect(r.stdout).not.toContain(secret);
    // The code and refresh tokens the run saw are masked wherever they appear.
    expect(r.stdout).not.toMatch(/refresh_token=[A-Za-z0-9_-]{22}/);
    expect(r.stdout).not.toMatch(/[?&]code=[A-Za-z0-9_-]{22}/);
  }, 60_000);
});
