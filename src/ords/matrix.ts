/**
 * The expected-access collection of a security model: for every handler
 * (method × template, path parameters filled with a sample value) one scenario,
 * one step per caller, each expecting what ORDS decides:
 *   - no privilege covers the path: everyone gets in (2xx);
 *   - else the most specific privilege applies: a client or user holding one of
 *     its roles gets in (2xx); anonymous, an invalid token and everyone else get 401.
 *   scenarios:   # one per cell, so a failed cell skips nothing
 *     - { name: POST /myapi/hello (MYAPI_PRIV) as anonymous → 401, auth: none,
 *         request: { method: POST, url: "/ords/{{alias}}/myapi/hello" }, expect: { status: 401 } }
 *     - { name: … as client_myapi_client → gets in, auth: client_myapi_client, …, expect: { status: 2xx } }
 * Requests address `{{baseUrl}}`, so one matrix runs against the simulator and ORDS.
 */
import { protectingPrivilege } from '../sim/access.js';
import type { SimModel } from '../sim/model.js';
import { matrixCallers, type Caller } from './callers.js';

/** The value a path parameter gets: ORDS binds it as text, any value reaches the handler. */
export const SAMPLE_PARAM = '1';

export interface MatrixCell {
  endpoint: string;
  caller: string;
  allowed: boolean;
}

export interface Matrix {
  collection: object;
  cells: MatrixCell[];
  endpoints: number;
}

export function buildMatrix(model: SimModel, name: string): Matrix {
  const callers = matrixCallers(model);
  const scenarios: object[] = [];
  const cells: MatrixCell[] = [];
  let endpoints = 0;
  for (const module of model.modules) {
    for (const template of module.templates) {
      const path = `${module.basePath}${template.segments.map((s) => (s.startsWith(':') ? SAMPLE_PARAM : s)).join('/')}${template.pattern.endsWith('/') && template.segments.length > 0 ? '/' : ''}`;
      const privilege = protectingPrivilege(model.privileges, path);
      for (const method of template.handlers.keys()) {
        const endpoint = `${method} ${path}`;
        const guard = privilege ? privilege.name : 'public';
        // One scenario per cell: a failed cell must not skip the callers after it.
        for (const caller of callers) {
          const allowed = !privilege || [...privilege.roles].some((r) => caller.roles.has(r));
          cells.push({ endpoint, caller: caller.profile, allowed });
          scenarios.push({
            name: `${endpoint} (${guard}) as ${caller.profile} → ${allowed ? 'gets in' : '401'}`,
            auth: caller.kind === 'anonymous' ? 'none' : caller.profile,
            request: { method, url: `/ords/{{alias}}${path}` },
            expect: { status: allowed ? '2xx' : 401 },
          });
        }
        endpoints++;
      }
    }
  }
  const collection = {
    name,
    baseUrl: '{{baseUrl}}',
    variables: { alias: model.alias },
    auth: Object.fromEntries(
      callers.flatMap((c) => (c.kind === 'anonymous' ? [] : [[c.profile, profileOf(c)]])),
    ),
    defaults: { headers: { Accept: 'application/json' } },
    scenarios,
  };
  return { collection, cells, endpoints };
}

function profileOf(caller: Caller): object {
  const v = Object.keys(caller.variables);
  switch (caller.kind) {
    case 'invalid-token':
      return { type: 'bearer', token: `{{${v[0]}}}` };
    case 'client':
      return {
        type: 'oauth2',
        grant: 'client_credentials',
        tokenUrl: '{{baseUrl}}/ords/{{alias}}/oauth/token',
        clientId: `{{${v[0]}}}`,
        clientSecret: `{{${v[1]}}}`,
      };
    default:
      return { type: 'basic', username: `{{${v[0]}}}`, password: `{{${v[1]}}}` };
  }
}
