import { SecretSet } from '../../src/mask/secrets.js';

describe('SecretSet', () => {
  test('masks a value and its URL-encoded, form-encoded, JSON-escaped and Base64 forms', () => {
    const s = new SecretSet();
    const secret = 'p@ss w/"quote"';
    s.add(secret);
    const forms = [
      secret,
      encodeURIComponent(secret),
      'p%40ss+w%2F%22quote%22',
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString('base64'),
    ];
    for (const form of forms) expect(s.mask(`before ${form} after`)).toBe('before ***** after');
  });

  test('masks the Base64 of user:password in a Basic header', () => {
    const s = new SecretSet();
    s.addBasic('qa_user', 'qa_password');
    expect(s.mask(`Authorization: Basic ${Buffer.from('qa_user:qa_password').toString('base64')}`)).toBe(
      'Authorization: Basic *****',
    );
  });

  test('a text masked before a secret was added is masked again after, short or long', () => {
    const s = new SecretSet();
    s.add('first-secret');
    const short = 'url?token=late-token-value';
    const long = `${'x'.repeat(600)} late-token-value`;
    expect(s.mask(short)).toBe(short);
    expect(s.mask(long)).toBe(long);
    s.add('late-token-value');
    expect(s.mask(short)).toBe('url?token=*****');
    expect(s.mask(long)).toBe(`${'x'.repeat(600)} *****`);
    expect(s.mask('first-secret')).toBe('*****');
  });

  test('ignores values too short to mask safely, and leaves other text alone', () => {
    const s = new SecretSet();
    s.add('abc');
    s.add('');
    expect(s.size).toBe(0);
    expect(s.mask('abc stays')).toBe('abc stays');
  });

  test('a longer secret containing a shorter one is masked whole', () => {
    const s = new SecretSet();
    s.add('token');
    s.add('token-and-more');
    expect(s.mask('x token-and-more y token z')).toBe('x ***** y ***** z');
  });
});
