/**
 * Security probes of a secured step: the same request sent as callers who must
 * be refused (nobody, an invalid bearer token, a wrong Basic password, the step's
 * `deny` profiles) and as its `allow` profiles, who must get in. Each is a real
 * request, recorded as an exchange and reported as a check of its own. Each
 * probe's credentials replace the step's, from whatever source (an explicit
 * Authorization header included). A caller whose token the token endpoint
 * refuses (e.g. 401 invalid_client) did not get in.
 */
import { randomBytes } from 'node:crypto';
import { evaluateStatus } from '../assert/evaluate.js';
import { withCredentials, withoutCredentials } from '../auth/credentials.js';
import { TokenError } from '../auth/oauth2.js';
import type { OutgoingRequest } from '../http/client.js';
import type { RequestStep } from '../model/collection.js';
import { describeRefusal, type CheckResult, type ProbeResult } from '../model/result.js';
import { interpolate } from '../plan/template.js';
import { sendAs, sendRecorded, type Sender } from './send-as.js';

const WRONG_PASSWORD = 'gatecheck-wrong-password';

interface Probe {
  caller: string;
  kind: ProbeResult['kind'];
  expected: ProbeResult['expected'];
  send: () => Promise<number>;
}

export async function runProbes(
  s: Sender,
  step: RequestStep,
  base: OutgoingRequest,
  profileName: string | undefined,
  /** The step's status expectation, resolved: what an `allow` caller must get. */
  allowed: ProbeResult['expected'] = '2xx',
): Promise<{ probes: ProbeResult[]; checks: CheckResult[] }> {
  const refused = s.ctx.collection.security.refusedStatus;
  const bare = withoutCredentials(base);
  const as = (headers: Record<string, string>, caller: string) => async () => {
    const out = withCredentials(bare, { headers, query: {} });
    return (await sendRecorded(s, out, { kind: 'probe', caller }, false)).status;
  };
  const user = basicUser(s, profileName);
  const probes: Probe[] = [
    { caller: 'anonymous', kind: 'anonymous', expected: refused, send: as({}, 'anonymous') },
    {
      caller: 'invalid bearer token',
      kind: 'invalid-token',
      expected: refused,
      send: as({ authorization: `Bearer ${randomBytes(16).toString('base64url')}` }, 'invalid bearer token'),
    },
    {
      caller: 'wrong Basic password',
      kind: 'wrong-password',
      expected: refused,
      send: as(
        { authorization: `Basic ${Buffer.from(`${user}:${WRONG_PASSWORD}`).toString('base64')}` },
        'wrong Basic password',
      ),
    },
    ...apiKeyProbe(s, bare, profileName),
    ...step.deny.map((p): Probe => ({
      caller: p,
      kind: 'deny',
      expected: refused,
      send: async () =>
        (await sendAs(s, bare, p, { retry: false, purpose: { kind: 'probe', caller: p } })).res.status,
    })),
    ...step.allow.map((p): Probe => ({
      caller: p,
      kind: 'allow',
      expected: allowed,
      send: async () =>
        (await sendAs(s, bare, p, { retry: true, purpose: { kind: 'probe', caller: p } })).res.status,
    })),
  ];

  const results: ProbeResult[] = [];
  for (const probe of probes) {
    const { caller, kind, expected } = probe;
    try {
      const status = await probe.send();
      results.push({ caller, kind, expected, status, passed: evaluateStatus(expected, status).passed });
    } catch (error) {
      const refusal = tokenRefusal(error);
      if (refusal) results.push({ caller, kind, expected, passed: kind !== 'allow', tokenRefused: refusal });
      else results.push({ caller, kind, expected, passed: false, error: (error as Error).message });
    }
  }
  const checks = results.map((p): CheckResult => ({
    check: `security ${p.caller} ${p.kind === 'allow' ? 'allowed' : 'refused'}`,
    expected: p.expected,
    actual: p.status ?? (p.tokenRefused ? describeRefusal(p.tokenRefused) : p.error),
    passed: p.passed,
  }));
  return { probes: results, checks };
}

/** An apiKey step is also sent with a garbled key, in the place the profile puts it. */
function apiKeyProbe(s: Sender, bare: OutgoingRequest, profileName: string | undefined): Probe[] {
  const profile = profileName ? s.ctx.collection.auth[profileName] : undefined;
  if (profile?.type !== 'apiKey') return [];
  const caller = 'invalid API key';
  const send = async () => {
    const garbled = randomBytes(16).toString('base64url');
    const out = withCredentials(
      bare,
      profile.in === 'header'
        ? { headers: { [profile.name.toLowerCase()]: garbled }, query: {} }
        : { headers: {}, query: { [profile.name]: garbled } },
    );
    return (await sendRecorded(s, out, { kind: 'probe', caller }, false)).status;
  };
  return [{ caller, kind: 'invalid-token', expected: s.ctx.collection.security.refusedStatus, send }];
}

/** A username for the wrong-password probe: the step's Basic user, else any in the collection. */
function basicUser(s: Sender, profileName: string | undefined): string {
  const profiles = s.ctx.collection.auth;
  const own = profileName ? profiles[profileName] : undefined;
  const basic = own?.type === 'basic' ? own : Object.values(profiles).find((p) => p.type === 'basic');
  return basic?.type === 'basic' ? interpolate(basic.username, s.lookup) || 'gatecheck' : 'gatecheck';
}

/** The token endpoint said no to these credentials (4xx), as opposed to failing. */
function tokenRefusal(error: unknown): ProbeResult['tokenRefused'] {
  if (!(error instanceof TokenError) || error.status === undefined) return undefined;
  if (error.status < 400 || error.status >= 500) return undefined;
  return { status: error.status, ...(error.oauthError ? { error: error.oauthError } : {}) };
}
