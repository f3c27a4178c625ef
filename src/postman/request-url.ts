/**
 * The URL postman-runtime sends for a Postman request, built by the same code:
 * postman-collection's Url parses the filled URL string (as the runtime re-parses
 * it after substituting variables) and postman-url-encoder's toNodeUrl encodes it
 * (newman runs with `useWhatWGUrlParser`). So a newline in a query becomes %0A,
 * `https:\\host` is `https://host`, unicode in a path or query is UTF-8
 * percent-encoded, `%2a` stays as written, and a `?` with nothing after it is kept.
 *
 *   "https://postman-echo.com/get?foo=\nbar\n"  ->  path "/get?foo=%0Abar%0A"
 *
 * Postman mode only: gatecheck's own YAML sends the URL as written.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface PmUrlObject {
  toString(forceProtocol?: boolean): string;
}
interface NodeUrl {
  protocol: string | null;
  auth: string | null;
  host: string | null;
  pathname: string | null;
  path: string | null;
  href: string;
}
interface Libraries {
  Url: new (url: string | object) => PmUrlObject;
  toNodeUrl(url: PmUrlObject, disableEncoding?: boolean): NodeUrl;
}
let libraries: Libraries | undefined;
/** Loaded at the first Postman URL: postman-collection is large, and a plain run never needs it. */
function lib(): Libraries {
  if (libraries) return libraries;
  const { Url } = require('postman-collection') as Pick<Libraries, 'Url'>;
  // The encoder postman-collection itself depends on (the version newman's runtime uses), resolved from there.
  const { toNodeUrl } = createRequire(require.resolve('postman-collection'))('postman-url-encoder') as Pick<
    Libraries,
    'toNodeUrl'
  >;
  return (libraries = { Url, toNodeUrl });
}

/**
 * A collection's URL object as the string postman-runtime substitutes variables in:
 * built from its parts (protocol, host, port, path, query, hash), never from `raw`.
 */
export function postmanUrlString(url: string | object): string {
  return new (lib().Url)(url).toString();
}

export interface PostmanRequestUrl {
  /** What reports show and the client connects to: scheme, host, port, path and query; no credentials. */
  url: string;
  /** The request-target, byte for byte as postman-runtime sends it. */
  path: string;
  /** user:password@ in the URL, decoded: Postman sends it as Basic auth when the request has no Authorization header. */
  credentials?: { user: string; password: string };
}

export function postmanRequestUrl(
  filled: string,
  options: { disableEncoding?: boolean } = {},
): PostmanRequestUrl {
  const { Url, toNodeUrl } = lib();
  const node = toNodeUrl(new Url(filled), options.disableEncoding === true);
  const path = node.path ?? '/';
  const url = `${node.protocol ?? 'http:'}//${node.host ?? ''}${path}`;
  if (node.auth === null) return { url, path };
  // postman-request: the userinfo split at ':', each piece unescaped (querystring.unescape).
  const [user = '', ...rest] = node.auth.split(':').map(unescapeLeniently);
  return { url, path, credentials: { user, password: rest.join(':') } };
}

function unescapeLeniently(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // querystring.unescape falls back to decoding what it can; a stray % stays as written.
    return s.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}
