/**
 * The item tree as scenarios of steps, in file order: folders become scenarios
 * (nested ones joined with " / "), requests named steps; auth, scripts and
 * protocolProfileBehavior are inherited from collection and folders.
 */
import type { Expectations } from '../model/collection.js';
import type { ProfileTable } from './import-auth.js';
import { exportedStep, exportedWaits, scriptText, tokenPlaceholder } from './import-gatecheck.js';
import { requestOf } from './import-request.js';
import { asList, stepScripts, type StepScripts } from './import-scripts.js';
import type { PmBehavior, PmEvent, PmItem, PmRequest } from './types.js';

export interface Step {
  wait?: undefined;
  name: string;
  /** The Postman item's id: pm.info.requestId, and what setNextRequest(id) finds. */
  id?: string;
  /** The request's description ('' kept: Postman gives scripts '' for it, undefined for none). */
  description?: string;
  auth?: string;
  request: Record<string, unknown>;
  expect?: Expectations;
  capture?: Record<string, string>;
  checkNames?: Record<string, string>;
  scripts?: StepScripts;
}

export interface Scenario {
  name: string;
  steps: (Step | { wait: number })[];
}

/** What items inherit from the collection. */
export interface ItemContext {
  profiles: ProfileTable;
  warnings: string[];
  /** The collection was written by `gatecheck export` (gatecheck semantics, not Postman's). */
  generated: boolean;
}

/** Scenarios of the item tree, and how many requests keep scripts for the sandbox. */
export function scenariosOf(
  items: PmItem[],
  rootAuth: string | undefined,
  /** The collection's protocolProfileBehavior, as written. */
  rootBehavior: unknown,
  ctx: ItemContext,
): { scenarios: Scenario[]; scripted: number } {
  const { profiles, warnings, generated } = ctx;
  const scenarios: Scenario[] = [];
  let scripted = 0;

  const visit = (
    items: PmItem[],
    path: string[],
    inherited: string | undefined,
    folderEvents: PmEvent[],
    inheritedBehavior: PmBehavior,
  ) => {
    for (const item of items) {
      const behavior = resolveBehavior(item, inheritedBehavior);
      if (item.item) {
        const auth = item.auth ? profiles.name(item.auth, warnings, item.name ?? '') : inherited;
        const events = [...folderEvents, ...asList(item.event)];
        visit(item.item, [...path, item.name ?? 'folder'], auth, events, behavior);
        continue;
      }
      const follow = followRedirectsOf(behavior);
      const where = [...path, item.name ?? 'request'].join(' / ');
      const { step, waitsBefore, waitsAfter } = toStep(
        item,
        inherited,
        profiles,
        warnings,
        where,
        folderEvents,
        generated ? (follow === true ? true : undefined) : follow === false ? false : undefined,
        behavior,
        generated,
      );
      if (behavior.disableCookies) step.request.cookies = false;
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
  visit(items, [], rootAuth, [], resolveBehavior({ protocolProfileBehavior: rootBehavior }, {}));
  return { scenarios, scripted };
}

/**
 * protocolProfileBehavior as postman-runtime gets it (postman-collection's
 * getProtocolProfileBehaviorResolved): every key is inherited from the collection
 * and the folders down, the nearest level's own value winning.
 */
function resolveBehavior(entity: { protocolProfileBehavior?: unknown }, parent: PmBehavior): PmBehavior {
  const own = entity.protocolProfileBehavior;
  return own !== null && typeof own === 'object' ? { ...parent, ...(own as PmBehavior) } : parent;
}

/** A followRedirects that is set counts by truthiness, as postman-request reads followRedirect. */
function followRedirectsOf(behavior: PmBehavior): boolean | undefined {
  const value = behavior.followRedirects;
  return Object.hasOwn(behavior, 'followRedirects') && value !== undefined ? Boolean(value) : undefined;
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
  behavior: PmBehavior,
  generated: boolean,
): { step: Step; waitsBefore: number[]; waitsAfter: number[] } {
  const req: PmRequest =
    typeof item.request === 'string' ? { url: item.request, method: 'GET' } : (item.request ?? {});
  const { request, headers } = requestOf(req, warnings, where, followRedirects, behavior, generated);

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
  // What scripts see as pm.info.requestId (and setNextRequest finds) and as request.description.
  const id = item.id ?? item._postman_id;
  const description =
    typeof req.description === 'string' || req.description === undefined
      ? req.description
      : (req.description.content ?? '');
  return {
    step: {
      name,
      ...(id ? { id } : {}),
      ...(description !== undefined ? { description } : {}),
      auth,
      request,
      ...stepScripts(item.event, folderEvents),
    },
    waitsBefore: [],
    waitsAfter: [],
  };
}
