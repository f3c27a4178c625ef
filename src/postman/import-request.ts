/** One Postman request (method, URL, headers, body) as a gatecheck request, sent as written. */
import type { RequestBodyDefinition, RequestDefinition } from 'postman-collection';
import { postmanPrunesBody } from '../load/method.js';
import { postmanUrlString } from './request-url.js';
import { postmanSdk } from './sdk.js';
import type { PmBehavior, PmBody, PmFormdataParam, PmRequest, PmUrl } from './types.js';

/** The gatecheck request and the enabled headers as the Postman request names them. */
export function requestOf(
  req: PmRequest,
  warnings: string[],
  where: string,
  followRedirects: boolean | undefined,
  /** The request's protocolProfileBehavior, inherited keys included; flags count by truthiness, as in postman-runtime. */
  behavior: PmBehavior = {},
  /** A collection gatecheck exported: its JSON bodies come back as `json:` (gatecheck's semantics). */
  generated = false,
): { request: Record<string, unknown>; headers: Record<string, string> } {
  // Postman upper-cases methods (postman-collection's Request) and sends any token.
  const method = (req.method ?? 'GET').toUpperCase();
  const request: Record<string, unknown> = { method, url: withScheme(urlOf(req.url)) };
  const headers = headersOf(req.header);
  // A disabled body is not there at all; a GET's (COPY, HEAD, PURGE, UNLOCK) is, for scripts to see,
  // and postman-runtime leaves it out when sending unless pruning is off.
  const body = req.body?.disabled ? {} : bodyOf(req.body, headers, warnings, where, generated);
  if (behavior.disableBodyPruning && postmanPrunesBody(method)) request.disableBodyPruning = true;
  if (Object.keys(headers).length > 0) request.headers = headers;
  Object.assign(request, body);
  // Only what differs from the mode's default (Postman mode follows redirects, scenarios mode does not).
  if (followRedirects !== undefined) request.followRedirects = followRedirects;
  if (behavior.disableUrlEncoding) request.disableUrlEncoding = true;
  const disabled = disabledSystemHeadersOf(behavior);
  if (disabled.length > 0 && !generated) request.disabledSystemHeaders = disabled;
  return { request, headers };
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

/** Enabled headers by name: a list, or the `Name: value` lines the format also allows, read by postman-collection. */
function headersOf(header: PmRequest['header']): Record<string, string> {
  if (!header) return {};
  const { Request } = postmanSdk();
  const list = new Request({ url: '', header } as RequestDefinition).headers.all();
  return Object.fromEntries(list.filter((h) => !h.disabled).map((h) => [h.key, h.value]));
}

function bodyOf(
  body: PmBody | undefined,
  headers: Record<string, string>,
  warnings: string[],
  where: string,
  generated: boolean,
): Record<string, unknown> {
  if (!body?.mode) return {};
  if (body.mode === 'urlencoded') {
    // A list, or a string of `a=1&b=2` (as the format allows), read by postman-collection.
    const { RequestBody } = postmanSdk();
    const fields = new RequestBody(body as RequestBodyDefinition).urlencoded?.all() ?? [];
    // A repeated key is a list, sent once per value (`tags[]=a&tags[]=b`), grouped as postman-runtime sends it.
    const form = new Map<string, string | string[]>();
    for (const f of fields.filter((x) => !x.disabled)) {
      const key = f.key ?? '';
      const had = form.get(key);
      const value = f.value ?? '';
      form.set(key, had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value]);
    }
    return { form: Object.fromEntries(form) };
  }
  if (body.mode === 'formdata') {
    const multipart = multipartOf(body.formdata ?? []);
    if (multipart) return multipart.length > 0 ? { multipart } : {};
    warnings.push(`"${where}": a formdata file entry names no file; the body was left out`);
    return {};
  }
  if (body.mode === 'raw') {
    const raw = body.raw ?? '';
    const language = body.options?.raw?.language;
    if (!generated) {
      if (raw === '') return {};
      // Sent as written (JSON is not parsed and printed again); its language decides the
      // Content-Type postman-runtime adds when sending it without one, and whether JSON
      // comments are removed (src/run/raw-body.ts).
      return { body: raw, ...(language !== undefined ? { bodyLanguage: language } : {}) };
    }
    const isJson =
      language === 'json' || /json/i.test(headers['Content-Type'] ?? headers['content-type'] ?? '');
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

/**
 * Enabled formdata entries as multipart parts, in order; a file entry with several
 * paths is one part per file, as postman-runtime sends it. Undefined when a file entry
 * has no path (Postman then sends an empty part, which the YAML kind cannot say).
 */
function multipartOf(params: PmFormdataParam[]): Record<string, unknown>[] | undefined {
  const parts: Record<string, unknown>[] = [];
  for (const p of params.filter((f) => !f.disabled)) {
    const type = p.contentType ? { contentType: p.contentType } : {};
    if (p.type === 'file') {
      const files = (Array.isArray(p.src) ? p.src : [p.src]).filter((f): f is string => !!f);
      if (files.length === 0) return undefined;
      for (const file of files) parts.push({ name: p.key, file, ...type });
    } else {
      // postman-runtime sends a value that is not a string as its JSON.
      const value =
        typeof p.value === 'string' ? p.value : p.value === undefined ? '' : JSON.stringify(p.value);
      parts.push({ name: p.key, value, ...type });
    }
  }
  return parts;
}

/**
 * The names a protocolProfileBehavior's disabledSystemHeaders turns off (truthy flags), as
 * written: postman-runtime looks up lower-case names, so `Accept` turns nothing off.
 */
function disabledSystemHeadersOf(behavior: PmBehavior): string[] {
  const d = behavior.disabledSystemHeaders;
  if (d === null || typeof d !== 'object') return [];
  return Object.entries(d)
    .filter(([, on]) => Boolean(on))
    .map(([name]) => name);
}
