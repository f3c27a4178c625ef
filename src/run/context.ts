/** What every step of a run shares. */
import type { TokenCache } from '../auth/token-cache.js';
import type { SessionCache } from '../auth/session.js';
import type { DigestSessions } from '../auth/digest.js';
import type { HttpClient } from '../http/client.js';
import type { SecretSet } from '../mask/secrets.js';
import type { Collection } from '../model/collection.js';
import type { Variables } from '../plan/variables.js';

export interface RunContext {
  collection: Collection;
  variables: Variables;
  http: HttpClient;
  tokens: TokenCache;
  /** Session profiles' sign-ins, shared by the run like tokens. */
  sessions: SessionCache;
  /** Digest profiles' nonces, learnt from challenges and reused as Postman does. */
  digests: DigestSessions;
  secrets: SecretSet;
  /** Per-request timeout unless a step sets its own. */
  timeoutMs: number;
  /** ms since the run started. */
  elapsed: () => number;
  /** --security: probe every step that has auth, as if it were `secured`. */
  securityAll: boolean;
  /** Aborted when the run must stop (SIGINT). */
  signal: AbortSignal;
}
