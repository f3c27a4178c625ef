/**
 * ENABLE_SCHEMA and the module procedures (modules, templates, handlers, services)
 * applied to the draft, and the published modules the simulator serves from it.
 */
import type { Handler, Module } from '../sim/model.js';
import { didYouMean } from '../source/did-you-mean.js';
import type { CallArgs } from './call-args.js';
import type { ApplyCall, Draft, DraftHandler } from './draft.js';
import { handlerBody, sourceKind } from './handler-body.js';
import type { Call } from './call-syntax.js';

export const MODULE_CALLS = {
  enable_schema: (draft, a) => {
    if (a.bool('p_enabled') === false) {
      draft.warn(
        a.call,
        `${a.proc.display} with p_enabled => FALSE: the schema stays REST-enabled in the simulator`,
      );
    }
    const alias = a.str('p_url_mapping_pattern') ?? a.need('p_schema').toLowerCase();
    if (!draft.aliases.some((x) => x.alias === alias)) draft.aliases.push({ alias, call: a.call });
    draft.autoRestAuth = a.bool('p_auto_rest_auth') ?? false;
  },
  define_module: (draft, a) => {
    const name = a.need('p_module_name');
    draft.modules.set(name, {
      name,
      basePath: normalizeBasePath(a.need('p_base_path')),
      itemsPerPage: a.num('p_items_per_page') ?? 25,
      published: isPublished(a),
      templates: new Map(),
    });
  },
  publish_module: (draft, a) => {
    draft.module(a.call, a.need('p_module_name')).published = isPublished(a);
  },
  define_template: (draft, a) => {
    const module = draft.module(a.call, a.need('p_module_name'));
    const pattern = templatePattern(draft, a.call, a.need('p_pattern'));
    module.templates.set(pattern, { pattern, handlers: new Map() });
  },
  define_handler: (draft, a) => {
    const module = draft.module(a.call, a.need('p_module_name'));
    const pattern = templatePattern(draft, a.call, a.need('p_pattern'));
    const template = module.templates.get(pattern);
    if (!template)
      return a.fail(
        `module "${module.name}" has no template "${pattern}"${didYouMean(pattern, [...module.templates.keys()])}; define it with DEFINE_TEMPLATE first`,
      );
    const handler = draftHandler(a);
    template.handlers.set(handler.method, handler);
  },
  define_parameter: () => undefined, // binds a request value to the source: nothing to simulate
  define_service: (draft, a) => {
    const name = a.need('p_module_name');
    const pattern = templatePattern(draft, a.call, a.need('p_pattern'));
    const handler = draftHandler(a);
    draft.modules.set(name, {
      name,
      basePath: normalizeBasePath(a.need('p_base_path')),
      itemsPerPage: a.num('p_items_per_page') ?? 25,
      published: isPublished(a),
      templates: new Map([[pattern, { pattern, handlers: new Map([[handler.method, handler]]) }]]),
    });
  },
  delete_module: (draft, a) => {
    draft.module(a.call, a.need('p_module_name'));
    draft.modules.delete(a.need('p_module_name'));
  },
} satisfies Record<string, ApplyCall>;

/** The published modules, each template's handlers answering as the simulator does. */
export function modulesOf(draft: Draft): Module[] {
  const modules: Module[] = [];
  for (const m of draft.modules.values()) {
    if (!m.published) continue;
    modules.push({
      name: m.name,
      basePath: m.basePath,
      templates: [...m.templates.values()].map((t) => {
        const segments = t.pattern.split('/').filter((x) => x !== '' && x !== '.');
        const params = segments.filter((x) => x.startsWith(':')).map((x) => x.slice(1));
        const handlers = new Map<string, Handler>();
        for (const h of t.handlers.values()) {
          const kind = sourceKind(h.sourceType);
          handlers.set(h.method, {
            method: h.method,
            status: h.method === 'POST' && kind !== 'plsql' ? 201 : 200,
            headers: {},
            body: handlerBody(kind, h.source, h.itemsPerPage ?? m.itemsPerPage, params),
          });
        }
        return { pattern: t.pattern, segments, handlers };
      }),
    });
  }
  return modules;
}

function draftHandler(a: CallArgs): DraftHandler {
  return {
    method: (a.str('p_method') ?? 'GET').toUpperCase(),
    sourceType: a.str('p_source_type'),
    source: a.str('p_source') ?? '',
    itemsPerPage: a.num('p_items_per_page'),
  };
}

function isPublished(a: CallArgs): boolean {
  return (a.str('p_status') ?? 'PUBLISHED').toUpperCase() !== 'NOT_PUBLISHED';
}

function templatePattern(draft: Draft, call: Call, pattern: string): string {
  if (pattern.includes('?'))
    draft.warn(call, `template "${pattern}": the query part is ignored by the simulator`);
  // ORDS accepts `{id}` and `:id` for a path parameter; the simulator speaks `:id`.
  // `.` is the module's base path itself (DEFINE_SERVICE's usual template).
  const path = pattern.split('?')[0]!.replace(/\{(\w+)\}/g, ':$1');
  return path === '.' ? '' : path;
}

/** `/examples/employees/` as written; ORDS stores base paths with a leading and trailing slash. */
function normalizeBasePath(path: string): string {
  let p = path.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  if (!p.endsWith('/')) p = `${p}/`;
  return p;
}
