/**
 * Postman Collection v2.0/v2.1 -> a gatecheck collection (YAML). Folders become
 * scenarios (nested ones joined with " / "), requests steps; auth inherited from
 * folder or collection becomes named profiles (client-credentials OAuth2 settings an
 * oauth2 profile); tests in the common idioms become expect and capture. Scripts it
 * cannot translate stay as comments, each with a warning.
 */
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
import { translateTests } from './import-tests.js';
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
  /** True when every script was translated: the YAML means what the Postman file means. */
  complete: boolean;
}

interface Step {
  wait?: undefined;
  name: string;
  auth?: string;
  request: Record<string, unknown>;
  expect?: Expectations;
  capture?: Record<string, string>;
}

/** `schemaRef`: where editors find the collection schema, relative to the written file. */
export function importPostman(
  pm: PmCollection,
  file: string,
  schemaRef = 'schema/collection.schema.json',
): ImportResult {
  const warnings: string[] = [];
  const comments = new Map<string, string[]>(); // "scenario/step" -> untranslated lines
  const profiles = new ProfileTable();
  const scenarios: { name: string; steps: (Step | { wait: number })[] }[] = [];
  for (const [name, profile] of Object.entries(exportedProfiles(pm.event))) profiles.register(name, profile);
  const rootAuth = pm.auth ? profiles.name(pm.auth, warnings, pm.info.name) : undefined;
  const rootEvents = isGatecheckScript(scriptText(pm.event, 'prerequest')) ? [] : (pm.event ?? []);

  const visit = (
    items: PmItem[],
    path: string[],
    inherited: string | undefined,
    inheritedEvents: PmEvent[],
  ) => {
    for (const item of items) {
      if (item.item) {
        const auth = item.auth ? profiles.name(item.auth, warnings, item.name ?? '') : inherited;
        visit(item.item, [...path, item.name ?? 'folder'], auth, [...inheritedEvents, ...(item.event ?? [])]);
        continue;
      }
      const where = [...path, item.name ?? 'request'].join(' / ');
      const { step, untranslated, waitsBefore, waitsAfter } = toStep(
        item,
        inherited,
        profiles,
        warnings,
        where,
        inheritedEvents,
      );
      const scenario = path.length > 0 ? path.join(' / ') : step.name;
      let target = scenarios.find((s) => s.name === scenario);
      if (!target || path.length === 0) {
        target = { name: uniqueName(scenarios, scenario), steps: [] };
        scenarios.push(target);
      }
      target.steps.push(
        ...waitsBefore.map((wait) => ({ wait })),
        step,
        ...waitsAfter.map((wait) => ({ wait })),
      );
      if (untranslated.length > 0) {
        comments.set(`${scenarios.indexOf(target)}/${target.steps.indexOf(step)}`, untranslated);
        warnings.push(
          `${file}: "${where}": ${untranslated.length} script line(s) not translated, kept as comments`,
        );
      }
    }
  };
  visit(pm.item, [], rootAuth, rootEvents);

  const variables = Object.fromEntries(
    (pm.variable ?? [])
      .filter((v) => !v.disabled)
      .map((v) => [v.key, v.value === undefined || v.value === null ? '' : String(v.value)]),
  );
  const data = {
    name: pm.info.name,
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(profiles.size > 0 ? { auth: profiles.toYaml() } : {}),
    scenarios: scenarios.map((s) =>
      s.steps.length === 1 && s.steps[0]!.wait === undefined
        ? { name: s.name, ...stepYaml(s.steps[0] as Step, true) }
        : {
            name: s.name,
            steps: s.steps.map((st) =>
              st.wait !== undefined ? { wait: `${st.wait}ms` } : stepYaml(st, false),
            ),
          },
    ),
  };
  const doc = new Document(data);
  doc.commentBefore = ` yaml-language-server: $schema=${schemaRef}\n Imported by gatecheck from ${file}.`;
  for (const [key, lines] of comments) {
    const [s, st] = key.split('/').map(Number) as [number, number];
    const single = scenarios[s]!.steps.length === 1;
    const node = doc.getIn(single ? ['scenarios', s] : ['scenarios', s, 'steps', st], true) as
      { commentBefore?: string } | undefined;
    if (node)
      node.commentBefore = ` Not translated from the Postman scripts:\n${lines.map((l) => `   ${l}`).join('\n')}`;
  }
  return { yaml: doc.toString({ lineWidth: 0 }), warnings, complete: comments.size === 0 };
}

function stepYaml(step: Step, single: boolean): Record<string, unknown> {
  return {
    ...(single ? {} : { name: step.name }),
    ...(step.auth ? { auth: step.auth } : {}),
    request: step.request,
    ...(step.expect && Object.keys(step.expect).length > 0 ? { expect: step.expect } : {}),
    ...(step.capture && Object.keys(step.capture).length > 0 ? { capture: step.capture } : {}),
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
) {
  const req: PmRequest =
    typeof item.request === 'string' ? { url: item.request, method: 'GET' } : (item.request ?? {});
  const request: Record<string, unknown> = {
    method: (req.method ?? 'GET').toUpperCase(),
    url: urlOf(req.url),
  };
  const headers = Object.fromEntries(
    (req.header ?? []).filter((h) => !h.disabled).map((h) => [h.key, h.value]),
  );
  const body = bodyOf(req.body, headers, warnings, where);
  if (Object.keys(headers).length > 0) request.headers = headers;
  Object.assign(request, body);
  if (item.protocolProfileBehavior?.followRedirects === true) request.followRedirects = true;

  const scripts = [...folderEvents, ...(item.event ?? [])];
  const testScript = scriptText(scripts, 'test');
  const preScript = scriptText(scripts, 'prerequest').trim();
  const name = item.name ?? `${request.method} ${request.url}`;
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
  if (exported) {
    const step = { name, auth, request, expect: exported.expect, capture: exported.capture };
    return {
      step,
      untranslated: [],
      waitsBefore: exportedWaits(preScript),
      waitsAfter: exportedWaits(testScript),
    };
  }
  const tests = translateTests(testScript);
  const untranslated = [
    ...(preScript ? preScript.split('\n').map((l) => `(pre-request) ${l}`) : []),
    ...tests.untranslated,
  ];
  return {
    step: { name, auth, request, expect: tests.expect, capture: tests.capture },
    untranslated,
    waitsBefore: [],
    waitsAfter: [],
  };
}

function urlOf(url: PmUrl | string | undefined): string {
  if (typeof url === 'string') return url;
  if (!url) return '';
  if (url.raw) return url.raw;
  const host = Array.isArray(url.host) ? url.host.join('.') : (url.host ?? '');
  const path = Array.isArray(url.path) ? url.path.join('/') : (url.path ?? '');
  const query = (url.query ?? [])
    .filter((q) => !q.disabled)
    .map((q) => `${q.key}=${q.value ?? ''}`)
    .join('&');
  return `${url.protocol ? `${url.protocol}://` : ''}${host}/${path}${query ? `?${query}` : ''}`;
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
        const grant = a.grant_type ?? 'authorization_code';
        if (grant !== 'client_credentials') {
          warnings.push(
            `"${where}": OAuth2 grant ${grant} is not supported; its stored access token is used as a bearer token`,
          );
          profile = { type: 'bearer', token: a.accessToken ?? '{{accessToken}}' };
          break;
        }
        profile = oauth2Profile(
          a.accessTokenUrl,
          a.clientId,
          a.clientSecret,
          a.client_authentication === 'body',
          a.scope,
        );
        break;
      }
      default:
        warnings.push(`"${where}": ${auth.type} auth is not supported; requests run without it`);
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

/** Whether a parsed JSON document is a Postman collection. */
export function isPostmanCollection(data: unknown): data is PmCollection {
  const d = data as PmCollection | undefined;
  return !!d && typeof d === 'object' && !!d.info && Array.isArray(d.item);
}
