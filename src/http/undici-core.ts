/**
 * The parts of undici the runner uses (Agent, request),
 * loaded without the rest of the package (fetch, WebSocket, mocks, caches): the
 * full entry point costs ~90 ms of every start, these ~33 ms. undici's own
 * index.js wires the request API onto Dispatcher the same way. The version is
 * pinned by the lockfile, and every HTTP test goes through this module.
 */
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, EnvHttpProxyAgent } from 'undici';

const require = createRequire(import.meta.url);
const DispatcherBase = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
if (!('request' in DispatcherBase.prototype))
  Object.assign(DispatcherBase.prototype, require('undici/lib/api/index.js'));

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;

/** Loaded only when HTTP_PROXY or HTTPS_PROXY is set. */
export function envProxyAgent(): typeof EnvHttpProxyAgent {
  return require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof EnvHttpProxyAgent;
}
