/**
 * Postman `digest` and `oauth1` auth blocks import as digest and oauth1 profiles
 * and export back to the same blocks: a round trip keeps every field Postman
 * signs with.
 */
import { parseCollection } from '../../src/load/collection.js';
import { exportPostman } from '../../src/postman/export.js';
import { importPostman } from '../../src/postman/import.js';
import type { PmAuth, PmCollection, PmItem } from '../../src/postman/types.js';

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

const block = (type: string, values: Record<string, string | boolean>): PmAuth => ({
  type,
  [type]: Object.entries(values).map(([key, value]) => ({ key, value, type: typeof value })),
});

const DIGEST = {
  username: 'postman',
  password: '{{digestPassword}}',
  algorithm: 'SHA-256',
  realm: 'Users',
  nonce: 'abc123',
  qop: 'auth-int',
  opaque: 'op',
  nonceCount: '00000002',
  clientNonce: 'cn0ce',
  disableRetryRequest: true,
};
const OAUTH1 = {
  consumerKey: 'ck',
  consumerSecret: '{{consumerSecret}}',
  token: 'tk',
  tokenSecret: '{{tokenSecret}}',
  signatureMethod: 'HMAC-SHA512',
  callback: 'http://cb.example/',
  verifier: 'vf',
  timestamp: '1461319769',
  nonce: 'ik3oT5',
  version: '1.0',
  realm: 'Photos',
  addParamsToHeader: true,
  includeBodyHash: true,
  addEmptyParamsToSign: true,
  disableHeaderEncoding: true,
};

function collectionWith(auths: PmAuth[]): PmCollection {
  return {
    info: { name: 'signed', schema: SCHEMA },
    item: auths.map((auth, i): PmItem => ({
      name: `r${i}`,
      request: { method: 'GET', url: 'https://api.example/x', auth },
    })),
  };
}

/** A block's attributes as a plain object, values as strings (how Postman's runtime reads them). */
function values(auth: PmAuth | undefined): Record<string, string> {
  const list = (auth?.[auth.type] ?? []) as { key: string; value: unknown }[];
  return Object.fromEntries(list.map((a) => [a.key, String(a.value)]));
}

const stringify = (o: Record<string, string | boolean>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

describe('digest and oauth1 blocks, imported and exported', () => {
  const imported = importPostman(
    collectionWith([block('digest', DIGEST), block('oauth1', OAUTH1)]),
    'in.json',
  );
  const { collection, source } = parseCollection('signed.yaml', imported.yaml);

  test('import: profiles with every field, no warning', () => {
    expect(imported.warnings).toEqual([]);
    expect(Object.values(collection.auth)).toEqual([
      {
        type: 'digest',
        username: 'postman',
        password: '{{digestPassword}}',
        algorithm: 'SHA-256',
        realm: 'Users',
        nonce: 'abc123',
        qop: 'auth-int',
        opaque: 'op',
        nonceCount: '00000002',
        clientNonce: 'cn0ce',
        disableRetry: true,
      },
      {
        type: 'oauth1',
        consumerKey: 'ck',
        consumerSecret: '{{consumerSecret}}',
        token: 'tk',
        tokenSecret: '{{tokenSecret}}',
        signatureMethod: 'HMAC-SHA512',
        callback: 'http://cb.example/',
        verifier: 'vf',
        timestamp: '1461319769',
        nonce: 'ik3oT5',
        version: '1.0',
        realm: 'Photos',
        in: 'header',
        includeBodyHash: true,
        addEmptyParamsToSign: true,
        disableHeaderEncoding: true,
      },
    ]);
  });

  test('export: the same blocks back', () => {
    const out = exportPostman(collection, source, undefined, {}).collection;
    const requests = out.item.flatMap((i) => i.item ?? [i]).map((i) => i.request);
    const auths = requests.map((r) => (typeof r === 'object' ? r.auth : undefined));
    expect(auths.map((a) => a?.type)).toEqual(['digest', 'oauth1']);
    expect(values(auths[0])).toEqual(stringify(DIGEST));
    expect(values(auths[1])).toEqual(stringify(OAUTH1));
  });

  test("Postman's defaults: MD5 when the block names no algorithm, no oauth_version when it has none, parameters in the request unless addParamsToHeader", () => {
    const bare = importPostman(
      collectionWith([
        block('digest', { username: 'u', password: 'p' }),
        block('oauth1', { consumerKey: 'k', consumerSecret: 's' }),
      ]),
      'bare.json',
    );
    const profiles = Object.values(parseCollection('bare.yaml', bare.yaml).collection.auth);
    expect(profiles[0]).toMatchObject({ type: 'digest', algorithm: 'MD5' });
    expect(profiles[1]).toMatchObject({
      type: 'oauth1',
      signatureMethod: 'HMAC-SHA1',
      version: '',
      in: 'query',
    });
  });

  test('a method or algorithm gatecheck cannot sign with is one warning, and the request goes without auth', () => {
    const odd = importPostman(
      collectionWith([
        block('digest', { username: 'u', password: 'p', algorithm: 'SHA-1' }),
        block('oauth1', { consumerKey: 'k', consumerSecret: 's', signatureMethod: 'HMAC-MD5' }),
        block('oauth1', { consumerKey: 'k', consumerSecret: 's', signatureMethod: 'HMAC-MD5' }),
      ]),
      'odd.json',
    );
    expect(odd.warnings).toHaveLength(2);
    expect(odd.warnings.join('\n')).toMatch(/digest algorithm SHA-1 is not supported/);
    expect(odd.warnings.join('\n')).toMatch(/OAuth 1.0 signature method HMAC-MD5 is not supported/);
    const steps = parseCollection('odd.yaml', odd.yaml).collection.scenarios.flatMap((s) => s.steps);
    expect(steps.map((s) => (s.kind === 'request' ? s.auth : undefined))).toEqual(['none', 'none', 'none']);
  });

  test('export warns about literal secrets of digest and oauth1 profiles', () => {
    const literal = parseCollection(
      'lit.yaml',
      [
        'name: lit',
        'auth:',
        '  d: { type: digest, username: u, password: hunter22 }',
        '  o: { type: oauth1, consumerKey: k, consumerSecret: "{{cs}}", tokenSecret: literal-ts }',
        'scenarios:',
        '  - { name: a, auth: d, request: { method: GET, url: "https://x.example/" } }',
        '  - { name: b, auth: o, request: { method: GET, url: "https://x.example/" } }',
      ].join('\n'),
    );
    const { warnings } = exportPostman(literal.collection, literal.source, undefined, {});
    expect(warnings.filter((w) => /literal credential/.test(w))).toEqual([
      expect.stringMatching(/lit\.yaml:3:\d+: .*profile "d"/),
      expect.stringMatching(/lit\.yaml:4:\d+: .*profile "o"/),
    ]);
  });
});
