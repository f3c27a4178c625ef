/** A step's request spec plus variables -> the bytes to send. */
import { stringify } from 'node:querystring';
import type { OutgoingRequest } from '../http/client.js';
import type { Collection, MultipartPart, RequestSpec } from '../model/collection.js';
import { interpolate, interpolateDeep, referencesIn } from '../plan/template.js';
import { USERINFO_REFUSED, urlRewriteProblem } from '../load/syntax.js';
import { userAgent } from '../version.js';
import { multipartFor } from './multipart.js';

export type Lookup = (name: string) => string | undefined;

/** A `{{name}}` still unresolved at run time: a capture that found nothing. */
export class VariableError extends Error {
  override readonly name = 'VariableError';
  readonly code = 'E_VARIABLE';
}

export function buildRequest(
  spec: RequestSpec,
  collection: Collection,
  lookup: Lookup,
  timeoutMs: number,
  /**
   * Postman mode: user:password@ in the URL is Postman's to send (as Basic auth), not
   * an error, and a urlencoded body is encoded as postman-request encodes it.
   */
  options: { postman?: boolean } = {},
): OutgoingRequest {
  const fill = (text: string) => {
    const out = interpolate(text, lookup);
    const missing = referencesIn(out).filter((n) => lookup(n) === undefined);
    if (missing.length > 0)
      throw new VariableError(`variable {{${missing[0]}}} has no value (was its capture empty?)`);
    return out;
  };

  let url = fill(spec.url);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && collection.baseUrl !== undefined) {
    url = `${fill(collection.baseUrl).replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
  }
  const query = Object.entries(spec.query);
  if (query.length > 0) {
    const params = new URLSearchParams(query.map(([k, v]): [string, string] => [k, fill(v)]));
    url += (url.includes('?') ? '&' : '?') + params.toString();
  }

  // A URL filled from variables is held to what a written one is (Postman mode repairs it as Postman does).
  const rewritten = options.postman ? undefined : urlRewriteProblem(url);
  if (rewritten) throw new VariableError(rewritten);
  // A URL filled from variables may carry user:password@: refused like a literal one, without echoing it.
  if (!options.postman && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url))
    throw new VariableError(USERINFO_REFUSED);

  const headers: Record<string, string> = {};
  for (const [k, v] of [...Object.entries(collection.defaults.headers), ...Object.entries(spec.headers)]) {
    headers[k.toLowerCase()] = fill(v);
  }
  // Postman mode sends postman-runtime's system headers instead, after pre-request scripts (postman-request.ts).
  if (!options.postman) headers['user-agent'] ??= userAgent();
  let body: string | undefined;
  let bodyBytes: Uint8Array | undefined;
  let multipart: MultipartPart[] | undefined;
  if (spec.json !== undefined) {
    body = JSON.stringify(interpolateDeep(spec.json, (n) => fill(`{{${n}}}`)));
    headers['content-type'] ??= 'application/json';
  } else if (spec.form !== undefined) {
    const fields = spec.form.map((f): [string, string] => [f.name, fill(f.value)]);
    body = options.postman ? postmanForm(fields) : new URLSearchParams(fields).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (spec.multipart !== undefined) {
    ({ body, bodyBytes, multipart } = multipartFor(
      spec.multipart.map((p) => ({
        ...p,
        name: fill(p.name),
        ...('value' in p ? { value: fill(p.value) } : {}),
      })),
      headers,
    ));
  } else if (spec.body !== undefined) {
    body = fill(spec.body);
  }
  return {
    method: spec.method,
    url,
    headers,
    body,
    ...(bodyBytes ? { bodyBytes } : {}),
    ...(multipart ? { multipart } : {}),
    timeoutMs: spec.timeoutMs ?? timeoutMs,
    followRedirects: spec.followRedirects,
    allowHttpRedirect: spec.allowHttpRedirect,
  };
}

/**
 * A urlencoded body as postman-request writes it (useQuerystring), from fields
 * grouped by key as postman-runtime groups them: Node's querystring, then RFC
 * 3986's reserved `!'()*` escaped too, so a space is %20 and `~` stays, where
 * URLSearchParams writes `+` and `%7E`.
 */
export function postmanForm(fields: [string, string][]): string {
  const form = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of fields) {
    const had = form[key];
    form[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return stringify(form).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
