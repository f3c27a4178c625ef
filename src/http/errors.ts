/** A request that could not be made: a stable code and a plain, one-line message. */
export type TransportErrorCode =
  | 'E_CONNREFUSED'
  | 'E_TIMEOUT'
  | 'E_DNS'
  | 'E_RESET'
  | 'E_TLS'
  | 'E_URL'
  | 'E_BODY_TOO_LARGE'
  | 'E_INTERRUPTED'
  | 'E_REDIRECT'
  | 'E_DECODE'
  | 'E_PROTOCOL'
  | 'E_TRANSPORT';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
  ) {
    // One line, whatever a server or a library put in it.
    const line = message.replace(/\s+/g, ' ').trim();
    super(line.length > 300 ? `${line.slice(0, 300)}…` : line);
  }
}

/** Maps what undici or Node threw to a TransportError a person can read. */
export function toTransportError(error: unknown, url: URL, timeoutMs: number): TransportError {
  if (error instanceof TransportError) return error;
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (e.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TransportError('E_TIMEOUT', `timed out after ${timeoutMs} ms`);
  }
  if (code === 'ECONNREFUSED') return new TransportError('E_CONNREFUSED', `connection refused to ${where}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TransportError('E_DNS', `host not found: ${url.hostname}`);
  // Interim 1xx responses are skipped (interim.ts); these two are not interim.
  if (code === 'UND_ERR_SOCKET' && e.message === 'bad response')
    return new TransportError('E_PROTOCOL', `${where} sent a response when no request was waiting for one`);
  if (code === 'UND_ERR_SOCKET' && e.message === 'bad upgrade')
    return new TransportError(
      'E_PROTOCOL',
      `${where} answered 101 Switching Protocols, which the request did not ask for`,
    );
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new TransportError('E_RESET', `connection to ${where} was closed unexpectedly`);
  }
  if (/redirect loop/i.test(e.message ?? ''))
    return new TransportError('E_REDIRECT', `redirect loop at ${url.href}`);
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code) || /certificate/i.test(e.message)) {
    return new TransportError(
      'E_TLS',
      `TLS error with ${where}: ${e.message} (--insecure skips verification)`,
    );
  }
  return new TransportError('E_TRANSPORT', `request to ${where} failed: ${e.message || code}`);
}
