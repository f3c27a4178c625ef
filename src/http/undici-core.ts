/**
 * The parts of undici the runner uses (Agent, EnvHttpProxyAgent, request),
 * imported without the rest of the package (fetch, WebSocket, mocks, caches):
 * the full entry point costs ~90 ms of every start, these ~33 ms, and static
 * imports let the command bundle carry them (scripts/bundle.mjs). undici's own
 * index.js wires the request API onto Dispatcher the same way. The version is
 * pinned by the lockfile, and every HTTP test goes through this module.
 */
import type { Agent as UndiciAgent, EnvHttpProxyAgent as UndiciEnvHttpProxyAgent } from 'undici';
import DispatcherBase from 'undici/lib/dispatcher/dispatcher.js';
import requestApi from 'undici/lib/api/index.js';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import EnvHttpProxyAgentClass from 'undici/lib/dispatcher/env-http-proxy-agent.js';

if (!('request' in DispatcherBase.prototype)) Object.assign(DispatcherBase.prototype, requestApi);

export const Agent = AgentClass as typeof UndiciAgent;
/** Used when HTTP_PROXY or HTTPS_PROXY is set. */
export const EnvHttpProxyAgent = EnvHttpProxyAgentClass as typeof UndiciEnvHttpProxyAgent;
