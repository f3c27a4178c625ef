/**
 * gatecheck collection -> Postman Collection v2.1 (+ environment): one folder per
 * scenario, one request per step, every check a pm.test of the same name, OAuth2
 * client credentials done by the collection's own scripts (see export-scripts.ts).
 * What cannot be exported is a warning with its position; the export goes on.
 */
import { readFileSync } from 'node:fs';
import { postmanPrunesBody } from '../load/method.js';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import type { AuthProfile, Collection, MultipartPart, RequestStep, Scenario } from '../model/collection.js';
import { stepName } from '../model/step-name.js';
import { SECRET_NAME } from '../mask/secrets.js';
import type { Environment } from '../plan/environment.js';
import type { SourceDocument } from '../source/document.js';
import { userAgent } from '../version.js';
import { stepChecksJs } from './export-checks.js';
import {
  checkPrelude,
  collectionPrerequest,
  collectionTest,
  STEP_MARK,
  TOKEN_VAR,
} from './export-scripts.js';
import {
  POSTMAN_SCHEMA_V21,
  type PmAuth,
  type PmCollection,
  type PmEnvironment,
  type PmEvent,
  type PmItem,
  type PmFormdataParam,
  type PmRequest,
} from './types.js';
import { postmanDigest, postmanOAuth1 } from './signed-auth.js';

export interface ExportResult {
  collection: PmCollection;
  environment: PmEnvironment;
  warnings: string[];
  /** Variables the collection uses that neither it nor the environment file carries (secrets left empty): newman needs each as --env-var. */
  needs: string[];
}

let jsonPathBundle: string | undefined;
function jsonPathLibrary(): string {
  const require = createRequire(import.meta.url);
  // The package's exports map hides dist/; its browser bundle sits beside the entry point.
  const bundle = join(dirname(require.resolve('jsonpath-plus')), 'index-browser-umd.min.cjs');
  jsonPathBundle ??= readFileSync(bundle, 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
  return jsonPathBundle;
}

export function exportPostman(
  collection: Collection,
  source: SourceDocument,
  environment?: Environment,
  processEnv: NodeJS.ProcessEnv = process.env,
): ExportResult {
  const warnings: string[] = [];
  const warn = (path: readonly (string | number)[], message: string) => {
    const { line, col } = source.positionOf(path);
    warnings.push(`${collection.file}:${line}:${col}: warning: ${message}`);
  };
  if (collection.defaults.timeoutMs !== undefined)
    warn(
      ['defaults', 'timeoutMs'],
      'timeouts are not part of a Postman collection; use newman --timeout-request',
    );

  const known = (name: string) => environment?.variables[name] ?? collection.variables[name];
  // Credentials written as literals end up in the collection file: say so.
  for (const [name, profile] of Object.entries(collection.auth)) {
    const literal =
      profile.type === 'basic'
        ? profile.password
        : profile.type === 'oauth2'
          ? profile.clientSecret
          : profile.type === 'bearer'
            ? profile.token
            : profile.type === 'digest'
              ? profile.password
              : profile.type === 'oauth1'
                ? [profile.consumerSecret, profile.tokenSecret, profile.privateKey].find(
                    (v) => v && !v.includes('{{'),
                  )
                : undefined;
    if (literal !== undefined && literal !== '' && !literal.includes('{{'))
      warn(
        ['auth', name],
        `profile "${name}" has a literal credential, copied into the collection; use a {{variable}} set in the environment`,
      );
  }
  const oauth = Object.fromEntries(
    Object.entries(collection.auth).filter(
      (e): e is [string, Extract<AuthProfile, { type: 'oauth2' }>] =>
        e[1].type === 'oauth2' && e[1].grant === 'client_credentials',
    ),
  );
  warnUnrunnableAuth(collection, warn);
  const folders = collection.scenarios.map((scenario, i) => ({
    scenario,
    id: (j: number) => `gatecheck-${i}-${j}`,
  }));
  const item: PmItem[] = folders.map(({ scenario, id }, i) => {
    const next = collection.scenarios[i + 1]
      ? folders[i + 1]!.id(firstRequest(collection.scenarios[i + 1]!))
      : null;
    return { name: scenario.name, item: scenarioItems(collection, scenario, id, next, warn, known) };
  });

  const events: PmEvent[] =
    Object.keys(oauth).length > 0
      ? [
          { listen: 'prerequest', script: { type: 'text/javascript', exec: collectionPrerequest(oauth) } },
          { listen: 'test', script: { type: 'text/javascript', exec: collectionTest() } },
        ]
      : [];
  const pmCollection: PmCollection = {
    info: {
      name: collection.name,
      schema: POSTMAN_SCHEMA_V21,
      description: `Exported by gatecheck from ${collection.file}.`,
    },
    item,
    event: events,
    variable: Object.entries(collection.variables).map(([key, value]) => ({
      key,
      value: SECRET_NAME.test(key) ? '' : value,
      type: 'string',
    })),
  };
  const pmEnvironment = toEnvironment(collection, environment, processEnv);
  return {
    collection: pmCollection,
    environment: pmEnvironment,
    warnings,
    needs: neededVariables(pmCollection, pmEnvironment, captured(collection)),
  };
}

function firstRequest(s: Scenario): number {
  const i = s.steps.findIndex((step) => step.kind === 'request');
  return i < 0 ? 0 : i;
}

type Warn = (path: readonly (string | number)[], message: string) => void;

function scenarioItems(
  collection: Collection,
  scenario: Scenario,
  id: (j: number) => string,
  next: string | null,
  warn: Warn,
  known: (name: string) => string | undefined,
): PmItem[] {
  const items: PmItem[] = [];
  let pendingWait = 0; // a wait before the scenario's first request
  scenario.steps.forEach((step, j) => {
    if (step.kind === 'wait') {
      const previous = items.at(-1);
      if (previous) appendDelay(previous, step.ms);
      else pendingWait += step.ms;
      return;
    }
    const request = toRequest(collection, step, step.auth ?? scenario.auth, warn, known);
    const { lines, needsLibrary } = stepChecksJs(step);
    const source = { auth: step.auth ?? scenario.auth, expect: step.expect, capture: step.capture };
    const test = [
      `${STEP_MARK}${JSON.stringify(source)}`,
      ...checkPrelude(needsLibrary ? jsonPathLibrary() : undefined),
      ...lines,
    ];
    test.push(
      next === null
        ? 'if (gc.failed) gc.next(null); // a failed step ends its scenario'
        : `if (gc.failed) gc.next(${JSON.stringify(next)}); // a failed step ends its scenario`,
    );
    const events: PmEvent[] = [{ listen: 'test', script: { type: 'text/javascript', exec: test } }];
    if (pendingWait > 0) {
      events.unshift({
        listen: 'prerequest',
        script: { type: 'text/javascript', exec: [delay(pendingWait)] },
      });
      pendingWait = 0;
    }
    items.push({
      id: id(j),
      name: stepName(step),
      request,
      event: events,
      protocolProfileBehavior: {
        followRedirects: step.request.followRedirects,
        ...(step.request.cookies === false ? { disableCookies: true } : {}),
        // Postman drops the body of a GET (COPY, HEAD, PURGE, UNLOCK) unless told not to; gatecheck's
        // own mode sends it, Postman mode only when the step says so.
        ...(request.body &&
        postmanPrunesBody(request.method ?? 'GET') &&
        (collection.mode !== 'postman' || step.request.disableBodyPruning)
          ? { disableBodyPruning: true }
          : {}),
        ...(step.request.disableUrlEncoding ? { disableUrlEncoding: true } : {}),
        ...(step.request.disabledSystemHeaders
          ? {
              disabledSystemHeaders: Object.fromEntries(
                step.request.disabledSystemHeaders.map((h) => [h, true]),
              ),
            }
          : {}),
      },
    });
  });
  return items;
}

function delay(ms: number): string {
  return `if (pm.collectionVariables.get('gatecheck.retry') !== pm.info.requestId) setTimeout(function () {}, ${ms}); // wait ${ms} ms`;
}

/** A wait after a request: at the end of its test script, unless the step failed or is about to be repeated. */
function appendDelay(item: PmItem, ms: number): void {
  const exec = item.event?.find((e) => e.listen === 'test')?.script.exec;
  if (Array.isArray(exec)) exec.push(`if (!gc.failed) setTimeout(function () {}, ${ms}); // wait ${ms} ms`);
}

/** A URL that is absolute once the variables it starts with are filled from what the export knows. */
function isAbsolute(url: string, known: (name: string) => string | undefined): boolean {
  const filled = url.replace(/^\{\{\s*([^{}\s]+)\s*\}\}/, (whole, name: string) => known(name) ?? whole);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(filled);
}

/** Query text as gatecheck sends it (URL-encoded), `{{variables}}` left for newman to fill. */
function encodeOutsideVariables(text: string): string {
  return text
    .split(/(\{\{[^{}]+\}\})/)
    .map((part) => (part.startsWith('{{') ? part : encodeURIComponent(part)))
    .join('');
}

function toRequest(
  collection: Collection,
  step: RequestStep,
  profileName: string | undefined,
  warn: Warn,
  known: (name: string) => string | undefined,
): PmRequest {
  const r = step.request;
  if (step.secured)
    warn([...step.path], 'security probes (secured, deny, allow) are not exported; run them with gatecheck');
  if (step.expect.token !== undefined)
    warn(
      [...step.path, 'expect', 'token'],
      'token response checks (expect.token) are not exported; run them with gatecheck',
    );
  if (r.timeoutMs !== undefined)
    warn(
      [...step.path, 'request', 'timeoutMs'],
      'a per-request timeout is not part of a Postman collection; use newman --timeout-request',
    );
  // gatecheck joins baseUrl only when the URL, variables filled, is not absolute; so does the export.
  let url =
    isAbsolute(r.url, known) || collection.baseUrl === undefined
      ? r.url
      : `${collection.baseUrl.replace(/\/+$/, '')}/${r.url.replace(/^\/+/, '')}`;
  const query = Object.entries(r.query);
  if (query.length > 0)
    url +=
      (url.includes('?') ? '&' : '?') +
      query.map(([k, v]) => `${encodeOutsideVariables(k)}=${encodeOutsideVariables(v)}`).join('&');
  const header = Object.entries({ ...collection.defaults.headers, ...r.headers }).map(([key, value]) => ({
    key,
    value,
  }));
  // Postman upper-cases every method (postman-collection's Request); a lower-case one would change.
  if (r.method !== r.method.toUpperCase())
    warn(
      [...step.path, 'request', 'method'],
      `Postman sends method "${r.method}" as "${r.method.toUpperCase()}"; newman's verdict may differ`,
    );
  const request: PmRequest = { method: r.method, header, url };
  if (r.json !== undefined) {
    request.body = {
      mode: 'raw',
      raw: JSON.stringify(r.json, null, 2),
      options: { raw: { language: 'json' } },
    };
    if (!header.some((h) => h.key.toLowerCase() === 'content-type'))
      header.push({ key: 'Content-Type', value: 'application/json' });
  } else if (r.form !== undefined) {
    request.body = {
      mode: 'urlencoded',
      urlencoded: r.form.map((f) => ({ key: f.name, value: f.value })),
    };
  } else if (r.multipart !== undefined) {
    request.body = { mode: 'formdata', formdata: r.multipart.map((p) => toFormParam(p, collection.file)) };
    if (r.multipart.some((p) => 'file' in p))
      warn(
        [...step.path, 'request', 'multipart'],
        `file parts are written relative to ${dirname(collection.file) || '.'}: run newman with --working-dir there`,
      );
  } else if (r.body !== undefined) {
    request.body = {
      mode: 'raw',
      raw: r.body,
      ...(r.bodyLanguage !== undefined ? { options: { raw: { language: r.bodyLanguage } } } : {}),
    };
  }
  // gatecheck's own User-Agent, so newman sends what gatecheck sends; Postman mode sends postman-runtime's, as newman will.
  if (collection.mode !== 'postman' && !header.some((h) => h.key.toLowerCase() === 'user-agent'))
    header.push({ key: 'User-Agent', value: userAgent() });
  request.auth = toAuth(collection, profileName, header);
  return request;
}

/** A multipart part as a formdata entry; a file's path relative to the collection file, as import reads it back. */
function toFormParam(p: MultipartPart, file: string): PmFormdataParam {
  const type = p.contentType !== undefined ? { contentType: p.contentType } : {};
  return 'file' in p
    ? { key: p.name, type: 'file', src: relative(dirname(file), p.file).split(sep).join('/'), ...type }
    : { key: p.name, type: 'text', value: p.value, ...type };
}

function toAuth(
  collection: Collection,
  profileName: string | undefined,
  header: { key: string; value: string }[],
): PmAuth {
  const profile = profileName && profileName !== 'none' ? collection.auth[profileName] : undefined;
  switch (profile?.type) {
    case 'basic':
      return {
        type: 'basic',
        basic: [
          { key: 'username', value: profile.username, type: 'string' },
          { key: 'password', value: profile.password, type: 'string' },
        ],
      };
    case 'bearer':
      return { type: 'bearer', bearer: [{ key: 'token', value: profile.token, type: 'string' }] };
    case 'oauth2':
      if (profile.grant !== 'client_credentials') return postmanOAuth2(profile);
      header.push({ key: 'Authorization', value: `Bearer {{${TOKEN_VAR(profileName!)}}}` });
      return { type: 'noauth' };
    case 'digest':
      return postmanDigest(profile);
    case 'oauth1':
      return postmanOAuth1(profile);
    case 'apiKey':
      return {
        type: 'apikey',
        apikey: [
          { key: 'key', value: profile.name, type: 'string' },
          { key: 'value', value: profile.value, type: 'string' },
          { key: 'in', value: profile.in, type: 'string' },
        ],
      };
    default:
      return { type: 'noauth' };
  }
}

/**
 * A user-facing grant as Postman's OAuth2 auth block: the Postman app gets the
 * token through its browser; newman never fetches OAuth2 tokens (warned).
 */
function postmanOAuth2(p: Extract<AuthProfile, { type: 'oauth2' }>): PmAuth {
  const grantType = {
    client_credentials: 'client_credentials',
    authorization_code: p.pkce ? 'authorization_code_with_pkce' : 'authorization_code',
    implicit: 'implicit',
    password: 'password_credentials',
  }[p.grant];
  const attr = (key: string, value: string | boolean | undefined) =>
    value === undefined ? [] : [{ key, value, type: typeof value === 'boolean' ? 'boolean' : 'string' }];
  return {
    type: 'oauth2',
    oauth2: [
      ...attr('grant_type', grantType),
      ...attr('authUrl', p.authUrl),
      ...attr('accessTokenUrl', p.tokenUrl || undefined),
      ...attr('clientId', p.clientId),
      ...attr('clientSecret', p.clientSecret || undefined),
      ...attr('redirect_uri', p.redirectUri),
      ...attr('scope', p.scope),
      ...attr('username', p.grant === 'password' ? p.login?.username : undefined),
      ...attr('password', p.grant === 'password' ? p.login?.password : undefined),
      ...attr('client_authentication', p.clientAuth === 'body' ? 'body' : 'header'),
      ...attr('addTokenTo', 'header'),
      ...attr('useBrowser', false),
    ],
  } as PmAuth;
}

/** Profiles whose requests newman cannot authenticate, each named at its position. */
function warnUnrunnableAuth(
  collection: Collection,
  warn: (path: (string | number)[], message: string) => void,
): void {
  for (const [name, p] of Object.entries(collection.auth)) {
    if (p.type === 'oauth2' && p.grant !== 'client_credentials') {
      const extra = [
        p.audience !== undefined && 'audience',
        p.resource !== undefined && 'resource',
        p.params && 'params',
      ]
        .filter(Boolean)
        .join(', ');
      warn(
        ['auth', name],
        `auth profile "${name}" (grant ${p.grant}) is exported as Postman's OAuth2 auth block: the Postman app can get its token, newman cannot (it fetches no OAuth2 tokens${p.grant === 'password' ? '' : ' and cannot sign in through a login form'}); its requests go without a token in newman${extra ? `; ${extra} not exported` : ''}`,
      );
    } else if (p.type === 'session') {
      warn(
        ['auth', name],
        `auth profile "${name}" (session) is not exported: newman cannot sign in through a login form; its requests go without the session cookie`,
      );
    } else if (p.type === 'oauth2' && (p.audience !== undefined || p.resource !== undefined || p.params)) {
      warn(
        ['auth', name],
        `auth profile "${name}": audience, resource and params are not exported; the exported token request sends grant_type, scope and the client only`,
      );
    }
  }
}

/** Environment variables for Postman; secrets are secret-typed and never written, unless the process environment has them. */
function toEnvironment(
  collection: Collection,
  env: Environment | undefined,
  processEnv: NodeJS.ProcessEnv,
): PmEnvironment {
  const secretNames = new Set(env?.secrets ?? []);
  const values = Object.entries(env?.variables ?? {}).map(([key, value]) => {
    const secret = secretNames.has(key) || SECRET_NAME.test(key);
    return {
      key,
      value: secret ? (processEnv[key] ?? '') : value,
      type: secret ? ('secret' as const) : ('default' as const),
      enabled: true,
    };
  });
  return {
    name: env?.name ?? `${collection.name} environment`,
    values,
    _postman_variable_scope: 'environment',
  };
}

/** `{{names}}` the exported collection uses that nothing in it or its environment sets (or that are left empty). */
function neededVariables(pm: PmCollection, env: PmEnvironment, captures: Set<string>): string[] {
  const text = JSON.stringify(pm.item) + JSON.stringify(pm.event ?? []);
  const set = new Set([
    ...(pm.variable ?? []).filter((v) => v.value !== '').map((v) => v.key),
    ...env.values.filter((v) => v.value !== '').map((v) => v.key),
  ]);
  const used = new Set<string>();
  // Literal braces inside script strings ("{{" + name + "}}") are not references.
  for (const m of text.matchAll(/\{\{([A-Za-z_][\w.-]*)\}\}/g)) used.add(m[1]!);
  return [...used]
    .filter((n) => !set.has(n) && !captures.has(n) && !n.startsWith('gatecheck.') && !n.startsWith('$'))
    .sort();
}

/** Names that steps capture at run time. */
function captured(collection: Collection): Set<string> {
  return new Set(
    collection.scenarios.flatMap((s) =>
      s.steps.flatMap((st) => (st.kind === 'request' ? Object.keys(st.capture) : [])),
    ),
  );
}
