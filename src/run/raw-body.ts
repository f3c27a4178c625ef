/**
 * Postman mode: a raw body as postman-runtime sends it. Just before sending it
 * removes comments from a JSON body (request-helpers-presend.js), so `// a note`
 * or a field commented out reaches the server as valid JSON; its rule is the
 * body's language when Postman recorded one (only `json`), else a JSON
 * Content-Type. Then, for a body still sent without a Content-Type, its raw body
 * builder adds its language's (core-body-builder.js). Pre-request scripts run
 * before both, so they see neither.
 */
import { createRequire } from 'node:module';
import type StripJsonComments from 'strip-json-comments';
import type { OutgoingRequest } from '../http/client.js';
import type { RequestStep } from '../model/collection.js';

const JSON_CONTENT_TYPE = /^application\/(\S+\+)?json/;

/** postman-runtime's Content-Type for a raw body's language. */
const RAW_CONTENT_TYPES: Record<string, string> = {
  html: 'text/html',
  text: 'text/plain',
  json: 'application/json',
  javascript: 'application/javascript',
  xml: 'application/xml',
};

// Loaded on first use: most runs never send a commented body.
let strip: typeof StripJsonComments | undefined;

export function withoutJsonComments(
  body: string,
  language: string | undefined,
  contentType?: string,
): string {
  if (!body.includes('//') && !body.includes('/*')) return body;
  const json = language
    ? language === 'json'
    : contentType !== undefined && JSON_CONTENT_TYPE.test(contentType);
  if (!json) return body;
  strip ??= createRequire(import.meta.url)('strip-json-comments') as typeof StripJsonComments;
  return strip(body, { whitespace: false });
}

/** `built` with its raw body's comments removed (before pruning: postman-runtime strips first). */
export function strippedRawBody(built: OutgoingRequest, spec: RequestStep['request']): OutgoingRequest {
  if (built.body === undefined || spec.body === undefined) return built;
  const body = withoutJsonComments(built.body, spec.bodyLanguage, built.headers['content-type']);
  return body === built.body ? built : { ...built, body };
}

/** `out` with the Content-Type postman-runtime gives a raw body it sends without one. */
export function rawContentType(out: OutgoingRequest, spec: RequestStep['request']): OutgoingRequest {
  if (out.body === undefined || spec.body === undefined || out.headers['content-type'] !== undefined)
    return out;
  if (spec.disabledSystemHeaders?.includes('content-type')) return out;
  const type = RAW_CONTENT_TYPES[spec.bodyLanguage ?? 'text'] ?? RAW_CONTENT_TYPES.text!;
  return { ...out, headers: { ...out.headers, 'content-type': type } };
}
