/**
 * HTTP methods are tokens (RFC 9110 §9.1, §5.6.2): Postman sends any (PROPFIND,
 * PURGE, its own tests use POSTMAN), so gatecheck does too, as written (methods
 * are case-sensitive: `get` is not `GET`). What cannot be a token would break the
 * request line, so it is refused at load time.
 */

/** tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What is wrong with a method as written, or undefined. */
export function methodProblem(method: string): string | undefined {
  if (TOKEN.test(method)) return undefined;
  const bad = [...method].find((c) => !TOKEN.test(c)) ?? '';
  return `invalid HTTP method ${JSON.stringify(method)}: a method is one token (letters, digits and !#$%&'*+-.^_\`|~), without ${JSON.stringify(bad)}`;
}

/** Methods whose body Postman drops unless the request sets protocolProfileBehavior.disableBodyPruning (postman-runtime's METHODS_WITHOUT_BODY). */
const POSTMAN_BODYLESS = new Set(['GET', 'COPY', 'HEAD', 'PURGE', 'UNLOCK']);

export function postmanPrunesBody(method: string): boolean {
  return POSTMAN_BODYLESS.has(method.toUpperCase());
}
