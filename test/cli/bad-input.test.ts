/**
 * The bad-input corpus (test/fixtures/bad/): each file, and each bad flag, exits 2
 * with exactly one line naming file:line:col or the flag. Never a stack trace, and
 * nothing is sent.
 */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const BAD = 'test/fixtures/bad';

describe('bad collection files', () => {
  test.each([
    [
      'malformed-yaml.yaml',
      '4:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    ],
    ['wrong-type.yaml', '4:44: "scenarios.0.request.timeoutMs" must be an integer'],
    ['unknown-key.yaml', '4:33: unknown key "hedaers" (did you mean "headers"?)'],
    ['duplicate-names.yaml', '4:13: duplicate scenario name "same" (also scenario 1)'],
    [
      'unresolved-variable.yaml',
      '3:32: unresolved variable {{nowhere}}; set it in the environment file (-e), with --var, in the process environment or .env, or under variables',
    ],
    ['cyclic-variables.yaml', '4:32: variables refer to each other in a cycle: {{a}} → {{b}} → {{a}}'],
    ['bad-regex.yaml', '5:32: invalid regular expression: missing closing ]: `[a-`'],
    ['bad-jsonpath.yaml', '5:23: JSONPath "$.items[0" has an unclosed ['],
    ['bad-url.yaml', '3:32: invalid URL "http://exa mple.com/x"'],
    ['relative-url-without-base.yaml', '3:32: "/x" is relative, and the collection has no baseUrl'],
    ['unknown-auth-profile.yaml', '4:22: unknown auth profile "qa-usr" (did you mean "qa-user"?)'],
    ['not-a-mapping.yaml', '1:1: the document must be an object'],
    ['empty.yaml', '1:1: the file is empty'],
  ])('%s: %s', async (file, message) => {
    for (const command of ['validate', 'run']) {
      const r = await runCli([command, `${BAD}/${file}`]);
      expect([command, r.code, r.stdout, r.stderr]).toEqual([
        command,
        2,
        '',
        `gatecheck: ${BAD}/${file}:${message}\n`,
      ]);
    }
  });
});

describe('missing and unreadable files, bad flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-bad-'));
  mkdirSync(join(dir, 'env.yaml'));
  test.each([
    [['run', 'missing.yaml'], 'missing.yaml: cannot read collection: no such file'],
    [
      ['run', 'collections/unsecured.yaml', '-e', join(dir, 'env.yaml')],
      `${join(dir, 'env.yaml')}: cannot read environment: is a directory`,
    ],
    [
      ['run', 'collections/unsecured.yaml', '--env-file', 'missing.env'],
      'missing.env: cannot read env file: no such file',
    ],
    [
      ['run', 'collections/unsecured.yaml', '--concurency', '4'],
      '--concurency: unknown option for "gatecheck run" (did you mean "--concurrency"?)',
    ],
    [
      ['run', 'collections/unsecured.yaml', '--timeout', '-1'],
      '--timeout: its value starts with "-"; write --timeout=<value>',
    ],
    [['run', 'collections/unsecured.yaml', '--var', 'novalue'], '--var: expected name=value, got "novalue"'],
    [
      ['run', 'collections/unsecured.yaml', '--grep', '('],
      '--grep: invalid regular expression: Invalid regular expression: /(/i: Unterminated group',
    ],
    [
      ['run', 'collections/unsecured.yaml', '--max-body', 'lots'],
      '--max-body: expected a size such as 10mb, 512kb or 2048, got "lots"',
    ],
    [
      ['run', 'collections/unsecured.yaml', '--cacert', 'missing.pem'],
      '--cacert: cannot read missing.pem: ENOENT',
    ],
    [
      ['run', 'collections/unsecured.yaml', '--iterations', '0'],
      '--iterations: must be a whole number from 1 to 1000000, got "0"',
    ],
  ])('%j', async (argv, message) => {
    const r = await runCli(argv);
    expect([r.code, r.stderr]).toEqual([2, `gatecheck: ${message}\n`]);
  });
});
