/**
 * The role and privilege procedures applied to the draft, and the privileges the
 * simulator enforces from it: a privilege's patterns plus each protected module's
 * base path.
 */
import type { Privilege } from '../sim/model.js';
import type { ApplyCall, Draft } from './draft.js';
import type { Call } from './call-syntax.js';

export const PRIVILEGE_CALLS = {
  create_role: (draft, a) => void draft.roles.add(a.need('p_role_name')),
  delete_role: (draft, a) => void draft.roles.delete(a.need('p_role_name')),
  create_privilege: (draft, a) => {
    const role = a.str('p_role_name');
    const roles = a.list('p_roles') ?? (role !== undefined ? [role] : []);
    definePrivilege(
      draft,
      a.call,
      a.need('p_name'),
      roles,
      a.list('p_patterns') ?? [],
      a.list('p_modules') ?? [],
    );
  },
  define_privilege: (draft, a) => {
    definePrivilege(
      draft,
      a.call,
      a.need('p_privilege_name'),
      a.list('p_roles') ?? [],
      a.list('p_patterns') ?? [],
      a.list('p_modules') ?? [],
    );
  },
  delete_privilege: (draft, a) => {
    draft.privilege(a.call, a.need('p_name'));
    draft.privileges.delete(a.need('p_name'));
  },
  create_privilege_mapping: (draft, a) => {
    const privilege = draft.privilege(a.call, a.need('p_privilege_name'));
    privilege.patterns.push(...(a.list('p_patterns') ?? [a.need('p_pattern')]));
  },
  delete_privilege_mapping: (draft, a) => {
    const privilege = draft.privilege(a.call, a.need('p_privilege_name'));
    const gone = new Set(a.list('p_patterns') ?? [a.need('p_pattern')]);
    privilege.patterns = privilege.patterns.filter((p) => !gone.has(p));
  },
  set_module_privilege: (draft, a) => {
    const module = draft.module(a.call, a.need('p_module_name'));
    // A module is protected by at most one privilege: setting one moves it.
    for (const p of draft.privileges.values()) p.modules = p.modules.filter((m) => m !== module.name);
    const privilegeName = a.str('p_privilege_name');
    if (privilegeName !== undefined) draft.privilege(a.call, privilegeName).modules.push(module.name);
  },
} satisfies Record<string, ApplyCall>;

export function privilegesOf(draft: Draft): Privilege[] {
  return [...draft.privileges.values()].map((p) => ({
    name: p.name,
    roles: new Set(p.roles),
    patterns: [
      ...p.patterns,
      ...p.modules.flatMap((name) => {
        const module = draft.modules.get(name);
        return module ? [`${module.basePath}*`] : [];
      }),
    ],
  }));
}

function definePrivilege(
  draft: Draft,
  call: Call,
  name: string,
  roles: string[],
  patterns: string[],
  modules: string[],
): void {
  for (const role of roles) draft.checkRole(call, role);
  for (const m of modules) draft.module(call, m);
  // DEFINE_PRIVILEGE replaces what the privilege had: its roles, patterns and modules.
  for (const p of draft.privileges.values()) p.modules = p.modules.filter((m) => !modules.includes(m));
  draft.privileges.set(name, { name, roles: new Set(roles), patterns: [...patterns], modules: [...modules] });
}
