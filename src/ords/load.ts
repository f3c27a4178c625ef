/**
 * What `serve --config`, `matrix` and `ords audit --script` accept: an ORDS
 * security script (.sql), a directory of them (read in name order, as one
 * script), or a simulator YAML config; plus an optional users file
 *   config_user_add:
 *     - { user: hr_admin, password: demo-password, roles: [HR Administrator] }
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadSimConfigFile } from '../sim/config.js';
import type { SimModel, User } from '../sim/model.js';
import { SourceDocument } from '../source/document.js';
import { InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import type { Warning } from './reader.js';
import { modelFromScripts, type ScriptFile } from './to-model.js';

export interface LoadedSecurity {
  model: SimModel;
  /** 'script' when read from PL/SQL. */
  source: 'script' | 'yaml';
  warnings: Warning[];
  demoCredentials: string[];
  grantedRoles: { client: string; role: string }[];
}

const SCRIPT = /\.(sql|pls|plsql|pks|pkb)$/i;

export function isScriptPath(path: string): boolean {
  if (SCRIPT.test(path)) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function loadSecurity(path: string, usersFile?: string): LoadedSecurity {
  const users = usersFile ? loadUsers(usersFile) : [];
  if (!isScriptPath(path)) {
    const model = loadSimConfigFile(path);
    for (const u of users) model.users.set(u.name, u);
    const grantedRoles = [...model.clients.values()].flatMap((c) =>
      [...c.roles].map((role) => ({ client: c.name, role })),
    );
    return { model, source: 'yaml', warnings: [], demoCredentials: [], grantedRoles };
  }
  const read = modelFromScripts(scriptFiles(path), users);
  return { ...read, source: 'script' };
}

function scriptFiles(path: string): ScriptFile[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // readUserFile below names the problem
  }
  if (!isDir) return [{ file: path, text: readUserFile(path, 'ORDS security script') }];
  const names = readdirSync(path)
    .filter((n) => SCRIPT.test(n))
    .sort();
  if (names.length === 0) throw new InputError('no .sql files in this directory', { file: path });
  return names.map((n) => ({
    file: join(path, n),
    text: readUserFile(join(path, n), 'ORDS security script'),
  }));
}

/** First-party users: `config_user_add` entries, as in the simulator's YAML. */
export function loadUsers(file: string): User[] {
  const doc = SourceDocument.parse(file, readUserFile(file, 'users file'));
  const data = doc.toJS() as { config_user_add?: unknown } | null;
  const list = data?.config_user_add;
  if (!Array.isArray(list))
    throw doc.errorAt([], 'expected config_user_add: a list of { user, password, roles }');
  return list.map((u: unknown, i) => {
    const entry = u as { user?: unknown; password?: unknown; roles?: unknown };
    if (typeof entry?.user !== 'string')
      throw doc.errorAt(['config_user_add', i], 'each user needs user: <name>');
    if (typeof entry.password !== 'string')
      throw doc.errorAt(['config_user_add', i], `user "${entry.user}" needs password: <text>`);
    const roles = entry.roles ?? [];
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))
      throw doc.errorAt(['config_user_add', i, 'roles'], 'roles must be a list of role names');
    return { name: entry.user, password: entry.password, roles: new Set(roles as string[]) };
  });
}

export function formatWarning(w: Warning): string {
  return `gatecheck: warning: ${w.file}:${w.line}:${w.col}: ${w.message}\n`;
}
