/**
 * Collection files (YAML, version 1) -> a validated Collection. Checks the JSON
 * Schema first, then what a schema cannot say: auth profiles that exist, one body
 * kind per request, regexes and JSONPaths that parse, unique scenario names.
 * Every problem is an InputError at its file, line and column; all are reported.
 * Steps are built in step.ts, auth profiles in auth-profile.ts.
 */
import { dirname } from 'node:path';
import type { AuthProfile, Collection, Scenario, Step } from '../model/collection.js';
import type { DataPath, SourceDocument } from '../source/document.js';
import { InputErrors, type InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import { didYouMean } from '../source/did-you-mean.js';
import { lazySchema, parseValidated } from '../source/schema-check.js';
import { toProfile } from './auth-profile.js';
import { scriptsOf, stringify, type RawCollection, type RawStep } from './raw.js';
import { buildStep } from './step.js';
import { packageFile } from '../package-files.js';

const schema = lazySchema(packageFile('schema/collection.schema.json'));

/** A loaded collection and the document it came from, for positions in later errors. */
export interface LoadedCollection {
  collection: Collection;
  source: SourceDocument;
}

export function loadCollectionFile(file: string): LoadedCollection {
  return parseCollection(file, readUserFile(file, 'collection'));
}

export function parseCollection(file: string, text: string): LoadedCollection {
  const { source, data } = parseValidated(file, text, schema);
  const errors: InputError[] = [];
  const collection = build(file, data as RawCollection, source, errors);
  if (errors.length > 0) throw new InputErrors(errors);
  return { collection, source };
}

function build(file: string, raw: RawCollection, source: SourceDocument, errors: InputError[]): Collection {
  const fail = (path: DataPath, message: string, part: 'key' | 'value' = 'value') =>
    errors.push(source.errorAt(path, message, part));
  const profiles = Object.keys(raw.auth ?? {});
  const checkAuth = (name: string | undefined, path: DataPath) => {
    if (name !== undefined && name !== 'none' && !profiles.includes(name)) {
      fail(path, `unknown auth profile "${name}"${didYouMean(name, [...profiles, 'none'])}`);
    }
  };

  const postman = raw.mode === 'postman';
  if (!postman && raw.scripts)
    fail(['scripts'], 'scripts run only in a Postman-mode collection (mode: postman)', 'key');
  const scenarios: Scenario[] = [];
  const names = new Map<string, number>();
  raw.scenarios.forEach((s, i) => {
    const path = ['scenarios', i];
    const seen = names.get(s.name);
    if (seen !== undefined)
      fail([...path, 'name'], `duplicate scenario name "${s.name}" (also scenario ${seen + 1})`);
    names.set(s.name, i);
    checkAuth(s.auth, [...path, 'auth']);

    const shorthand = s.request !== undefined || s.wait !== undefined;
    if (s.steps && shorthand) {
      fail(
        [...path, s.request ? 'request' : 'wait'],
        'a scenario has either steps or a one-step request, not both',
        'key',
      );
    } else if (!s.steps && !shorthand) {
      fail(path, `scenario "${s.name}" needs steps, or a request (the one-step shorthand)`);
    }
    const rawSteps: [RawStep, DataPath][] = s.steps
      ? s.steps.map((step, j) => [step, [...path, 'steps', j]])
      : [
          [
            {
              request: s.request,
              expect: s.expect,
              capture: s.capture,
              scripts: s.scripts,
              checkNames: s.checkNames,
              id: s.id,
              description: s.description,
              wait: s.wait,
              secured: s.secured,
              deny: s.deny,
              allow: s.allow,
            },
            path,
          ],
        ];
    const steps = rawSteps.map(([step, stepPath]) =>
      buildStep(step, stepPath, fail, checkAuth, raw.baseUrl !== undefined, postman, dirname(file)),
    );
    rawSteps.forEach(([step, stepPath]) => {
      const [profile, profilePath] =
        step.auth !== undefined ? [step.auth, [...stepPath, 'auth']] : [s.auth, [...path, 'auth']];
      if (step.expect?.token && (!profile || raw.auth?.[profile]?.type !== 'oauth2'))
        fail(
          [...stepPath, 'expect', 'token'],
          'expect.token checks the token response of an oauth2 profile; this step has none',
          'key',
        );
      if (profile === undefined || profile === 'none' || !step.request) return;
      // The header the profile's credential goes in: an apiKey's own, else Authorization.
      const p = raw.auth?.[profile];
      const credential = p?.type === 'apiKey' && p.in !== 'query' ? (p.name ?? '') : 'Authorization';
      const own = authorizationKey(step.request.headers, credential);
      const inDefaults = authorizationKey(raw.defaults?.headers, credential);
      const headerPath = own
        ? [...stepPath, 'request', 'headers', own]
        : inDefaults
          ? ['defaults', 'headers', inDefaults]
          : undefined;
      if (!headerPath) return;
      const at = source.positionOf(profilePath, 'value');
      fail(
        headerPath,
        `an explicit ${credential} header and auth profile "${profile}" (${file}:${at.line}:${at.col}) both set credentials: remove one (with auth: none the header is sent as written)`,
        'key',
      );
    });
    scenarios.push({ name: s.name, auth: s.auth, steps: steps.filter((x): x is Step => !!x), path });
  });

  const auth: Record<string, AuthProfile> = {};
  for (const [name, p] of Object.entries(raw.auth ?? {})) auth[name] = toProfile(p);

  return {
    file,
    name: raw.name,
    mode: postman ? 'postman' : 'scenarios',
    scripts: scriptsOf(raw.scripts),
    baseUrl: raw.baseUrl,
    variables: stringify(raw.variables),
    auth,
    defaults: { headers: raw.defaults?.headers ?? {}, timeoutMs: raw.defaults?.timeoutMs },
    security: { refusedStatus: [raw.security?.refusedStatus ?? 401].flat() },
    scenarios,
  };
}

/** The key of an Authorization (or other credential) header, in whatever case it was written. */
function authorizationKey(
  headers: Record<string, string> | undefined,
  name = 'Authorization',
): string | undefined {
  return Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
}
