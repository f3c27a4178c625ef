/**
 * Interim responses. HTTP/1.1 (RFC 9110 §15.2) has a client accept any number of
 * 1xx responses before the final one, asked for or not. undici's HTTP/1 parser
 * already skips 102, 103 and the rest of 1xx, but destroys the connection on
 * 100 Continue, since it never sends `Expect: 100-continue`. This pool factory
 * passes a 100 on to undici as the interim response it is (undici's own 103
 * path), on each connection's parser, when the connection opens. llhttp keeps
 * finding where each message ends (1xx never has a body); nothing is resent,
 * and a 101 or a response with no request waiting is refused as before.
 * Should undici's internals change, the hook finds no parser and undici's own
 * refusal stands (E_PROTOCOL): it fails closed.
 */
import type { Dispatcher } from 'undici';
import symbols from 'undici/lib/core/symbols.js';
import PoolClass from 'undici/lib/dispatcher/pool.js';
import ClientClass from 'undici/lib/dispatcher/client.js';

const { kSocket, kParser } = symbols;
type DispatcherClass = new (origin: URL | string, options: object) => Dispatcher;
const Pool = PoolClass as DispatcherClass;
const Client = ClientClass as DispatcherClass;

type HeadersComplete = (statusCode: number, upgrade: boolean, shouldKeepAlive: boolean) => number;
interface Parser {
  onHeadersComplete: HeadersComplete;
}
const accepted = new WeakSet<Parser>();

/** undici Agent's `factory`: its default (a Pool, or a Client for one connection), with interim 100 accepted. */
export function interimTolerantFactory(
  origin: URL | string,
  options: { connections?: number | null },
): Dispatcher {
  const dispatcher = options.connections === 1 ? new Client(origin, options) : new Pool(origin, options);
  dispatcher.on('connect', (_origin, targets) => acceptInterim100(targets[targets.length - 1]));
  return dispatcher;
}

function acceptInterim100(client: Dispatcher | undefined): void {
  const socket = (client as unknown as Record<symbol, Record<symbol, unknown> | undefined>)?.[kSocket!];
  const parser = socket?.[kParser!] as Parser | undefined;
  if (!parser || typeof parser.onHeadersComplete !== 'function' || accepted.has(parser)) return;
  accepted.add(parser);
  const original = parser.onHeadersComplete;
  parser.onHeadersComplete = function (statusCode, upgrade, shouldKeepAlive) {
    return original.call(this, statusCode === 100 ? 103 : statusCode, upgrade, shouldKeepAlive);
  };
}
