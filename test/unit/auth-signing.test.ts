/**
 * OAuth 1.0a and Digest signing, checked against the RFCs' own examples and, option
 * by option, against postman-runtime's authorizers themselves (Apache-2.0, installed
 * with newman): same inputs, the same Authorization header byte for byte.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { credentialsFor, withCredentials, type Credentials } from '../../src/auth/credentials.js';
import type { TokenCache } from '../../src/auth/token-cache.js';
import type { HttpResponse } from '../../src/http/client.js';
import { SecretSet } from '../../src/mask/secrets.js';
import type { AuthProfile } from '../../src/model/collection.js';
import {
  chooseQop,
  digestAuthorization,
  DigestSessions,
  nextNonceCount,
  parseDigestChallenge,
  type DigestAlgorithm,
} from '../../src/auth/digest.js';
import {
  signatureBaseString,
  signOAuth1,
  type OAuth1Params,
  type OAuth1SignatureMethod,
} from '../../src/auth/oauth1.js';

const require = createRequire(import.meta.url);
interface PmRequest {
  headers: { get(name: string): string | undefined };
  url: { toString(): string };
  body?: { toString(): string };
}
const sdk = require('postman-collection') as {
  Request: new (options: object) => PmRequest & { auth: object };
};
const createAuthInterface = require('postman-runtime/lib/authorizer/auth-interface') as (
  auth: object,
) => object;
const pmOAuth1 = require('postman-runtime/lib/authorizer/oauth1') as {
  sign(auth: object, request: PmRequest, done: (err?: Error) => void): void;
};
const pmDigest = require('postman-runtime/lib/authorizer/digest') as {
  computeHeader(params: Record<string, string | undefined>): string;
};

describe('OAuth 1.0a', () => {
  // RFC 5849 §1.2's printed signature is a known erratum; OAuth Core 1.0a's Appendix A.5 example is the classic vector.
  test('OAuth Core 1.0a Appendix A.5: the photos request signs to tR3+Ty81lMeYAr/Fid0kMTYa/WM=', () => {
    const signed = signOAuth1(
      {
        method: 'GET',
        url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
        headers: {} as Record<string, string>,
      },
      {
        consumerKey: 'dpf43f3p2l4k3l03',
        consumerSecret: 'kd94hf93k423kf44',
        token: 'nnch734d00sl2jdk',
        tokenSecret: 'pfkkdhi9sl3r4s00',
        signatureMethod: 'HMAC-SHA1',
        timestamp: '1191242096',
        nonce: 'kllo9940pd9333jh',
        version: '1.0',
        realm: 'http://photos.example.net/',
        in: 'header',
      },
    );
    expect(signed?.baseString).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
    );
    expect(signed?.signature).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
    expect(signed?.request.headers.authorization).toBe(
      'OAuth realm="http%3A%2F%2Fphotos.example.net%2F",oauth_consumer_key="dpf43f3p2l4k3l03",oauth_token="nnch734d00sl2jdk",oauth_signature_method="HMAC-SHA1",oauth_timestamp="1191242096",oauth_nonce="kllo9940pd9333jh",oauth_version="1.0",oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D"',
    );
  });

  test('RFC 5849 §3.4.1.1: the signature base string of the example request', () => {
    const base = signatureBaseString(
      'POST',
      new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'),
      [
        ['oauth_consumer_key', '9djdj82h48djs9d2'],
        ['oauth_token', 'kkk9d7dh3k39sjv7'],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', '137131201'],
        ['oauth_nonce', '7d8f3e4a'],
        ['c2', ''],
        ['a3', '2 q'],
      ],
    );
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const base: OAuth1Params = {
    consumerKey: 'RKCGzna7bv9YD57c',
    consumerSecret: 'D+EdQ-gs$-%@2Nu7',
    signatureMethod: 'HMAC-SHA1',
    timestamp: '1461319769',
    nonce: 'ik3oT5',
    version: '1.0',
    in: 'header',
  };
  const cases: [
    string,
    Partial<OAuth1Params>,
    { method?: string; url?: string; form?: [string, string][]; raw?: string },
  ][] = [
    ['HMAC-SHA1, the helper collection', {}, {}],
    [
      'HMAC-SHA256 with token and realm',
      { signatureMethod: 'HMAC-SHA256', token: 'tok en', tokenSecret: 's!ecret', realm: 'Ex ample' },
      {},
    ],
    [
      'HMAC-SHA512 on a port and a query',
      { signatureMethod: 'HMAC-SHA512' },
      { url: 'http://Echo.Example:8080/a%20b/oauth1?x=1+2&y=%21*&z' },
    ],
    ['PLAINTEXT', { signatureMethod: 'PLAINTEXT', tokenSecret: 'ts' }, {}],
    ['RSA-SHA256', { signatureMethod: 'RSA-SHA256', privateKey: pem }, {}],
    [
      'a POST form body is signed',
      {},
      {
        method: 'POST',
        form: [
          ['a', 'b c'],
          ['d', '~!'],
        ],
      },
    ],
    [
      'body hash of a raw body',
      { includeBodyHash: true, signatureMethod: 'HMAC-SHA256' },
      { method: 'PUT', raw: '{"a":1}' },
    ],
    ['empty parameters signed', { addEmptyParamsToSign: true, token: '', version: '' }, {}],
    ['callback and verifier', { callback: 'http://cb.example/x?y=1', verifier: 'v1' }, {}],
    ['header encoding off', { disableHeaderEncoding: true, realm: 'r=1' }, {}],
  ];

  test.each(cases)('the header as postman-runtime writes it: %s', async (_name, options, shape) => {
    const p = { ...base, ...options };
    const url = shape.url ?? 'https://postman-echo.com/oauth1';
    const method = shape.method ?? 'GET';
    const form = shape.form;
    const ours = signOAuth1(
      {
        method,
        url,
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
        body: form ? new URLSearchParams(form).toString() : shape.raw,
      },
      p,
    );
    const pm = new sdk.Request({
      method,
      url,
      ...(form
        ? { body: { mode: 'urlencoded', urlencoded: form.map(([key, value]) => ({ key, value })) } }
        : {}),
      ...(shape.raw ? { body: { mode: 'raw', raw: shape.raw } } : {}),
      auth: {
        type: 'oauth1',
        oauth1: Object.entries({ ...p, addParamsToHeader: true }).map(([key, value]) => ({ key, value })),
      },
    });
    await new Promise<void>((resolve, reject) =>
      pmOAuth1.sign(createAuthInterface(pm.auth), pm, (err) => (err ? reject(err) : resolve())),
    );
    expect(ours?.request.headers.authorization).toBe(pm.headers.get('Authorization'));
  });

  test.each([
    ['GET: the query', 'GET'],
    ['POST with a form body: the body', 'POST'],
  ])('in: query puts the signed parameters where postman-runtime does (%s)', async (_name, method) => {
    const form: [string, string][] = [['a', 'b']];
    const withForm = method === 'POST';
    const ours = signOAuth1(
      {
        method,
        url: 'http://127.0.0.1:8080/oauth1?q=1',
        headers: withForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
        body: withForm ? 'a=b' : undefined,
      },
      { ...base, in: 'query' },
    )!;
    const pm = new sdk.Request({
      method,
      url: 'http://127.0.0.1:8080/oauth1?q=1',
      ...(withForm
        ? { body: { mode: 'urlencoded', urlencoded: form.map(([key, value]) => ({ key, value })) } }
        : {}),
      auth: { type: 'oauth1', oauth1: Object.entries(base).map(([key, value]) => ({ key, value })) },
    });
    await new Promise<void>((resolve) => pmOAuth1.sign(createAuthInterface(pm.auth), pm, () => resolve()));
    const params = (s: string) => [...new URLSearchParams(s)].sort();
    expect(ours.request.headers.authorization).toBeUndefined();
    if (withForm) {
      expect(params(ours.request.body!)).toEqual(params(pm.body!.toString()));
      expect(ours.request.url).toBe('http://127.0.0.1:8080/oauth1?q=1');
    } else
      expect(params(new URL(ours.request.url).search)).toEqual(params(new URL(pm.url.toString()).search));
  });

  test('a request carrying its own oauth_ parameters and Authorization gets the signed ones instead', () => {
    const signed = signOAuth1(
      {
        method: 'GET',
        url: 'http://h.example/p?oauth_nonce=old&keep=1&oauth_signature=x',
        headers: { Authorization: 'OAuth stale' },
      },
      { ...base, in: 'query' },
    )!;
    const query = new URL(signed.request.url).searchParams;
    expect(query.getAll('oauth_nonce')).toEqual(['ik3oT5']);
    expect(query.get('keep')).toBe('1');
    expect(signed.request.headers.Authorization).toBeUndefined();
  });

  test('timestamp and nonce are new for each request unless fixed; no secret, no signature', () => {
    const r = { method: 'GET', url: 'http://h.example/', headers: {} as Record<string, string> };
    const p = { ...base, timestamp: undefined, nonce: undefined };
    const a = signOAuth1(r, p, () => 1_700_000_000_000)!;
    const b = signOAuth1(r, p, () => 1_700_000_000_000)!;
    expect(a.request.headers.authorization).toMatch(
      /oauth_timestamp="1700000000",oauth_nonce="[0-9A-Za-z]{11}"/,
    );
    expect(a.signature).not.toBe(b.signature);
    expect(signOAuth1(r, { ...base, consumerSecret: '' })).toBeUndefined();
    expect(signOAuth1(r, { ...base, signatureMethod: 'RSA-SHA1' as OAuth1SignatureMethod })).toBeUndefined();
  });
});

describe('Digest', () => {
  const rfc = {
    username: 'Mufasa',
    password: 'Circle of Life',
    realm: 'http-auth@example.org',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    method: 'GET',
    uri: '/dir/index.html',
  };

  test.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const)('RFC 7616 §3.9.1: %s gives the RFC response', (algorithm, response) => {
    expect(digestAuthorization({ ...rfc, algorithm }).response).toBe(response);
  });

  test.each<[DigestAlgorithm, string | undefined, string | undefined]>([
    ['MD5', 'auth', undefined],
    ['MD5', undefined, 'opaque-1'],
    ['MD5-sess', 'auth', undefined],
    ['MD5-sess', undefined, undefined],
    ['SHA-256', 'auth-int', 'o'],
    ['SHA-256-sess', 'auth', undefined],
    ['SHA-512-256', 'auth', undefined],
    ['SHA-512-256-sess', 'auth-int', undefined],
  ])('the header as postman-runtime computes it: %s qop=%s opaque=%s', (algorithm, qop, opaque) => {
    const input = { ...rfc, algorithm, qop, opaque, body: '{"a":1}' };
    const hashAlgo = { MD5: 'md5', SHA: 'sha256' }[algorithm.slice(0, 3) as 'MD5' | 'SHA'];
    const pm = pmDigest.computeHeader({
      ...input,
      hashAlgo: algorithm.startsWith('SHA-512-256') ? 'sha512-256' : hashAlgo,
      nonceCount: input.nc,
      clientNonce: input.cnonce,
      bodyhash: undefined,
    });
    if (qop === 'auth-int') {
      // postman-runtime hashes the body itself (computeBodyHash); compare everything else.
      expect(digestAuthorization(input).header.replace(/response="[^"]*"/, '')).toBe(
        pm.replace(/response="[^"]*"/, ''),
      );
    } else expect(digestAuthorization(input).header).toBe(pm);
  });

  test('challenges: the Digest one among several, quoted values, qop choice, nonce counts', () => {
    const c = parseDigestChallenge(
      'Basic realm="basic", Digest realm="Users, Inc", nonce="n\\"1", qop="auth,auth-int", algorithm=SHA-256, stale=TRUE',
    );
    expect(c).toEqual({
      realm: 'Users, Inc',
      nonce: 'n"1',
      qop: 'auth,auth-int',
      algorithm: 'SHA-256',
      stale: true,
    });
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    expect(chooseQop('auth-int, auth')).toBe('auth');
    expect(chooseQop('auth-int')).toBe('auth-int');
    expect(chooseQop(undefined)).toBeUndefined();
    expect(nextNonceCount('00000009')).toBe('0000000a');
  });
});

describe('a digest caller across requests (credentials.ts)', () => {
  const secrets = new SecretSet();
  const context = {
    name: 'd',
    lookup: (n: string) => ({ PW: 'pw-secret-1' })[n],
    secrets,
    tokens: undefined as unknown as TokenCache,
    observer: { exchange: () => undefined, event: () => undefined },
    timeoutMs: 1000,
    digests: new DigestSessions(),
  };
  const profile: AuthProfile = { type: 'digest', username: 'u', password: '{{PW}}' };
  const request = { method: 'GET', url: 'http://h.example/p?q=1', headers: {}, timeoutMs: 1000 };
  const challenge = (nonce: string, status = 401): HttpResponse => ({
    status,
    headers: { 'www-authenticate': `Digest realm="r", nonce="${nonce}", qop="auth"` },
    body: '',
    durationMs: 1,
  });
  const authorization = (c: Credentials) => withCredentials(request, c).headers.authorization;

  test('unsigned until challenged; then nc counts up; a new nonce is answered, the same one is not', async () => {
    const first = await credentialsFor(profile, context);
    expect(authorization(first)).toBeUndefined();
    const answered = await first.answer!(challenge('n1'))!;
    expect(authorization(answered)).toMatch(
      /nonce="n1", uri="\/p\?q=1", algorithm="MD5", qop=auth, nc=00000001/,
    );
    const later = await credentialsFor(profile, context);
    expect(authorization(later)).toMatch(/nc=00000002/);
    expect(later.answer!(challenge('n1'))).toBeUndefined();
    expect(later.answer!({ ...challenge('n1'), status: 200 })).toBeUndefined();
    const stale = await later.answer!(challenge('n2', 403))!;
    expect(authorization(stale)).toMatch(/nonce="n2".*nc=00000001/);
    expect(secrets.mask(authorization(stale)!)).toMatch(/response="\*+"/);
  });

  test('realm and nonce in the profile sign the first request; disableRetry answers nothing', async () => {
    const upFront = await credentialsFor(
      { type: 'digest', username: 'u', password: 'p', realm: 'r', nonce: 'n0', disableRetry: true },
      { ...context, digests: new DigestSessions() },
    );
    expect(authorization(upFront)).toMatch(/^Digest username="u", realm="r", nonce="n0"/);
    expect(upFront.answer).toBeUndefined();
  });
});
