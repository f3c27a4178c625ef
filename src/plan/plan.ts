/**
 * Plan a run: select scenarios, check that every `{{reference}}` resolves (a
 * capture of an earlier step counts), and gather the secret values. Pure: no
 * I/O, nothing sent. An unresolved reference is an InputError at its position.
 */
import type { AuthProfile, Collection, Scenario, Step } from '../model/collection.js';
import type { Report } from '../model/report.js';
import { SecretSet, SECRET_NAME } from '../mask/secrets.js';
import type { DataPath, SourceDocument } from '../source/document.js';
import { InputError, InputErrors } from '../source/errors.js';
import { didYouMean } from '../source/did-you-mean.js';
import { eachString, interpolate, referencesIn } from './template.js';
import { dataText, type DataRow, type DataValue } from './data.js';
import { expandInstances, selectShard, type InstanceList, type Shard } from './instances.js';
import type { Variables } from './variables.js';

export interface PlanOptions {
  grep?: string;
  /** Exact scenario names (newman's --folder); a name no scenario has is an input error. */
  folders?: string[];
  /** Run every scenario this many times (default 1). */
  iterations?: number;
  /** Run every scenario once per row, with the row's columns as variables. */
  data?: DataRow[];
  shard?: Shard;
  /** A previous JSON report: shards are balanced by its recorded durations. */
  timings?: Report;
}

export interface RunPlan {
  collection: Collection;
  /** Selected scenarios, in file order. */
  scenarios: Scenario[];
  /** What runs: scenarios × iterations × data rows, this shard's part. */
  instances: InstanceList;
  variables: Variables;
  secrets: SecretSet;
}

export function planRun(
  collection: Collection,
  source: SourceDocument,
  variables: Variables,
  options: PlanOptions = {},
): RunPlan {
  const scenarios = selectFolders(select(collection.scenarios, options.grep), options.folders);
  const errors: InputError[] = [];
  const columns = new Set((options.data ?? []).flatMap((row) => Object.keys(row.values)));
  const known = (name: string, captured: ReadonlySet<string>) =>
    captured.has(name) || columns.has(name) || variables.find(name) !== undefined;
  // Postman mode resolves at send time as Postman does: scripts set variables, and a
  // reference that resolves nowhere is sent as written.
  const postman = collection.mode === 'postman';
  const check = (text: string, path: DataPath, captured: ReadonlySet<string> = new Set()) => {
    for (const name of postman ? [] : referencesIn(text)) {
      if (!captured.has(name) && !columns.has(name)) {
        const problem = variables.problem(name);
        if (problem) errors.push(source.errorAt(path, problem));
      }
      if (known(name, captured)) continue;
      const hint = didYouMean(name, [...variables.declaredNames(), ...captured]);
      errors.push(
        source.errorAt(
          path,
          `unresolved variable {{${name}}}${hint}; set it in the environment file (-e), with --var, in the process environment or .env, or under variables`,
        ),
      );
    }
  };

  if (collection.baseUrl !== undefined) check(collection.baseUrl, ['baseUrl']);
  eachString(collection.defaults.headers, ['defaults', 'headers'], check);
  const usedProfiles = new Set<string>();
  // A profile is checked where it is used: captures of earlier steps of the scenario count.
  const checkedProfiles = new Set<string>();
  const checkProfile = (name: string, captured: ReadonlySet<string>) => {
    const profile = collection.auth[name];
    const key = `${name}\u0000${[...captured].sort().join(',')}`;
    if (!profile || checkedProfiles.has(key)) return;
    checkedProfiles.add(key);
    eachString(profile, ['auth', name], (t, p) => check(t, p, captured));
  };
  for (const scenario of scenarios) {
    const captured = new Set<string>();
    for (const step of scenario.steps) {
      if (step.kind !== 'request') continue;
      const profile = step.auth ?? scenario.auth;
      if (profile && profile !== 'none') usedProfiles.add(profile);
      for (const name of [profile, ...step.deny, ...step.allow])
        if (name && name !== 'none') checkProfile(name, captured);
      eachString(step.request, [...step.path, 'request'], (t, p) => check(t, p, captured));
      eachString(step.expect, [...step.path, 'expect'], (t, p) => check(t, p, captured));
      for (const name of Object.keys(step.capture)) captured.add(name);
    }
  }
  // A profile used by several steps reports a problem once.
  const unique = [...new Map(errors.map((e) => [e.format(), e])).values()];
  if (unique.length > 0) throw new InputErrors(unique);

  const secrets = new SecretSet();
  for (const { name, value } of variables.declaredSecrets()) secrets.add(value, name);
  for (const name of referencedProcessSecrets(scenarios, collection, variables))
    secrets.add(variables.get(name), name);
  for (const name of usedProfiles) addProfileSecrets(name, collection.auth[name], variables, secrets);
  for (const row of options.data ?? []) {
    for (const [name, value] of Object.entries(row.values))
      if (SECRET_NAME.test(name))
        for (const text of secretTexts(value)) secrets.add(text, `${name} (data row ${row.index})`);
  }
  const all = expandInstances(scenarios, options.iterations, options.data);
  const instances = options.shard ? selectShard(all, options.shard, options.timings) : all;
  return { collection, scenarios, instances, variables, secrets };
}

function select(scenarios: Scenario[], grep: string | undefined): Scenario[] {
  if (grep === undefined) return scenarios;
  let pattern: RegExp;
  try {
    pattern = new RegExp(grep, 'i');
  } catch (e) {
    throw new InputError(`invalid regular expression: ${(e as Error).message}`, { flag: '--grep' });
  }
  return scenarios.filter((s) => pattern.test(s.name));
}

function selectFolders(scenarios: Scenario[], folders: string[] | undefined): Scenario[] {
  if (folders === undefined) return scenarios;
  const names = scenarios.map((s) => s.name);
  const missing = folders.find((f) => !names.includes(f));
  if (missing !== undefined)
    throw new InputError(`no scenario named "${missing}"${didYouMean(missing, names)}`, { flag: '--folder' });
  return scenarios.filter((s) => folders.includes(s.name));
}

/**
 * Process-environment variables named like secrets that the collection uses,
 * directly or through other variables (`authHeader: 'Bearer {{DEPLOY_TOKEN}}'`).
 */
function referencedProcessSecrets(
  scenarios: Scenario[],
  collection: Collection,
  variables: Variables,
): string[] {
  const names = new Set<string>();
  const pending: string[] = [];
  const collect = (text: string) =>
    referencesIn(text).forEach((n) => {
      if (!names.has(n)) pending.push(n);
      names.add(n);
    });
  eachString(collection.auth, [], collect);
  eachString(collection.defaults.headers, [], collect);
  if (collection.baseUrl) collect(collection.baseUrl);
  scenarios.forEach((s) => s.steps.forEach((step: Step) => eachString(step, [], collect)));
  // Follow each used variable's raw value to the variables it uses in turn.
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const raw = variables.find(name)?.value;
    if (raw?.includes('{{')) collect(raw);
  }
  return [...names].filter((n) => SECRET_NAME.test(n) && variables.find(n)?.layer === 'process');
}

function addProfileSecrets(
  name: string,
  profile: AuthProfile | undefined,
  variables: Variables,
  secrets: SecretSet,
): void {
  // A value that needs a capture is registered when it is used (src/auth/credentials.ts).
  const fill = (s: string) => {
    const out = interpolate(s, (n) => variables.get(n));
    return referencesIn(out).length > 0 ? undefined : out;
  };
  const where = (field: string) => `auth.${name}.${field}`;
  const pair = (user: string, password: string, field: string) => {
    const [u, p] = [fill(user), fill(password)];
    if (u !== undefined && p !== undefined) secrets.addBasic(u, p, where(field));
  };
  if (profile?.type === 'basic') pair(profile.username, profile.password, 'password');
  if (profile?.type === 'bearer') secrets.add(fill(profile.token), where('token'));
  if (profile?.type === 'oauth2') pair(profile.clientId, profile.clientSecret, 'clientSecret');
  if (profile?.type === 'oauth2' && profile.login)
    pair(profile.login.username, profile.login.password, 'login.password');
  if (profile?.type === 'session') pair(profile.login.username, profile.login.password, 'login.password');
  if (profile?.type === 'apiKey') secrets.add(fill(profile.value), where('value'));
}

/** A secret column's value as any output may show it: its text, and each text or number inside. */
function secretTexts(value: DataValue): string[] {
  if (value === null || typeof value !== 'object') return [dataText(value)];
  const inner = Object.values(value).flatMap(secretTexts);
  return [dataText(value), ...inner];
}
