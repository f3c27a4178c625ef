/**
 * Collection files (YAML, version 1) -> a validated Collection. Checks the JSON
 * Schema first, then what a schema cannot say: auth profiles that exist, one body
 * kind per request, regexes and JSONPaths that parse, unique scenario names.
 * Every problem is an InputError at its file, line and column; all are reported.
 */
import type {
  AuthProfile,
  OAuth2Grant,
  Collection,
  Expectations,
  RequestSpec,
  Scenario,
  Step,
  StepScripts,
} from '../model/collection.js';
import type { DataPath, SourceDocument } from '../source/document.js';
import { InputErrors, type InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import { didYouMean } from '../source/did-you-mean.js';
import { lazySchema, parseValidated } from '../source/schema-check.js';
import { parseDuration } from './duration.js';
import { checkExpected } from './expected.js';
import { methodProblem } from './method.js';
import { jsonPathProblem, urlProblem } from './syntax.js';

const schema = lazySchema(new URL('../../schema/collection.schema.json', import.meta.url));

type Scalar = string | number | boolean;
interface RawRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, Scalar>;
  json?: unknown;
  form?: Record<string, Scalar>;
  body?: string;
  followRedirects?: boolean;
  allowHttpRedirect?: boolean;
  disableUrlEncoding?: boolean;
  timeoutMs?: number;
}
interface RawStep {
  secured?: boolean;
  deny?: string[];
  allow?: string[];
  name?: string;
  auth?: string;
  request?: RawRequest;
  expect?: Expectations;
  capture?: Record<string, string | { path: string; secret?: boolean }>;
  scripts?: Partial<StepScripts>;
  checkNames?: Record<string, string>;
  wait?: number | string;
}
interface RawScenario extends Omit<RawStep, 'name'> {
  name: string;
  steps?: RawStep[];
}
interface RawCollection {
  name: string;
  mode?: 'scenarios' | 'postman';
  scripts?: Partial<StepScripts>;
  baseUrl?: string;
  variables?: Record<string, Scalar>;
  auth?: Record<string, RawProfile>;
  defaults?: { headers?: Record<string, string>; timeoutMs?: number };
  security?: { refusedStatus?: number | number[] };
  scenarios: RawScenario[];
}

type RawProfile = { type: AuthProfile['type'] } & Record<string, string> & {
    login?: { username: string; password: string };
    params?: Record<string, string>;
    pkce?: boolean;
  };

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
              wait: s.wait,
              secured: s.secured,
              deny: s.deny,
              allow: s.allow,
            },
            path,
          ],
        ];
    const steps = rawSteps.map(([step, stepPath]) =>
      buildStep(step, stepPath, fail, checkAuth, raw.baseUrl !== undefined, postman),
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

type Fail = (path: DataPath, message: string, part?: 'key' | 'value') => void;

function buildStep(
  s: RawStep,
  path: DataPath,
  fail: Fail,
  checkAuth: (n: string | undefined, p: DataPath) => void,
  hasBaseUrl: boolean,
  postman: boolean,
): Step | undefined {
  if (s.scripts && !postman)
    fail([...path, 'scripts'], 'scripts run only in a Postman-mode collection (mode: postman)', 'key');
  if (s.wait !== undefined) {
    for (const key of [
      'request',
      'expect',
      'capture',
      'auth',
      'secured',
      'deny',
      'allow',
      'scripts',
    ] as const) {
      if (s[key] !== undefined) fail([...path, key], `a wait step cannot have "${key}"`, 'key');
    }
    const ms = parseDuration(s.wait);
    // As --timeout: at most a day (a larger timer fires at once in Node).
    if (ms > 86_400_000) fail([...path, 'wait'], 'a wait is at most 24 hours (86400000 ms)');
    return { kind: 'wait', name: s.name, ms, path };
  }
  if (!s.request) {
    fail(path, 'a step needs a request (or wait)');
    return undefined;
  }
  checkAuth(s.auth, [...path, 'auth']);
  (s.deny ?? []).forEach((p, i) => checkAuth(p, [...path, 'deny', i]));
  (s.allow ?? []).forEach((p, i) => checkAuth(p, [...path, 'allow', i]));
  const bodies = (['json', 'form', 'body'] as const).filter((k) => s.request?.[k] !== undefined);
  if (bodies.length > 1)
    fail(
      [...path, 'request', bodies[1] ?? 'body'],
      `a request has one body: ${bodies.join(' and ')} both given`,
      'key',
    );
  // HEAD asks for GET's headers only; content on it has no defined meaning (RFC 9110 §9.3.2), so it is refused.
  if (s.request.method === 'HEAD' && bodies.length > 0)
    fail([...path, 'request', bodies[0]!], 'a HEAD request has no body', 'key');

  const expect = s.expect ?? {};
  const expectPath = [...path, 'expect'];
  for (const [name, expected] of Object.entries(expect.headers ?? {})) {
    checkExpected(expected, [...expectPath, 'headers', name], fail, true);
  }
  for (const [jsonPath, expected] of Object.entries(expect.json ?? {})) {
    const problem = jsonPathProblem(jsonPath);
    if (problem) fail([...expectPath, 'json', jsonPath], problem, 'key');
    checkExpected(expected, [...expectPath, 'json', jsonPath], fail, false);
  }
  for (const [jsonPath, expected] of Object.entries(expect.token ?? {})) {
    const problem = jsonPathProblem(jsonPath);
    if (problem) fail([...expectPath, 'token', jsonPath], problem, 'key');
    checkExpected(expected, [...expectPath, 'token', jsonPath], fail, false);
  }
  if (expect.body?.matches !== undefined)
    checkExpected({ matches: expect.body.matches }, [...expectPath, 'body', 'matches'], fail, false);

  // `name: $.path`, or `name: { path: $.path, secret: true }` for a value to mask;
  // header:Name and cookie:Name read the response's headers and cookies.
  const capture: Record<string, string> = {};
  const secretCaptures: string[] = [];
  for (const [name, spec] of Object.entries(s.capture ?? {})) {
    const capturePath = typeof spec === 'string' ? spec : spec.path;
    if (typeof spec !== 'string' && spec.secret) secretCaptures.push(name);
    capture[name] = capturePath;
    const problem = /^(header|cookie):.|^body \//.test(capturePath)
      ? captureRegexProblem(capturePath)
      : jsonPathProblem(capturePath);
    if (problem) fail([...path, 'capture', name, ...(typeof spec === 'string' ? [] : ['path'])], problem);
  }
  // In Postman mode a URL that cannot be sent fails its request at run time, as in Postman.
  const urlIssue = postman ? undefined : urlProblem(s.request.url, hasBaseUrl);
  if (urlIssue) fail([...path, 'request', 'url'], urlIssue);
  const methodIssue = s.request.method === undefined ? undefined : methodProblem(s.request.method);
  if (methodIssue) fail([...path, 'request', 'method'], methodIssue);
  // gatecheck's own requests are sent as written; Postman's encoding is Postman mode's to switch off.
  if (s.request.disableUrlEncoding !== undefined && !postman)
    fail(
      [...path, 'request', 'disableUrlEncoding'],
      'disableUrlEncoding applies to mode: postman collections',
      'key',
    );
  const r = s.request;
  const request: RequestSpec = {
    method: r.method ?? 'GET',
    url: r.url,
    headers: r.headers ?? {},
    query: stringify(r.query),
    json: r.json,
    form: r.form ? stringify(r.form) : undefined,
    body: r.body,
    // Postman follows redirects unless a request disables it.
    followRedirects: r.followRedirects ?? postman,
    ...(r.allowHttpRedirect ? { allowHttpRedirect: true } : {}),
    ...(r.disableUrlEncoding ? { disableUrlEncoding: true } : {}),
    timeoutMs: r.timeoutMs,
  };
  const deny = s.deny ?? [];
  const allow = s.allow ?? [];
  const secured = s.secured ?? (deny.length > 0 || allow.length > 0);
  return {
    kind: 'request',
    name: s.name,
    auth: s.auth,
    request,
    expect,
    capture,
    secretCaptures,
    scripts: scriptsOf(s.scripts),
    checkNames: s.checkNames ?? {},
    secured,
    deny,
    allow,
    path,
  };
}

/** `header:Name /re/` and `body /re/`: the regex must compile and have a group to take. */
function captureRegexProblem(path: string): string | undefined {
  const re = / \/(.*)\/$/.exec(path)?.[1];
  if (re === undefined)
    return path.startsWith('body') ? 'body captures need a /regex/ with a group' : undefined;
  try {
    if (new RegExp(`${re}|`).exec('')!.length < 2) return `/${re}/ has no group (…) to capture`;
  } catch (e) {
    return `invalid regular expression: ${(e as Error).message}`;
  }
  return undefined;
}

/** The key of an Authorization (or other credential) header, in whatever case it was written. */
function authorizationKey(
  headers: Record<string, string> | undefined,
  name = 'Authorization',
): string | undefined {
  return Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
}

function toProfile(p: RawProfile): AuthProfile {
  switch (p.type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: p.username ?? '', password: p.password ?? '' };
    case 'bearer':
      return { type: 'bearer', token: p.token ?? '' };
    case 'apiKey':
      return {
        type: 'apiKey',
        in: p.in === 'query' ? 'query' : 'header',
        name: p.name ?? '',
        value: p.value ?? '',
      };
    case 'session':
      return {
        type: 'session',
        loginUrl: p.loginUrl ?? '',
        login: p.login ?? { username: '', password: '' },
      };
    case 'oauth2':
      return {
        type: 'oauth2',
        grant: (p.grant as OAuth2Grant | undefined) ?? 'client_credentials',
        tokenUrl: p.tokenUrl ?? '',
        clientId: p.clientId ?? '',
        clientSecret: p.clientSecret ?? '',
        clientAuth: p.clientAuth === 'body' ? 'body' : 'basic',
        scope: p.scope || undefined,
        ...(p.authUrl !== undefined ? { authUrl: p.authUrl } : {}),
        ...(p.redirectUri !== undefined ? { redirectUri: p.redirectUri } : {}),
        ...(p.login ? { login: p.login } : {}),
        ...(p.pkce ? { pkce: true } : {}),
        ...(p.audience !== undefined ? { audience: p.audience } : {}),
        ...(p.resource !== undefined ? { resource: p.resource } : {}),
        ...(p.params ? { params: p.params } : {}),
      };
  }
}

function scriptsOf(raw: Partial<StepScripts> | undefined): StepScripts {
  return { prerequest: raw?.prerequest ?? [], test: raw?.test ?? [] };
}

function stringify(values: Record<string, Scalar> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, String(v)]));
}
