/**
 * Postman Collection (v1 through postman-collection-transformer, v2.0, v2.1) -> a
 * gatecheck collection (YAML) in Postman mode, so it runs as Postman runs it.
 * Folders become scenarios (nested ones joined with " / "), requests named steps,
 * in file order; auth inherited from folder or collection becomes named profiles
 * (client-credentials OAuth2 an oauth2 profile, so gatecheck's token lifecycle
 * applies); a test script that translates exactly becomes `expect`, any other
 * script is kept as it is and runs in a Postman sandbox.
 */
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { Document } from 'yaml';
import type { Expectations } from '../model/collection.js';
import {
  exportedProfiles,
  exportedStep,
  exportedWaits,
  isGatecheckScript,
  oauth2Profile,
  scriptText,
  tokenPlaceholder,
} from './import-gatecheck.js';
import { postmanPrunesBody } from '../load/method.js';
import { postmanUrlString } from './request-url.js';
import { translateExactly } from './import-tests.js';
import { POSTMAN_SCHEMA_V21 } from './types.js';
import type {
  PmAuth,
  PmAuthAttribute,
  PmBody,
  PmCollection,
  PmEvent,
  PmItem,
  PmRequest,
  PmUrl,
} from './types.js';

export interface ImportResult {
  yaml: string;
  warnings: string[];
  /** How many requests keep scripts that run in the Postman sandbox. */
  scripted: number;
}

interface Step {
  wait?: undefined;
  name: string;
  auth?: string;
  request: Record<string, unknown>;
  expect?: Expectations;
  capture?: Record<string, string>;
  checkNames?: Record<string, string>;
  scripts?: { prerequest?: string[]; test?: string[] };
}

/** `schemaRef`: where editors find the collection schema, relative to the written file. */
export function importPostman(
  pm: PmCollection,
  file: string,
  schemaRef = 'schema/collection.schema.json',
): ImportResult {
  const warnings: string[] = [];
  const profiles = new ProfileTable(file);
  const scenarios: { name: string; steps: (Step | { wait: number })[] }[] = [];
  for (const [name, profile] of Object.entries(exportedProfiles(pm.event))) profiles.register(name, profile);
  const rootAuth = pm.auth ? profiles.name(pm.auth, warnings, pm.info.name) : undefined;
  const generated = isGatecheckScript(scriptText(pm.event, 'prerequest'));
  const rootEvents = generated ? [] : asList(pm.event);
  let scripted = 0;

  const visit = (
    items: PmItem[],
    path: string[],
    inherited: string | undefined,
    folderEvents: PmEvent[],
    redirects: boolean | undefined,
  ) => {
    for (const item of items) {
      const follow = item.protocolProfileBehavior?.followRedirects ?? redirects;
      if (item.item) {
        const auth = item.auth ? profiles.name(item.auth, warnings, item.name ?? '') : inherited;
        const events = [...folderEvents, ...asList(item.event)];
        visit(item.item, [...path, item.name ?? 'folder'], auth, events, follow);
        continue;
      }
      const where = [...path, item.name ?? 'request'].join(' / ');
      const { step, waitsBefore, waitsAfter } = toStep(
        item,
        inherited,
        profiles,
        warnings,
        where,
        folderEvents,
        generated ? (follow === true ? true : undefined) : follow === false ? false : undefined,
      );
      if (step.scripts) scripted++;
      // Requests keep their file order: a request after a subfolder starts a new scenario.
      const scenario = path.length > 0 ? path.join(' / ') : step.name;
      let target = scenarios.at(-1);
      if (!target || target.name !== scenario || path.length === 0) {
        target = { name: uniqueName(scenarios, scenario), steps: [] };
        scenarios.push(target);
      }
      target.steps.push(
        ...waitsBefore.map((wait) => ({ wait })),
        step,
        ...waitsAfter.map((wait) => ({ wait })),
      );
    }
  };
  visit(pm.item, [], rootAuth, [], pm.protocolProfileBehavior?.followRedirects);

  const variables = Object.fromEntries(
    (pm.variable ?? [])
      .filter((v) => !v.disabled && v.enabled !== false)
      .map((v) => [v.key, v.value === undefined || v.value === null ? '' : String(v.value)]),
  );
  const collectionScripts = scriptsOf(rootEvents);
  const data = {
    name: pm.info.name,
    // What gatecheck exported comes back as it was written: scenarios, with gatecheck's own semantics.
    ...(generated ? {} : { mode: 'postman' }),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(profiles.size > 0 ? { auth: profiles.toYaml() } : {}),
    ...(collectionScripts ? { scripts: collectionScripts } : {}),
    scenarios: scenarios.map((s) => ({
      name: s.name,
      steps: s.steps.map((st) => (st.wait !== undefined ? { wait: `${st.wait}ms` } : stepYaml(st))),
    })),
  };
  const doc = new Document(data);
  doc.commentBefore = ` yaml-language-server: $schema=${schemaRef}
 Imported by gatecheck from ${file}.`;
  return { yaml: doc.toString({ lineWidth: 0 }), warnings, scripted: scripted + (collectionScripts ? 1 : 0) };
}

/** Some files hold a single event object where a list belongs. */
function asList(events: PmEvent[] | PmEvent | undefined): PmEvent[] {
  return Array.isArray(events) ? events : events && typeof events === 'object' ? [events] : [];
}

/** Postman events as script lists (each event one script), or undefined when there are none. */
function scriptsOf(events: PmEvent[]): Step['scripts'] {
  const list = (listen: PmEvent['listen']) =>
    events
      .filter((e) => !!e && typeof e === 'object')
      .filter((e) => e.listen === listen && !(e as { disabled?: boolean }).disabled)
      .map((e) => (Array.isArray(e.script?.exec) ? e.script.exec.join('\n') : (e.script?.exec ?? '')))
      .filter((text) => text.trim() !== '');
  const prerequest = list('prerequest');
  const test = list('test');
  if (prerequest.length === 0 && test.length === 0) return undefined;
  return { ...(prerequest.length > 0 ? { prerequest } : {}), ...(test.length > 0 ? { test } : {}) };
}

function stepYaml(step: Step): Record<string, unknown> {
  return {
    name: step.name,
    ...(step.auth ? { auth: step.auth } : {}),
    request: step.request,
    ...(step.expect && Object.keys(step.expect).length > 0 ? { expect: step.expect } : {}),
    ...(step.capture && Object.keys(step.capture).length > 0 ? { capture: step.capture } : {}),
    ...(step.checkNames && Object.keys(step.checkNames).length > 0 ? { checkNames: step.checkNames } : {}),
    ...(step.scripts ? { scripts: step.scripts } : {}),
  };
}

function uniqueName(scenarios: { name: string }[], name: string): string {
  let candidate = name;
  for (let n = 2; scenarios.some((s) => s.name === candidate); n++) candidate = `${name} (${n})`;
  return candidate;
}

function toStep(
  item: PmItem,
  inherited: string | undefined,
  profiles: ProfileTable,
  warnings: string[],
  where: string,
  folderEvents: PmEvent[],
  followRedirects: boolean | undefined,
): { step: Step; waitsBefore: number[]; waitsAfter: number[] } {
  const req: PmRequest =
    typeof item.request === 'string' ? { url: item.request, method: 'GET' } : (item.request ?? {});
  // Postman upper-cases methods (postman-collection's Request) and sends any token.
  const method = (req.method ?? 'GET').toUpperCase();
  const request: Record<string, unknown> = { method, url: withScheme(urlOf(req.url)) };
  const headers = Object.fromEntries(
    (req.header ?? []).filter((h) => !h.disabled).map((h) => [h.key, h.value]),
  );
  // What postman-runtime sends: no disabled body, none on GET, COPY, HEAD, PURGE, UNLOCK unless pruning is off.
  const pruned = postmanPrunesBody(method) && item.protocolProfileBehavior?.disableBodyPruning !== true;
  const body = req.body?.disabled || pruned ? {} : bodyOf(req.body, headers, warnings, where);
  if (Object.keys(headers).length > 0) request.headers = headers;
  Object.assign(request, body);
  // Only what differs from the mode's default (Postman mode follows redirects, scenarios mode does not).
  if (followRedirects !== undefined) request.followRedirects = followRedirects;
  if (item.protocolProfileBehavior?.disableUrlEncoding === true) request.disableUrlEncoding = true;

  const testScript = scriptText(item.event, 'test');
  const preScript = scriptText(item.event, 'prerequest').trim();
  const name = item.name ?? `${String(request.method)} ${String(request.url)}`;
  const exported = exportedStep(testScript);
  // A placeholder header means gatecheck's own token script authenticates this request.
  const placeholder = Object.entries(headers).find(
    ([k, v]) => k.toLowerCase() === 'authorization' && tokenPlaceholder(v) !== undefined,
  );
  if (placeholder) delete (request.headers as Record<string, string>)[placeholder[0]];
  if (request.headers && Object.keys(request.headers as object).length === 0) delete request.headers;
  const placeholderAuth = placeholder ? tokenPlaceholder(placeholder[1]) : undefined;
  const auth =
    placeholderAuth ?? (req.auth ? profiles.name(req.auth, warnings, where, exported?.auth) : inherited);
  // Postman's auth helpers replace an Authorization header the request also carries.
  if (auth && auth !== 'none' && request.headers) {
    const headers = request.headers as Record<string, string>;
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'authorization') delete headers[key];
    if (Object.keys(headers).length === 0) delete request.headers;
  }
  if (exported) {
    const step = { name, auth, request, expect: exported.expect, capture: exported.capture };
    return { step, waitsBefore: exportedWaits(preScript), waitsAfter: exportedWaits(testScript) };
  }
  // Folder scripts run as they are; the request's own test script becomes expect only when exact.
  const translated = testScript.trim() === '' ? undefined : translateExactly(testScript);
  const events = [...folderEvents, ...asList(item.event).filter((e) => !(translated && e.listen === 'test'))];
  const scripts = scriptsOf(events);
  return {
    step: {
      name,
      auth,
      request,
      ...(translated ? { expect: translated.expect, checkNames: translated.names } : {}),
      ...(scripts ? { scripts } : {}),
    },
    waitsBefore: [],
    waitsAfter: [],
  };
}

/** Postman sends a URL written without a scheme as http:// (one that starts with a variable is completed at send time). */
function withScheme(url: string): string {
  const u = url.trim();
  return u === '' || u.startsWith('{{') || /^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? url : `http://${u}`;
}

/** Postman sends the URL its parts make (postman-collection's Url), not `raw`: they differ when Postman repaired `raw`. */
function urlOf(url: PmUrl | string | undefined): string {
  // A string is parsed and printed again, as postman-collection's Request does before variables are filled.
  if (typeof url === 'string') return postmanUrlString(url);
  if (!url) return '';
  // An object with nothing but `raw` (hand-written; the Postman app parses it on opening) is its raw.
  const parts = ['protocol', 'host', 'port', 'path', 'query', 'hash'].some((k) => k in url);
  return parts || url.raw === undefined ? postmanUrlString(url) : url.raw;
}

function bodyOf(
  body: PmBody | undefined,
  headers: Record<string, string>,
  warnings: string[],
  where: string,
): Record<string, unknown> {
  if (!body?.mode) return {};
  if (body.mode === 'urlencoded') {
    return {
      form: Object.fromEntries(
        (body.urlencoded ?? []).filter((f) => !f.disabled).map((f) => [f.key, f.value ?? '']),
      ),
    };
  }
  if (body.mode === 'raw') {
    const raw = body.raw ?? '';
    const isJson =
      body.options?.raw?.language === 'json' ||
      /json/i.test(headers['Content-Type'] ?? headers['content-type'] ?? '');
    if (isJson) {
      try {
        return { json: JSON.parse(raw) as unknown };
      } catch {
        // JSON with unquoted {{variables}} stays raw text.
      }
    }
    return raw === '' ? {} : { body: raw };
  }
  warnings.push(`"${where}": a ${body.mode} body is not supported and was left out`);
  return {};
}

/** Auth blocks -> named profiles, one per distinct setting. */
class ProfileTable {
  private readonly profiles = new Map<string, { name: string; profile: Record<string, string> }>();
  /** Each kind of warning once per collection, not once per inheriting request. */
  private readonly warned = new Set<string>();

  constructor(private readonly file: string) {}

  private warnOnce(warnings: string[], key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    warnings.push(`${this.file}: ${message}`);
  }

  get size(): number {
    return this.profiles.size;
  }

  /** The profile name for an auth block ('none' for noauth); inherit blocks return undefined. */
  register(name: string, profile: Record<string, string>): void {
    this.profiles.set(JSON.stringify(profile), { name, profile });
  }

  name(auth: PmAuth, warnings: string[], where: string, preferred?: string): string | undefined {
    const attrs = (type: string) =>
      attributes(auth[type] as PmAuthAttribute[] | Record<string, unknown> | undefined);
    let profile: Record<string, string>;
    switch (auth.type) {
      case 'noauth':
        return 'none';
      case 'inherit':
        return undefined;
      case 'basic': {
        const a = attrs('basic');
        profile = { type: 'basic', username: a.username ?? '', password: a.password ?? '' };
        break;
      }
      case 'bearer':
        profile = { type: 'bearer', token: attrs('bearer').token ?? '' };
        break;
      case 'oauth2': {
        const a = attrs('oauth2');
        const grant = a.grant_type || 'authorization_code';
        if (grant === 'client_credentials' && a.accessTokenUrl && a.clientId) {
          profile = oauth2Profile(
            a.accessTokenUrl,
            a.clientId,
            a.clientSecret,
            a.client_authentication === 'body',
            a.scope,
          );
          break;
        }
        // newman sends the token the Postman app stored; so does gatecheck for grants it does not run.
        this.warnOnce(
          warnings,
          `oauth2:${grant}`,
          `OAuth2 ${grant} auth sends the access token stored in the collection (as newman does); gatecheck fetches tokens only for client_credentials blocks with accessTokenUrl and clientId`,
        );
        profile = { type: 'bearer', token: a.accessToken ?? '' };
        preferred ??= 'oauth2-stored-token';
        break;
      }
      default:
        this.warnOnce(
          warnings,
          `auth:${auth.type}`,
          `"${where}": ${auth.type} auth is not supported; requests that use it run without it`,
        );
        return 'none';
    }
    const key = JSON.stringify(profile);
    const existing = this.profiles.get(key);
    if (existing) return existing.name;
    const base =
      preferred ??
      (profile.type === 'oauth2'
        ? 'oauth2-client'
        : profile.type === 'basic'
          ? 'basic-user'
          : 'bearer-token');
    let name = base;
    for (let n = 2; [...this.profiles.values()].some((p) => p.name === name); n++) name = `${base}-${n}`;
    this.profiles.set(key, { name, profile });
    return name;
  }

  toYaml(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.profiles.values()].map((p) => [p.name, p.profile]));
  }
}

/** v2.1 lists `[{ key, value }]`; v2.0 used plain objects. */
function attributes(value: PmAuthAttribute[] | Record<string, unknown> | undefined): Record<string, string> {
  if (!value) return {};
  if (Array.isArray(value))
    return Object.fromEntries(
      value.map((a) => [a.key, a.value === undefined || a.value === null ? '' : String(a.value)]),
    );
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** Whether a parsed JSON document is a Postman collection: v2 (with or without `info`) or v1. */
export function isPostmanCollection(data: unknown): boolean {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return Array.isArray(d.item) || (Array.isArray(d.requests) && typeof d.name === 'string');
}

/** Any Postman collection as v2.1: v1 through postman-collection-transformer, a missing `info` named after the file. */
export function normalizePostman(data: Record<string, unknown>, file: string): PmCollection {
  let v2 = data;
  if (!Array.isArray(data.item) && Array.isArray(data.requests)) {
    const transformer = createRequire(import.meta.url)('postman-collection-transformer') as {
      convert(input: object, options: object, cb: (err: unknown, out: Record<string, unknown>) => void): void;
    };
    transformer.convert(
      data,
      { inputVersion: '1.0.0', outputVersion: '2.1.0', retainIds: true },
      (err, out) => {
        if (err) throw err instanceof Error ? err : new Error(String(err));
        v2 = out;
      },
    );
  }
  const info = (v2.info ?? {}) as Partial<PmCollection['info']>;
  return {
    ...(v2 as unknown as PmCollection),
    info: {
      ...info,
      name: info.name ?? basename(file).replace(/(\.postman_collection)?\.json$/i, ''),
      schema: info.schema ?? POSTMAN_SCHEMA_V21,
    },
  };
}
