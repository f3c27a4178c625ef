/** One Postman request (method, URL, headers, body) as a gatecheck request, sent as written. */
import { postmanPrunesBody } from '../load/method.js';
import { postmanUrlString } from './request-url.js';
import type { PmBody, PmItem, PmRequest, PmUrl } from './types.js';

/** The gatecheck request and the enabled headers as the Postman request names them. */
export function requestOf(
  req: PmRequest,
  warnings: string[],
  where: string,
  followRedirects: boolean | undefined,
  behavior: PmItem['protocolProfileBehavior'] = {},
): { request: Record<string, unknown>; headers: Record<string, string> } {
  // Postman upper-cases methods (postman-collection's Request) and sends any token.
  const method = (req.method ?? 'GET').toUpperCase();
  const request: Record<string, unknown> = { method, url: withScheme(urlOf(req.url)) };
  const headers = Object.fromEntries(
    (req.header ?? []).filter((h) => !h.disabled).map((h) => [h.key, h.value]),
  );
  // What postman-runtime sends: no disabled body, none on GET, COPY, HEAD, PURGE, UNLOCK unless pruning is off.
  const pruned = postmanPrunesBody(method) && behavior.disableBodyPruning !== true;
  const body = req.body?.disabled || pruned ? {} : bodyOf(req.body, headers, warnings, where);
  if (Object.keys(headers).length > 0) request.headers = headers;
  Object.assign(request, body);
  // Only what differs from the mode's default (Postman mode follows redirects, scenarios mode does not).
  if (followRedirects !== undefined) request.followRedirects = followRedirects;
  if (behavior.disableUrlEncoding === true) request.disableUrlEncoding = true;
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
