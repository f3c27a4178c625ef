/** Maps a path (relative to the schema alias) to a module's template and handler. */
import type { Handler, Module } from './model.js';

export type RouteMatch =
  | { found: 'handler'; module: Module; handler: Handler; params: Record<string, string> }
  | { found: 'template'; module: Module; allowed: string[] }
  | { found: 'nothing' };

export function resolveRoute(modules: readonly Module[], path: string, method: string): RouteMatch {
  // Paths arrive normalized without a trailing slash; a module's base path is written with one.
  const dir = path.endsWith('/') ? path : `${path}/`;
  const module = modules
    .filter((m) => dir.startsWith(m.basePath))
    .sort((a, b) => b.basePath.length - a.basePath.length)[0];
  if (!module) return { found: 'nothing' };
  const segments = dir
    .slice(module.basePath.length)
    .split('/')
    .filter((s) => s !== '');

  let best:
    { template: Module['templates'][number]; params: Record<string, string>; literals: number } | undefined;
  for (const template of module.templates) {
    if (template.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const matches = template.segments.every((seg, i) => {
      const actual = segments[i] ?? '';
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = safeDecode(actual);
        return true;
      }
      literals++;
      return seg === actual;
    });
    if (matches && (!best || literals > best.literals)) best = { template, params, literals };
  }
  if (!best) return { found: 'nothing' };
  const handler = best.template.handlers.get(method);
  if (!handler) return { found: 'template', module, allowed: [...best.template.handlers.keys()] };
  return { found: 'handler', module, handler, params: best.params };
}

/** Replaces `:name` in the handler's strings with the bound path parameters. */
export function bindParams(value: unknown, params: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/:([A-Za-z_]\w*)/g, (m, name: string) => params[name] ?? m);
  if (Array.isArray(value)) return value.map((v) => bindParams(v, params));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bindParams(v, params)]));
  }
  return value;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
