/** curl in and out: the parser, the collection it makes, and formatCurl's commands read back. */
import { parse } from 'yaml';
import { formatCurl } from '../../src/curl/format.js';
import { parseCurlScript } from '../../src/curl/parse.js';
import { curlToCollection } from '../../src/curl/to-collection.js';

const one = (text: string) => {
  const script = parseCurlScript(text, 'x.sh');
  expect(script.commands).toHaveLength(1);
  return script.commands[0]!;
};

describe('parseCurlScript', () => {
  test('continuations, comments, quoting and shell variables', () => {
    const c = one(`# a comment
curl -i -X PUT \\
  -H 'X-Literal: $NOT' -H "X-Var: \${TOKEN}" \\
  "$URL/a b"   # 204 no content`);
    expect(c).toMatchObject({
      line: 2,
      method: 'PUT',
      url: '{{URL}}/a b',
      headers: [
        ['X-Literal', '$NOT'],
        ['X-Var', '{{TOKEN}}'],
      ],
      comment: '204 no content',
    });
  });

  test('-d pieces join with & as a form; -G moves them to the query; --data-urlencode escapes like curl', () => {
    expect(one(`curl -d a=1 -d 'b=2 3' http://h/x`).body).toEqual({ text: 'a=1&b=2 3', kind: 'form' });
    const get = one(`curl -G -d a=1 --data-urlencode "q=it's (ok)" http://h/x`);
    expect(get).toMatchObject({ method: 'GET', url: 'http://h/x?a=1&q=it%27s%20%28ok%29' });
    expect(get.body).toBeUndefined();
  });

  test('--json sets the body and both JSON headers; -F builds multipart; -u and -L and -k', () => {
    const j = one(`curl --json '{"a":1}' h/x`);
    expect(j).toMatchObject({ method: 'POST', url: 'http://h/x', body: { text: '{"a":1}', kind: 'json' } });
    expect(j.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ]);
    const f = one(`curl -F name=value -u u:p -L -k http://h/x`);
    expect(f.body?.text).toContain('Content-Disposition: form-data; name="name"\r\n\r\nvalue\r\n');
    expect(f).toMatchObject({ user: { name: 'u', password: 'p' }, followRedirects: true, insecure: true });
  });

  test('what cannot be translated exactly is skipped with a warning naming the line', () => {
    const script = parseCurlScript(
      `curl -F f=@file http://h/a\ncurl --compressed http://h/b\ncurl -u onlyuser http://h/c\necho hi\ncurl http://h/ok`,
      'x.sh',
    );
    expect(script.commands.map((c) => c.url)).toEqual(['http://h/ok']);
    expect(script.warnings).toEqual([
      'x.sh:1: -F f=@file uploads a file; command skipped',
      'x.sh:2: flag --compressed is not supported; command skipped',
      'x.sh:3: -u onlyuser has no password (curl would prompt for it); command skipped',
      'x.sh:4: not a curl command (echo), skipped',
    ]);
  });
});

describe('curlToCollection', () => {
  test('a token request becomes an oauth2 profile that Bearer calls use; the header goes', () => {
    const script = parseCurlScript(
      `URL=http://127.0.0.1:8787
TOKEN=$(curl -s -u "id..:sec.." -d grant_type=client_credentials $URL/oauth/token | jq -r .access_token)
curl -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' $URL/hello  # 200
curl -H "Authorization: Bearer $OTHER" $URL/hello  # 401`,
      'x.sh',
    );
    const doc = parse(curlToCollection(script, 'x').yaml) as {
      variables: Record<string, string>;
      auth: Record<string, Record<string, string>>;
      scenarios: {
        auth?: string;
        request: { headers?: Record<string, string> };
        expect?: { status: number };
      }[];
    };
    expect(doc.variables).toEqual({ URL: 'http://127.0.0.1:8787' });
    expect(Object.values(doc.auth)).toEqual([
      {
        type: 'oauth2',
        grant: 'client_credentials',
        tokenUrl: '{{URL}}/oauth/token',
        clientId: 'id..',
        clientSecret: 'sec..',
      },
    ]);
    expect(doc.scenarios[0]).toMatchObject({
      auth: Object.keys(doc.auth)[0],
      request: { headers: { Accept: 'application/json' } },
      expect: { status: 200 },
    });
    expect(doc.scenarios[1]?.auth).toBeUndefined();
    expect(doc.scenarios[1]?.request.headers).toEqual({ Authorization: 'Bearer {{OTHER}}' });
  });

  test('a form body becomes form: only when the runner would send the same bytes', () => {
    const yaml = (cmd: string) =>
      parse(curlToCollection(parseCurlScript(cmd, 'x.sh'), 'x').yaml) as {
        scenarios: { request: Record<string, unknown> }[];
      };
    expect(yaml('curl -d a=1 -d b=2 http://h/x').scenarios[0]?.request).toMatchObject({
      form: { a: '1', b: '2' },
    });
    // A repeated name is a list when the runner sends it back in the same order.
    expect(yaml('curl -d tag=a -d tag=b -d q=1 http://h/x').scenarios[0]?.request).toMatchObject({
      form: { tag: ['a', 'b'], q: '1' },
    });
    expect(yaml('curl -d tag=a -d q=1 -d tag=b http://h/x').scenarios[0]?.request).toMatchObject({
      body: 'tag=a&q=1&tag=b',
    });
    expect(yaml(`curl -d 'a=x y' http://h/x`).scenarios[0]?.request).toMatchObject({
      body: 'a=x y',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  });
});

describe('formatCurl', () => {
  test('prints a command that reads back as the same request, secrets masked before quoting', () => {
    const request = {
      method: 'PUT',
      url: "http://h/x?q=it's",
      headers: { authorization: "Bearer s3cr'et", 'content-type': 'application/json' },
      body: `{"a":"it's"}`,
    };
    const back = one(formatCurl(request));
    expect(back).toMatchObject({ method: 'PUT', url: request.url, body: { text: request.body } });
    expect(back.headers).toEqual([
      ['authorization', "Bearer s3cr'et"],
      ['content-type', 'application/json'],
    ]);
    const masked = formatCurl(request, { mask: (t) => t.replace("s3cr'et", '*****') });
    expect(masked).not.toContain('s3cr');
    expect(masked).toContain(`-H 'authorization: Bearer *****'`);
  });
});
