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
