/**
 * One raw step -> a model Step (a request or a wait), reporting what a schema
 * cannot catch: one body kind, known auth profiles, expectations and captures whose
 * JSONPaths and regexes parse, and a URL that can be sent.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { MultipartPart, RequestSpec, Step } from '../model/collection.js';
import type { DataPath } from '../source/document.js';
import { parseDuration } from './duration.js';
import { checkExpected, type Fail } from './expected.js';
import { formFields, scriptsOf, stringify, type RawStep } from './raw.js';
import { methodProblem } from './method.js';
import { jsonPathProblem, urlProblem } from './syntax.js';

/** Request keys only Postman mode reads, and why gatecheck's own mode does not need them. */
const POSTMAN_ONLY = {
  disableBodyPruning: ' (gatecheck sends every body it is given)',
  disableUrlEncoding: '',
  disabledSystemHeaders: '',
  bodyLanguage: '',
} as const;

export function buildStep(
  s: RawStep,
  path: DataPath,
  fail: Fail,
  checkAuth: (n: string | undefined, p: DataPath) => void,
  hasBaseUrl: boolean,
  postman: boolean,
  baseDir: string,
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
  const bodies = (['json', 'form', 'multipart', 'body'] as const).filter((k) => s.request?.[k] !== undefined);
  if (bodies.length > 1)
    fail(
      [...path, 'request', bodies[1] ?? 'body'],
      `a request has one body: ${bodies.join(' and ')} both given`,
      'key',
    );
  // HEAD asks for GET's headers only; content on it has no defined meaning (RFC 9110 §9.3.2), so it is refused.
  // Postman mode keeps it for scripts to see and leaves it out when sending, as postman-runtime does.
  if (s.request.method === 'HEAD' && bodies.length > 0 && !postman && !s.request.disableBodyPruning)
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
  // gatecheck's own requests are sent as written; how postman-runtime sends them is Postman mode's.
  if (!postman)
    for (const [key, why] of Object.entries(POSTMAN_ONLY))
      if (s.request[key as keyof typeof POSTMAN_ONLY] !== undefined)
        fail([...path, 'request', key], `${key} applies to mode: postman collections${why}`, 'key');
  const r = s.request;
  const request: RequestSpec = {
    method: r.method ?? 'GET',
    url: r.url,
    headers: r.headers ?? {},
    query: stringify(r.query),
    json: r.json,
    form: r.form ? formFields(r.form) : undefined,
    ...(r.multipart
      ? {
          multipart: multipartOf(
            r.multipart,
            [...path, 'request', 'multipart'],
            postman ? () => {} : fail,
            baseDir,
          ),
        }
      : {}),
    body: r.body,
    // Postman follows redirects unless a request disables it.
    followRedirects: r.followRedirects ?? postman,
    ...(r.allowHttpRedirect ? { allowHttpRedirect: true } : {}),
    ...(r.cookies === false ? { cookies: false as const } : {}),
    ...(r.disableUrlEncoding ? { disableUrlEncoding: true } : {}),
    ...(r.bodyLanguage !== undefined ? { bodyLanguage: r.bodyLanguage } : {}),
    ...(r.disabledSystemHeaders ? { disabledSystemHeaders: r.disabledSystemHeaders } : {}),
    ...(r.disableBodyPruning ? { disableBodyPruning: true } : {}),
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
    ...(s.id !== undefined ? { id: s.id } : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    secured,
    deny,
    allow,
    path,
  };
}

/**
 * Parts in order; a file part's path (literal, no variables) is made absolute, relative
 * to the collection file, and must exist (in Postman mode a missing one is left out when
 * sent, as newman does).
 */
function multipartOf(
  parts: NonNullable<RawStep['request']>['multipart'] & object,
  path: DataPath,
  fail: Fail,
  baseDir: string,
): MultipartPart[] {
  return parts.map((p, i) => {
    const type = p.contentType !== undefined ? { contentType: p.contentType } : {};
    if (!('file' in p)) return { name: p.name, value: String(p.value), ...type };
    const file = isAbsolute(p.file) ? p.file : resolve(baseDir, p.file);
    if (!(existsSync(file) && statSync(file).isFile())) fail([...path, i, 'file'], `file not found: ${file}`);
    return { name: p.name, file, ...type };
  });
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
