/** The exposures the simulator plants for `gatecheck ords audit`, each behind its switch. */
import { readFileSync } from 'node:fs';
import { basic, DEMO } from '../helpers/demo.js';
import { modelFromYaml, startSim } from '../helpers/sim.js';
import { InputErrors } from '../../src/source/errors.js';

const BUILT_IN = readFileSync('environments/ords-simulator.yaml', 'utf8');
const withExposures = (lines: string) => modelFromYaml(`${BUILT_IN}\nexposures:\n${lines}`);
const tokenRequest = (method: string) => ({
  method,
  headers: {
    Authorization: basic(DEMO.myapi.id, DEMO.myapi.secret),
    'Content-Type': 'application/x-www-form-urlencoded',
  },
  body: method === 'POST' ? 'grant_type=client_credentials' : undefined,
});

describe('simulator exposures', () => {
  test('off by default: metadata-catalog refuses, _/sql is unmapped, tokens only on POST and never cached, no stack traces', async () => {
    const sim = await startSim();
    try {
      const at = (p: string) => `${sim.url}/ords/myapi${p}`;
      expect((await fetch(at('/metadata-catalog/'))).status).toBe(401);
      expect((await fetch(at('/_/sql'), { method: 'POST', body: 'select 1 from dual' })).status).toBe(404);
      expect(
        (await fetch(`${at('/oauth/token')}?grant_type=client_credentials`, tokenRequest('GET'))).status,
      ).toBe(405);
      const token = await fetch(at('/oauth/token'), tokenRequest('POST'));
      expect(token.headers.get('cache-control')).toBe('no-store');
      expect(await (await fetch(at('/nothing-here'))).text()).not.toContain('stackTrace');
      expect((await fetch(`${sim.url}/ords/other/myapi/hello`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });

  test('each switch plants its exposure', async () => {
    const sim = await startSim(
      withExposures(
        '  anonymous_metadata_catalog: true\n  rest_enabled_sql: true\n  token_get: true\n  token_cacheable: true\n  cross_alias: other\n  stack_traces: true\n',
      ),
    );
    try {
      const at = (p: string) => `${sim.url}/ords/myapi${p}`;
      const catalog = await fetch(at('/metadata-catalog/'));
      expect(catalog.status).toBe(200);
      expect(((await catalog.json()) as { items: { name: string }[] }).items.map((i) => i.name)).toContain(
        '/customers/validation/:id',
      );
      expect((await fetch(at('/_/sql'), { method: 'POST', body: 'select 1 from dual' })).status).toBe(401);
      const viaGet = await fetch(`${at('/oauth/token')}?grant_type=client_credentials`, tokenRequest('GET'));
      expect(viaGet.status).toBe(200);
      const { access_token } = (await viaGet.json()) as { access_token: string };
      const token = await fetch(at('/oauth/token'), tokenRequest('POST'));
      expect(token.headers.get('cache-control')).toBeNull();
      expect(await (await fetch(at('/nothing-here'))).text()).toContain('"stackTrace"');
      const other = await fetch(`${sim.url}/ords/other/myapi/hello`, {
        headers: { Authorization: `Bearer ${access_token}` },
      });
      expect(other.status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  test('a misspelt switch is an input error at its line', () => {
    let error: unknown;
    try {
      withExposures('  stack_trace: true\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).message).toMatch(/test\.yaml:\d+:\d+: .*stack_trace.*stack_traces/);
  });
});
