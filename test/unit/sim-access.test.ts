import { patternMatches, protectingPrivilege } from '../../src/sim/access.js';
import type { Privilege } from '../../src/sim/model.js';

const priv = (name: string, ...patterns: string[]): Privilege => ({ name, roles: new Set(), patterns });

describe('patternMatches', () => {
  test.each([
    ['/x/*', '/x/', true],
    ['/x/*', '/x/a/b', true],
    ['/x/*', '/x', false],
    ['/x', '/x', true],
    ['/x', '/x/', false],
    ['/*', '/anything/at/all', true],
    ['/a/*/c', '/a/b/c', true],
    ['/a/*/c', '/a/b/d', false],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(patternMatches(pattern, path)).toBe(expected);
  });
});

describe('protectingPrivilege', () => {
  const all = priv('all', '/*');
  const module = priv('module', '/emp/*');
  const exact = priv('exact', '/emp/salaries');

  test('no covering privilege means public', () => {
    expect(protectingPrivilege([module, exact], '/public/items')).toBeUndefined();
  });

  test('the most specific pattern wins, whatever the order', () => {
    for (const order of [
      [all, module, exact],
      [exact, module, all],
      [module, all, exact],
    ]) {
      expect(protectingPrivilege(order, '/emp/salaries')?.name).toBe('exact');
      expect(protectingPrivilege(order, '/emp/list')?.name).toBe('module');
      expect(protectingPrivilege(order, '/other')?.name).toBe('all');
    }
  });

  test('an exact pattern beats a wildcard with the same literal part', () => {
    expect(protectingPrivilege([priv('wild', '/a/b*'), priv('exact', '/a/b')], '/a/b')?.name).toBe('exact');
  });
});
