/**
 * ORDS-shaped responses. A problem body as ORDS 22.1 sends it (4-space indent,
 * trailing newline; 183 bytes for a 401 with a 22-character ecid):
 *   { "code": "Unauthorized", "message": "Unauthorized",
 *     "type": "tag:oracle.com,2020:error/Unauthorized", "instance": "tag:oracle.com,2020:ecid/…" }
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export type ProblemCode = 'Unauthorized' | 'NotFound' | 'BadRequest' | 'MethodNotAllowed';

const TITLES: Record<ProblemCode, string> = {
  Unauthorized: 'Unauthorized',
  NotFound: 'Not Found',
  BadRequest: 'Bad Request',
  MethodNotAllowed: 'Method Not Allowed',
};

export const STATUS: Record<ProblemCode, number> = {
  Unauthorized: 401,
  NotFound: 404,
  BadRequest: 400,
  MethodNotAllowed: 405,
};

/** 16 random bytes as base64url: the 22-character form ORDS uses for tokens and ecids. */
export function opaqueId(): string {
  return randomBytes(16).toString('base64url');
}

export function problemBody(code: ProblemCode, withTitle: boolean, message: string = code): string {
  const body = {
    code,
    ...(withTitle ? { title: TITLES[code] } : {}),
    message,
    type: `tag:oracle.com,2020:error/${code}`,
    instance: `tag:oracle.com,2020:ecid/${opaqueId()}`,
  };
  return JSON.stringify(body, null, 4) + '\n';
}

export function unauthorizedPage(alias: string, path: string): string {
  const signIn = `/ords/${alias}/sign-in/?r=${encodeURIComponent(path)}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>401 Unauthorized</title></head>
<body><h1>401 Unauthorized</h1>
<p>Access to this resource is protected. Please <a href="${signIn}">sign in</a> to access this resource.</p>
</body></html>
`;
}

export function errorPage(status: number, title: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${status} ${title}</title></head>
<body><h1>${status} ${title}</h1></body></html>
`;
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(value));
}
