/**
 * The request and response as Postman sees and sends them: the URL postman-runtime
 * sends, the bodies it prunes or leaves out, and the pm.request / pm.response
 * shapes scripts read.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { decodeForm } from '../auth/oauth1.js';
import type { OutgoingRequest, HttpResponse } from '../http/client.js';
import { postmanPrunesBody } from '../load/method.js';
import type { RequestStep } from '../model/collection.js';
import type { HttpTrace } from '../model/events.js';
import type { PmCookieJson, PmFormParam, PmRequestJson, PmResponseJson } from '../postman/sandbox.js';
import { postmanRequestUrl } from '../postman/request-url.js';
import type { RunContext } from './context.js';

/** postman-runtime sends no body with these methods unless disableBodyPruning is set; scripts still see it. */
export function pruneBody(out: OutgoingRequest, spec: RequestStep['request']): OutgoingRequest {
  if (spec.disableBodyPruning || !postmanPrunesBody(out.method) || out.body === undefined) return out;
  const headers = { ...out.headers };
  // A Content-Type gatecheck set for the body goes with it; a written one is sent as written.
  if (!Object.keys(spec.headers).some((k) => k.toLowerCase() === 'content-type'))
    delete headers['content-type'];
  return { ...out, headers, body: undefined, bodyBytes: undefined, multipart: undefined };
}

/** The postman-runtime newman 6.2 runs, as its User-Agent names it. */
const POSTMAN_USER_AGENT = 'PostmanRuntime/7.39.1';

/**
 * The headers postman-runtime adds to every request it sends, each only when the
 * request has none (requester/core.js addSystemHeaders), after pre-request scripts
 * ran: a server sees what newman sends, and test scripts see them on pm.request.
 * Host and Connection undici writes itself.
 */
export function withSystemHeaders(out: OutgoingRequest, disabled: readonly string[] = []): OutgoingRequest {
  const headers = { ...out.headers };
  const add = (name: string, value: () => string) => {
    if (!disabled.includes(name)) headers[name] ??= value();
  };
  add('user-agent', () => POSTMAN_USER_AGENT);
  add('accept', () => '*/*');
  add('cache-control', () => 'no-cache');
  add('postman-token', () => randomUUID());
  add('accept-encoding', () => 'gzip, deflate, br');
  return { ...out, headers };
}

/** postman-runtime leaves out a file part whose file cannot be read (with a console warning). */
export function withoutMissingFiles(spec: RequestStep['request']): RequestStep['request'] {
  if (!spec.multipart?.some((p) => 'file' in p)) return spec;
  return { ...spec, multipart: spec.multipart.filter((p) => !('file' in p) || existsSync(p.file)) };
}

/**
 * The URL as postman-runtime sends it (postman/request-url.ts), and
 * user:password@ in it as Postman sends it: Basic auth when nothing else
 * authorizes the request, its password masked like any other.
 */
export function postmanTarget(
  out: OutgoingRequest,
  profileName: string | undefined,
  ctx: RunContext,
  disableEncoding = false,
): OutgoingRequest {
  const { url, path, credentials } = postmanRequestUrl(out.url, { disableEncoding });
  const sent = { ...out, url, path };
  if (!credentials) return sent;
  const profile = profileName && profileName !== 'none' ? ctx.collection.auth[profileName] : undefined;
  if (profile || out.headers.authorization !== undefined) return sent;
  const basic = Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64');
  if (credentials.password !== '') ctx.secrets.add(credentials.password);
  ctx.secrets.add(basic);
  return { ...sent, headers: { ...sent.headers, authorization: `Basic ${basic}` } };
}

/** The request as scripts see it; a form stays a urlencoded or formdata body (request.data is its fields, as in Postman). */
export function toPmRequest(
  out: OutgoingRequest,
  spec: RequestStep['request'],
  description?: string,
): PmRequestJson {
  const form = spec.form?.map((f) => ({ key: f.name, value: f.value }));
  const formdata = spec.multipart?.map((p): PmFormParam => {
    const type = p.contentType !== undefined ? { contentType: p.contentType } : {};
    return 'file' in p
      ? // postman-runtime disables a file entry it cannot read.
        { key: p.name, type: 'file', src: p.file, ...type, ...(existsSync(p.file) ? {} : { disabled: true }) }
      : { key: p.name, type: 'text', value: p.value, ...type };
  });
  return {
    url: out.url,
    method: out.method,
    header: Object.entries(out.headers).map(([key, value]) => ({ key, value })),
    ...(form
      ? { body: { mode: 'urlencoded' as const, urlencoded: form } }
      : formdata
        ? { body: { mode: 'formdata' as const, formdata } }
        : out.body !== undefined
          ? {
              body: {
                mode: 'raw' as const,
                raw: out.body,
                ...(spec.bodyLanguage !== undefined
                  ? { options: { raw: { language: spec.bodyLanguage } } }
                  : {}),
              },
            }
          : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

/**
 * pm.request in a test script: the request as it was sent, with what auth added
 * (an Authorization header; OAuth 1.0 parameters in the query, or in a form body,
 * as postman-runtime adds them to the item's request), and a GET body that was
 * pruned, which newman still shows.
 */
export function sentPmRequest(
  built: OutgoingRequest,
  out: OutgoingRequest,
  sent: HttpTrace['request'] | undefined,
  spec: RequestStep['request'],
  description?: string,
): PmRequestJson {
  const signedForm =
    spec.form !== undefined && sent?.body !== undefined && sent.body !== out.body
      ? decodeForm(sent.body).map(([name, value]) => ({ name, value: value ?? '' }))
      : undefined;
  return toPmRequest(
    {
      ...out,
      url: sent?.url ?? out.url,
      body: built.body,
      headers: { host: new URL(out.url).host, ...(sent?.headers ?? out.headers) },
    },
    signedForm ? { ...spec, form: signedForm } : spec,
    description,
  );
}

/** The request a pre-request script left, as a spec (its variables already filled). */
export function fromPmRequest(r: PmRequestJson, spec: RequestStep['request']): RequestStep['request'] {
  const headers: Record<string, string> = {};
  for (const h of r.header) if (!h.disabled) headers[h.key] = h.value;
  const body =
    r.body?.mode === 'raw'
      ? {
          body: r.body.raw,
          ...(r.body.options?.raw?.language ? { bodyLanguage: r.body.options.raw.language } : {}),
        }
      : r.body?.mode === 'urlencoded'
        ? { form: r.body.urlencoded.map((p) => ({ name: p.key, value: p.value })) }
        : r.body?.mode === 'formdata'
          ? {
              multipart: r.body.formdata.map((p) => ({
                name: p.key,
                ...(p.type === 'file' ? { file: p.src } : { value: p.value }),
                ...(p.contentType !== undefined ? { contentType: p.contentType } : {}),
              })),
            }
          : {};
  return {
    method: r.method,
    url: r.url,
    headers,
    query: {},
    ...body,
    // protocolProfileBehavior is not part of the request a script edits: it still applies.
    followRedirects: spec.followRedirects,
    ...(spec.cookies === false ? { cookies: false as const } : {}),
    ...(spec.disableUrlEncoding ? { disableUrlEncoding: true } : {}),
    ...(spec.disableBodyPruning ? { disableBodyPruning: true } : {}),
    ...(spec.disabledSystemHeaders ? { disabledSystemHeaders: spec.disabledSystemHeaders } : {}),
    timeoutMs: spec.timeoutMs,
  };
}

export function toPmResponse(res: HttpResponse, jarCookies: PmCookieJson[]): PmResponseJson {
  return {
    code: res.status,
    header: Object.entries(res.headers).map(([key, value]) => ({ key, value })),
    body: res.body,
    responseTime: Math.round(res.durationMs),
    jarCookies,
  };
}
