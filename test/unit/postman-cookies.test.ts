/**
 * The Postman-mode cookie jar (src/run/cookies.ts) on a real tough-cookie jar:
 * pm.cookies as postman-runtime builds it, the store calls pm.cookies.jar()
 * makes, and the values it learns becoming secrets.
 */
import { Cookie } from 'tough-cookie';
import { parse } from 'yaml';
import { SecretSet } from '../../src/mask/secrets.js';
import { importPostman } from '../../src/postman/import.js';
import { PostmanCookies } from '../../src/run/cookies.js';

const URL_A = 'http://api.example.test/app/items';

test('pm.cookies: the cookies for a URL by path and expiry, in postman-collection form', async () => {
  const cookies = new PostmanCookies(new SecretSet());
  await cookies.jar.setCookie('sid=abc123; Path=/app; HttpOnly', URL_A);
  await cookies.jar.setCookie('other=1; Path=/elsewhere', URL_A);
  await cookies.jar.setCookie('gone=1; Path=/; Max-Age=0', URL_A);
  await cookies.jar.setCookie('later=2; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT', URL_A);
  const list = await cookies.forUrl(URL_A);
  expect(list.map((c) => c.name).sort()).toEqual(['later', 'sid']);
  const sid = list.find((c) => c.name === 'sid')!;
  expect(sid).toMatchObject({
    value: 'abc123',
    domain: 'api.example.test',
    path: '/app',
    httpOnly: true,
    secure: false,
    hostOnly: true,
    expires: null,
  });
  expect(list.find((c) => c.name === 'later')!.expires).toBe('2100-01-01T00:00:00.000Z');
  expect(await cookies.forUrl('not a url')).toEqual([]);
  // Secure: over HTTPS only (loopback excepted, a trustworthy origin: see the conformance collection).
  await cookies.jar.setCookie('sec=1; Path=/; Secure', 'https://api.example.test/');
  expect((await cookies.forUrl('https://api.example.test/')).map((c) => c.name)).toContain('sec');
  expect((await cookies.forUrl('http://api.example.test/')).map((c) => c.name)).not.toContain('sec');
});

test('pm.cookies.jar(): store calls reach the jar, and a script-set value becomes a secret', async () => {
  const secrets = new SecretSet();
  const cookies = new PostmanCookies(secrets);
  const put = new Cookie({ key: 'scripted', value: 'ScriptValue-1', domain: 'api.example.test', path: '/' });
  expect(await cookies.storeCall('putCookie', [put.toJSON()])).toEqual({ result: undefined });
  expect(await cookies.jar.getCookieString(URL_A)).toBe('scripted=ScriptValue-1');
  expect(secrets.mask('x ScriptValue-1 y')).toBe('x ***** y');

  const found = await cookies.storeCall('findCookie', ['api.example.test', '/', 'scripted']);
  expect(found.result).toMatchObject({ key: 'scripted', value: 'ScriptValue-1' });
  const all = await cookies.storeCall('findCookies', ['api.example.test', '/app', true]);
  expect((all.result as { key: string }[]).map((c) => c.key)).toEqual(['scripted']);

  await cookies.storeCall('removeCookie', ['api.example.test', '/', 'scripted']);
  expect(await cookies.jar.getCookieString(URL_A)).toBe('');
});

test('pm.cookies.jar(): a method the store does not forward is refused by name', async () => {
  const cookies = new PostmanCookies(new SecretSet());
  expect(await cookies.storeCall('setCookie', [])).toEqual({
    error: "CookieStore: invalid method name 'setCookie'",
  });
  expect(await cookies.storeCall('putCookie', [])).toEqual({
    error: 'runtime~CookieStore: error executing "putCookie"',
  });
});

test('a written Cookie header: each value is a secret', () => {
  const secrets = new SecretSet();
  new PostmanCookies(secrets).maskWritten('a=WrittenOne; b=WrittenTwo;junk');
  expect(secrets.mask('WrittenOne WrittenTwo junk')).toBe('***** ***** junk');
});

test('import: protocolProfileBehavior.disableCookies becomes cookies: false, inherited, the nearest setting winning', () => {
  const request = (name: string, disableCookies?: boolean) => ({
    name,
    request: { method: 'GET', url: 'http://127.0.0.1/x' },
    ...(disableCookies === undefined ? {} : { protocolProfileBehavior: { disableCookies } }),
  });
  const pm = {
    info: { name: 'c', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      request('one', true),
      {
        name: 'f',
        item: [request('two'), request('three', false)],
        protocolProfileBehavior: { disableCookies: true },
      },
      request('four'),
    ],
  };
  const doc = parse(importPostman(pm, 'c.json').yaml) as {
    scenarios: {
      name: string;
      steps?: { name: string; request: { cookies?: boolean } }[];
      request?: { cookies?: boolean };
    }[];
  };
  const off = doc.scenarios
    .flatMap((s) => s.steps ?? [{ name: s.name, request: s.request! }])
    .map((st) => [st.name, st.request.cookies]);
  expect(off).toEqual([
    ['one', false],
    ['two', false],
    ['three', undefined],
    ['four', undefined],
  ]);
});
