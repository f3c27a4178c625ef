/** Simulator config errors: one line each, with file, line and column. */
import { loadDefaultSimConfig, parseSimConfig } from '../../src/sim/config.js';
import { InputError, InputErrors } from '../../src/source/errors.js';

function errorsOf(yaml: string): string[] {
  try {
    parseSimConfig('sim.yaml', yaml);
  } catch (e) {
    if (e instanceof InputErrors) return e.errors.map((x) => x.format());
    if (e instanceof InputError) return [e.format()];
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

describe('simulator config', () => {
  test('the built-in config models the seed articles', () => {
    const model = loadDefaultSimConfig();
    expect(model.alias).toBe('myapi');
    expect(model.settings.tokenLifetime).toBe(3600);
    const myapi = model.clients.get('Te8yn-qGmBoX6jzpPhnUXA..');
    expect(myapi).toMatchObject({ name: 'myapi_client', clientSecret: '7KZWVPkkzNZ_gpcS0l-YFw..' });
    expect([...(myapi?.roles ?? [])]).toEqual(['MYAPI_ROLE']);
    expect(model.privileges.find((p) => p.name === 'license_priv')?.patterns).toEqual(['/customers/*']);
    expect(model.privileges.find((p) => p.name === 'MYAPI_PRIV')?.patterns).toEqual(['/myapi/*']);
    expect([...model.clients.values()].map((c) => c.name)).toEqual(
      expect.arrayContaining(['myapi_client', 'license_backend_client', 'norole_client']),
    );
    expect(model.users.get('qa_user')).toMatchObject({
      password: 'qa_password',
      roles: new Set(['MYAPI_ROLE']),
    });
  });

  test('a misspelt key names its line and column and suggests the right one', () => {
    const yaml =
      'enable_schema: { url_mapping_pattern: hr }\ncreate_client:\n  - name: a\n    grant_typ: client_credentials\n';
    expect(errorsOf(yaml)).toContain('sim.yaml:4:5: unknown key "grant_typ" (did you mean "grant_type"?)');
  });

  test('a missing required key points at the map that lacks it', () => {
    expect(
      errorsOf(
        'enable_schema: { url_mapping_pattern: hr }\ncreate_role: [a]\ncreate_privilege:\n  - name: p\n',
      ),
    ).toEqual(['sim.yaml:4:5: "create_privilege.0" is missing required key "roles"']);
  });

  test('a wrong type and a bad enum value', () => {
    const yaml =
      'enable_schema: { url_mapping_pattern: hr }\nsettings:\n  token_lifetime: soon\n  error_format: jsn\n';
    expect(errorsOf(yaml)).toEqual([
      'sim.yaml:3:19: "settings.token_lifetime" must be an integer',
      'sim.yaml:4:17: "settings.error_format" must be one of "json", "html", "auto" (did you mean "json"?)',
    ]);
  });

  test('names that refer to nothing are errors at their use', () => {
    const yaml = [
      'enable_schema: { url_mapping_pattern: hr }',
      'create_role: [MYAPI_ROLE]',
      'create_privilege:',
      '  - { name: p, roles: [MYAPI_ROL], modules: [nomodule] }',
      'create_privilege_mapping:',
      '  - { privilege_name: q, patterns: [/x/*] }',
      'grant_client_role:',
      '  - { client_name: ghost, role_name: MYAPI_ROLE }',
    ].join('\n');
    expect(errorsOf(yaml)).toEqual([
      'sim.yaml:4:24: unknown role "MYAPI_ROL" (did you mean "MYAPI_ROLE"?); declare it under create_role',
      'sim.yaml:4:46: unknown module "nomodule"',
      'sim.yaml:6:23: unknown privilege "q" (did you mean "p"?)',
      'sim.yaml:8:20: unknown client "ghost"',
    ]);
  });

  test('a YAML syntax error has its position', () => {
    expect(errorsOf('enable_schema: { url_mapping_pattern: hr\ncreate_role: [a]\n')[0]).toMatch(
      /^sim\.yaml:\d+:\d+: invalid YAML: /,
    );
  });

  test('a duplicate key is an error', () => {
    expect(
      errorsOf('enable_schema: { url_mapping_pattern: hr }\ncreate_role: [a]\ncreate_role: [b]\n')[0],
    ).toMatch(/^sim\.yaml:3:1: invalid YAML: Map keys must be unique/);
  });
});
