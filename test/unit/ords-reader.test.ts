/** Reading ORDS security scripts: the PL/SQL forms real scripts use, and what is refused. */
import { readFileSync } from 'node:fs';
import { printedJson } from '../../src/ords/handler-body.js';
import { readScript } from '../../src/ords/reader.js';
import { modelFromScripts } from '../../src/ords/to-model.js';
import { protectingPrivilege } from '../../src/sim/access.js';
import { InputError } from '../../src/source/errors.js';

const model = (text: string) => modelFromScripts([{ file: 's.sql', text }]);
const ENABLE = "BEGIN ORDS.ENABLE_SCHEMA(p_schema => 'HR', p_url_mapping_pattern => 'hr'); END;\n/\n";

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.format();
    throw e;
  }
  throw new Error('expected an input error');
}

describe('ORDS script reader', () => {
  test('named and positional arguments, any case, several blocks, comments and / terminators', () => {
    const { calls, warnings } = readScript(
      's.sql',
      `-- a comment
begin
  ords.create_role(p_role_name => 'A');  /* inline */
  ORDS.Create_Role('B');
  commit;
end;
/
EXEC oauth.grant_client_role('c', 'A')
`,
    );
    expect(warnings).toEqual([]);
    expect(calls.map((c) => [c.name.join('.'), c.args.map((a) => [a.name, a.value])])).toEqual([
      ['ords.create_role', [['p_role_name', { kind: 'string', value: 'A' }]]],
      ['ords.create_role', [[undefined, { kind: 'string', value: 'B' }]]],
      [
        'oauth.grant_client_role',
        [
          [undefined, { kind: 'string', value: 'c' }],
          [undefined, { kind: 'string', value: 'A' }],
        ],
      ],
    ]);
  });

  test("q'[…]', q'!…!' and doubled quotes are read as ORDS stores them", () => {
    const { calls } = readScript(
      's.sql',
      "BEGIN x.y(q'[it's [here]]', q'!a'b!', 'it''s', 'a' || 'b'); END;\n/\n",
    );
    expect(calls[0]!.args.map((a) => (a.value as { value: string }).value)).toEqual([
      "it's [here]",
      "a'b",
      "it's",
      'ab',
    ]);
  });

  test('OWA.VC_ARR variables filled element by element become DEFINE_PRIVILEGE lists', () => {
    const m = model(`${ENABLE}
BEGIN ORDS.DEFINE_MODULE('m', '/m/'); ORDS.CREATE_ROLE('r1'); ORDS.CREATE_ROLE('r2'); END;
/
DECLARE
  l_roles    OWA.VC_ARR;
  l_patterns owa.vc_arr;
  l_modules  OWA.VC_ARR;
BEGIN
  l_roles(2) := 'r2';
  l_roles(1) := 'r1';
  l_patterns(1) := '/x/*';
  l_modules(1) := 'm';
  ORDS.DEFINE_PRIVILEGE(p_privilege_name => 'p', p_roles => l_roles, p_patterns => l_patterns, p_modules => l_modules);
END;
/
`).model;
    expect(m.privileges.map((p) => [p.name, [...p.roles], p.patterns])).toEqual([
      ['p', ['r1', 'r2'], ['/x/*', '/m/*']],
    ]);
  });

  test('an unsupported statement is a warning at its line and column, never dropped silently', () => {
    const r = model(`${ENABLE}CREATE TABLE t (id number);
BEGIN
  ORDS.CREATE_ROLE('r');
  apex_util.set_security_group_id(1);
END;
/
`);
    expect(r.warnings.map((w) => `${w.file}:${w.line}:${w.col}: ${w.message}`)).toEqual([
      's.sql:3:1: SQL statement "CREATE TABLE t" is not an ORDS security call; skipped',
      's.sql:6:3: APEX_UTIL.SET_SECURITY_GROUP_ID is not an ORDS security procedure gatecheck models; skipped',
    ]);
  });

  test('SQL*Plus lines without ";" do not swallow the block after them', () => {
    const r = model(`${ENABLE}CONNECT hr/hr@db
@other.sql
BEGIN ORDS.CREATE_ROLE('r'); END;
/
`);
    expect(r.warnings.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([
      '3:1: SQL*Plus command CONNECT is not an ORDS security call; skipped',
      '4:1: a script run from this one (@file) is not followed: pass a directory of the scripts instead',
    ]);
    expect(
      readScript('s.sql', `CONNECT hr/hr@db\n@other.sql\nBEGIN ORDS.CREATE_ROLE('r'); END;\n/\n`).calls,
    ).toHaveLength(1);
  });

  test('malformed input is an input error naming file:line:col', () => {
    expect(inputError(() => model(`${ENABLE}BEGIN\n  ORDS.CREATE_ROLE('r);\nEND;\n/\n`))).toBe(
      's.sql:4:20: unterminated string literal',
    );
    expect(inputError(() => model(`${ENABLE}BEGIN\n  ORDS.CREATE_ROLE('r')\nEND;\n/\n`))).toMatch(
      /^s\.sql:5:1: unexpected "END" after the call \(a missing ";"\?\)$/,
    );
    expect(
      inputError(() => model(`${ENABLE}BEGIN ORDS.CREATE_PRIVILEGE_MAPPING('nope', '/x/*'); END;\n/\n`)),
    ).toBe('s.sql:3:7: unknown privilege "nope"');
    expect(inputError(() => model("BEGIN ORDS.CREATE_ROLE('r'); END;\n/\n"))).toBe(
      'no ORDS.ENABLE_SCHEMA call: the schema alias (p_url_mapping_pattern) is unknown',
    );
  });

  test('ORDS_ADMIN and ORDS_METADATA.OAUTH_ADMIN take the schema first; ORDS_SECURITY sets a secret', () => {
    const m = model(`${ENABLE}BEGIN
  ORDS_ADMIN.CREATE_ROLE('HR', 'r');
  ORDS_METADATA.OAUTH_ADMIN.CREATE_CLIENT('HR', 'c1', 'client_credentials');
  ORDS_METADATA.OAUTH_ADMIN.GRANT_CLIENT_ROLE('HR', 'c1', 'r');
  l_cred := ords_security.register_client(p_name => 'c2', p_grant_type => 'client_credentials',
    p_client_secret => ords_types.oauth_client_secret(p_secret => 'my-secret..'));
END;
/
`).model;
    const clients = [...m.clients.values()];
    expect(clients.map((c) => [c.name, [...c.roles]])).toEqual([
      ['c1', ['r']],
      ['c2', []],
    ]);
    expect(clients[1]!.clientSecret).toBe('my-secret..');
  });

  test('demo credentials: the same script gives the same ones, and so does an edited one', () => {
    const script = `${ENABLE}BEGIN OAUTH.CREATE_CLIENT(p_name => 'c', p_grant_type => 'client_credentials'); END;\n/\n`;
    const a = [...model(script).model.clients.values()][0]!;
    const b = [...model(`${script}-- edited\n`).model.clients.values()][0]!;
    expect(a.clientId).toMatch(/^[A-Za-z0-9_-]{22}\.\.$/);
    expect([b.clientId, b.clientSecret]).toEqual([a.clientId, a.clientSecret]);
    expect(a.clientSecret).not.toBe(a.clientId);
  });

  test('handlers: literal htp.p JSON is served, anything computed is not', () => {
    expect(printedJson(`begin htp.p('{"a":'); htp.print('1}'); end;`)).toEqual({ a: 1 });
    expect(printedJson(`begin htp.p(l_json); end;`)).toBeUndefined();
    expect(printedJson(`begin htp.p('not json'); end;`)).toBeUndefined();
  });

  test('the ORDS_EXPORT-style fixture: the most specific pattern wins, {id} becomes :id, a query serves its columns', () => {
    const text = readFileSync('test/fixtures/ords/export-hr.sql', 'utf8');
    const r = modelFromScripts([{ file: 'export-hr.sql', text }]);
    expect(r.warnings).toEqual([]);
    const m = r.model;
    expect(protectingPrivilege(m.privileges, '/api/salaries/10')?.name).toBe('hr.payroll.priv');
    expect(protectingPrivilege(m.privileges, '/api/employees/')?.name).toBe('hr.api.priv');
    expect(protectingPrivilege(m.privileges, '/public/status')).toBeUndefined();
    const api = m.modules.find((x) => x.name === 'hr.api')!;
    expect(api.templates.map((t) => t.pattern)).toEqual(['employees/', 'employees/:id', 'salaries/:dept']);
    expect(api.templates[0]!.handlers.get('GET')!.body).toEqual({
      items: [
        { employee_id: 1, first_name: 'first_name 1', last_name: 'last_name 1', sal: 1 },
        { employee_id: 2, first_name: 'first_name 2', last_name: 'last_name 2', sal: 2 },
      ],
      hasMore: false,
      limit: 10,
      offset: 0,
      count: 2,
      links: [],
    });
    expect(api.templates[1]!.handlers.get('GET')!.body).toEqual({
      id: ':id',
      first_name: 'first_name 1',
      last_name: 'last_name 1',
    });
  });
});
