/**
 * The OpenAPI catalog ORDS publishes for a schema's modules:
 *   GET /ords/<alias>/open-api-catalog/            -> { items: [{ name, links: [{ rel: 'canonical', href }] }] }
 *   GET /ords/<alias>/open-api-catalog/<module>/   -> an OpenAPI 3.0 document of the module's templates
 */
import type { Module, SimModel } from './model.js';

export const CATALOG = '/open-api-catalog/';

/** The catalog's answer for a path under it, or undefined when it names no module. */
export function catalogResponse(model: SimModel, path: string, origin: string): unknown {
  // Links are built from the simulator's own URL, never from the Host header a caller sent.
  const base = `${origin}/ords/${model.alias}`;
  const rest = path.slice(CATALOG.length).replace(/\/$/, '');
  if (rest === '') {
    return {
      items: model.modules.map((m) => ({
        name: m.name,
        links: [{ rel: 'canonical', href: `${base}${CATALOG}${m.name}/` }],
      })),
    };
  }
  const module = model.modules.find((m) => m.name === rest);
  return module ? moduleDocument(module, base) : undefined;
}

function moduleDocument(module: Module, base: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const template of module.templates) {
    const params = template.segments.filter((s) => s.startsWith(':')).map((s) => s.slice(1));
    const path = `/${template.segments.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;
    paths[path] = Object.fromEntries(
      [...template.handlers.values()].map((h) => [
        h.method.toLowerCase(),
        {
          operationId: `${h.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+/g, '_')}`,
          parameters: params.map((name) => ({
            name,
            in: 'path',
            required: true,
            schema: { type: 'string' },
          })),
          responses: { [String(h.status)]: { description: 'The handler response' } },
        },
      ]),
    );
  }
  return {
    openapi: '3.0.0',
    info: { title: `ORDS generated API for ${module.name}`, version: '1.0.0' },
    servers: [{ url: `${base}${module.basePath.replace(/\/$/, '')}` }],
    paths,
  };
}
