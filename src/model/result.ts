/**
 * What a run produced: a tree shaped like the collection. Plain data, so the
 * JSON report is this structure and every reporter renders the same records.
 */
import type { MultipartPart } from './collection.js';

/** One check: `{ check: 'status', expected: 200, actual: 401, passed: false }`. */
export interface CheckResult {
  check: string;
  expected: unknown;
  actual: unknown;
  passed: boolean;
  /** Why it failed, when expected/actual alone do not say (e.g. "body is not JSON"). */
  message?: string;
}

/**
 * A request on the wire, typed by why it was sent: the step's `request`, its
 * `retry` after a 401, a security `probe` as another caller, or a `token` fetch.
 * Times are ms since the run started.
 */
export type Exchange = ExchangeBase &
  (
    | { kind: 'request' }
    | { kind: 'retry' }
    /** `retry`: the probe's own repeat after a 401 (an `allow` caller with a token). */
    | { kind: 'probe'; caller: string; retry: boolean }
    /** The profile whose token was fetched. */
    | { kind: 'token'; profile: string }
  );

export interface ExchangeBase {
  method: string;
  url: string;
  status?: number;
  startMs: number;
  durationMs: number;
  error?: string;
}

export type TokenEventKind = 'fetched' | 'refreshed' | 'failed';

export interface TokenEvent {
  kind: TokenEventKind;
  profile: string;
  /** Why a refresh happened: 'expiring' (proactive) or '401'. */
  reason?: 'expiring' | '401';
  /** How a refresh got its token: grant_type=refresh_token, or the profile's full grant again. */
  via?: 'refresh_token' | 'grant';
  status?: number;
  message?: string;
}

/** A request that could not be made or a token that could not be had: an error, not a failed check. */
export interface StepError {
  code: string;
  message: string;
}

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

/** One caller sent by a `secured` step: who, what had to happen, what did. */
export interface ProbeResult {
  /** 'anonymous', 'invalid bearer token', 'wrong Basic password', or a profile name. */
  caller: string;
  kind: 'anonymous' | 'invalid-token' | 'wrong-password' | 'deny' | 'allow';
  /** Refused statuses (e.g. [401]) for denied callers; the step's status for allowed ones. */
  expected: number | number[] | string;
  status?: number;
  passed: boolean;
  /** The token endpoint refused the caller's credentials: it never reached the endpoint. */
  tokenRefused?: { status: number; error?: string };
  error?: string;
}

/** "refused at token endpoint (401 invalid_client)": how reports show a token refusal. */
export function describeRefusal(r: NonNullable<ProbeResult['tokenRefused']>): string {
  return `refused at token endpoint (${r.status}${r.error ? ` ${r.error}` : ''})`;
}

export interface StepResult {
  index: number;
  name: string;
  kind: 'request' | 'wait';
  outcome: Outcome;
  /** METHOD and URL as written (variables unresolved): the same endpoint in every environment. */
  endpoint?: string;
  /** Who the step called as: its auth profile, or 'anonymous'. */
  caller?: string;
  /** The callers a secured step also sent. */
  probes?: ProbeResult[];
  /** Headers and a body excerpt as sent are kept only when the step failed or errored. */
  request?: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    bodyExcerpt?: string;
    /** A multipart body's parts as sent (files as paths), for the report's curl line. */
    multipart?: MultipartPart[];
  };
  /** Headers and a body excerpt are kept only when a check failed. */
  response?: { status: number; durationMs: number; headers?: Record<string, string>; bodyExcerpt?: string };
  retried: boolean;
  exchanges: Exchange[];
  tokenEvents: TokenEvent[];
  /** Time spent waiting for a token that another step was fetching (not part of the step's own time). */
  tokenWait?: { profile: string; ms: number };
  checks: CheckResult[];
  error?: StepError;
  startMs: number;
  durationMs: number;
}

export interface ScenarioResult {
  index: number;
  name: string;
  /** Position in the full, unsharded run (what merge sorts by). */
  order?: number;
  /** 1-based, when the run had more than one iteration. */
  iteration?: number;
  /** The data row the scenario ran with (--data). */
  row?: { index: number; name: string };
  outcome: Outcome;
  steps: StepResult[];
  startMs: number;
  durationMs: number;
}

export interface RunStats {
  scenarios: { total: number; passed: number; failed: number; skipped: number };
  steps: { total: number; passed: number; failed: number; errored: number; skipped: number };
  checks: { total: number; passed: number; failed: number };
  requests: number;
  tokenFetches: number;
  retries: number;
}

export interface RunResult {
  collection: { name: string; file: string };
  /** What the run was pointed at (the environment file, the resolved baseUrl), when known. */
  target?: { environment?: string; baseUrl?: string };
  startedAt: string;
  durationMs: number;
  outcome: 'passed' | 'failed';
  interrupted: boolean;
  scenarios: ScenarioResult[];
  stats: RunStats;
}
