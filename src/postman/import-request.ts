/** One Postman request (method, URL, headers, body) as a gatecheck request, sent as written. */
import type { PmBody, PmRequest, PmUrl } from './types.js';

/** The gatecheck request and the enabled headers as the Postman request names them. */
export function requestOf(
  req: PmRequest,
  warnings: string[],
  where: string,
  followRedirects: boolean | undefined,
): { request: Record<string, unknown>; headers: Record<string, string> } {
  const request: Record<string, unknown> = {
    method: (req.method ?? 'GET').toUpperCase(),
    url: withScheme(urlOf(req.url)),
  };
  const headers = Object.fromEntries(
    (req.header ?? []).filter((h) => !h.disabled).map((h) => [h.key, h.value]),
  );
  const body = bodyOf(req.body, headers, warnings, where);
  if (Object.keys(headers).length > 0) request.headers = headers;
  Object.assign(request, body);
  // Only what differs from the mode's default (Postman mode follows redirects, scenarios mode does not).
  if (followRedirects !== undefined) request.followRedirects = followRedirects;
  return { request, headers };
}

/** Postman sends a URL written without a scheme as http:// (one that starts with a variable is completed at send time). */
function withScheme(url: string): string {
  const u = url.trim();
  return u === '' || u.startsWith('{{') || /^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? url : `http://${u}`;
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
