/** Exporting the grants newman cannot run: Postman's OAuth2 block, apiKey auth, and a warning naming each profile. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { writeCollection } from '../helpers/collections.js';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-export-grants-'));

interface Item {
  name: string;
  item?: Item[];
  request?: { auth?: { type: string; [k: string]: unknown } };
}

test('authorization code, PKCE, implicit, password, apiKey and session profiles', async () => {
  const file = writeCollection(`name: grants
auth:
  code: { type: oauth2, grant: authorization_code, authUrl: 'https://idp.test/auth', tokenUrl: 'https://idp.test/token', clientId: web, clientSecret: '{{WEB_SECRET}}', pkce: true, login: { username: u, password: '{{PASSWORD}}' } }
  spa: { type: oauth2, grant: implicit, authUrl: 'https://idp.test/auth', clientId: spa, login: { username: u, password: '{{PASSWORD}}' } }
  pw: { type: oauth2, grant: password, tokenUrl: 'https://idp.test/token', clientId: cli, clientSecret: '{{CLI_SECRET}}', login: { username: u, password: '{{PASSWORD}}' }, audience: api }
  key: { type: apiKey, in: query, name: api_key, value: '{{API_KEY}}' }
  sess: { type: session, loginUrl: 'https://app.test/login', login: { username: u, password: '{{PASSWORD}}' } }
scenarios:
  - { name: code, auth: code, request: { url: 'https://api.test/a' } }
  - { name: spa, auth: spa, request: { url: 'https://api.test/b' } }
  - { name: pw, auth: pw, request: { url: 'https://api.test/c' } }
  - { name: key, auth: key, request: { url: 'https://api.test/d' } }
  - { name: sess, auth: sess, request: { url: 'https://api.test/e' } }
`);
  const out = join(dir, 'grants.postman_collection.json');
  const r = await runCli(['export', file, '-o', out]);
  expect(r.code).toBe(0);
  const auths = Object.fromEntries(
    (JSON.parse(readFileSync(out, 'utf8')) as { item: Item[] }).item.map((f) => [
      f.name,
      f.item?.[0]?.request?.auth,
    ]),
  );
  const attrs = (a: unknown) =>
    Object.fromEntries(
      ((a as { oauth2: { key: string; value: unknown }[] }).oauth2 ?? []).map((x) => [x.key, x.value]),
    );
  expect(auths.code?.type).toBe('oauth2');
  expect(attrs(auths.code)).toMatchObject({
    grant_type: 'authorization_code_with_pkce',
    authUrl: 'https://idp.test/auth',
    accessTokenUrl: 'https://idp.test/token',
    clientSecret: '{{WEB_SECRET}}',
  });
  expect(attrs(auths.spa)).toMatchObject({ grant_type: 'implicit' });
  expect(attrs(auths.pw)).toMatchObject({ grant_type: 'password_credentials', password: '{{PASSWORD}}' });
  expect(auths.key).toEqual({
    type: 'apikey',
    apikey: [
      { key: 'key', value: 'api_key', type: 'string' },
      { key: 'value', value: '{{API_KEY}}', type: 'string' },
      { key: 'in', value: 'query', type: 'string' },
    ],
  });
  expect(auths.sess).toEqual({ type: 'noauth' });
  const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'));
  for (const name of ['code', 'spa', 'pw', 'sess'])
    expect(warnings.some((w) => w.includes(`auth profile "${name}"`) && w.includes('newman'))).toBe(true);
  expect(warnings.find((w) => w.includes('auth profile "pw"'))).toContain('audience not exported');
  expect(warnings.some((w) => w.includes('"key"'))).toBe(false);
});
