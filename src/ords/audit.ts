/**
 * The exposure checks an ORDS security reviewer runs against a server, as a run
 * result every reporter renders (one scenario per check, one step per request):
 *   ✓ metadata-catalog/ refuses anonymous callers      GET /ords/hr/metadata-catalog/ → 401
 *   ✗ REST-enabled SQL is off                           POST /ords/hr/_/sql → 401 (it answers)
 * A failed check is an exposure found; a request that could not be made is an error.
 */
import type { HttpClient, HttpResponse } from '../http/client.js';
import type { CheckResult, RunResult, ScenarioResult, StepResult } from '../model/result.js';
import { computeStats } from '../model/stats.js';
import type { SecretSet } from '../mask/secrets.js';
import type { LoadedSecurity } from './load.js';

export interface AuditOptions {
  baseUrl: string;
  alias: string;
  client?: { id: string; secret: string };
  /** A second alias on the same server: a token of `alias` must not open it. */
  otherAlias?: string;
  /** A protected path (relative to the alias) to try a token on under the other alias. */
  protectedPath?: string;
  /** The security script or config, for what only it can tell (roles granted). */
  security?: LoadedSecurity;
  timeoutMs: number;
}

interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Under another alias than the audited one. */
  alias?: string;
}

/** Stack trace markers: Java frames, exception class names, ORDS's debug fields. */
const STACK_TRACE =
  /"stackTrace"|"diagnosticTrace"|\bat [a-z][\w$]*(\.[\w$]+)+\([\w$]+\.java:\d+\)|\b[a-z]+(\.[a-z]+)+\.[A-Z]\w*Exception\b/;

export async function runAudit(
  options: AuditOptions,
  http: HttpClient,
  secrets: SecretSet,
): Promise<RunResult> {
  const started = Date.now();
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const scenarios: ScenarioResult[] = [];
  const root = options.baseUrl.replace(/\/+$/, '');
  let lastBody = '';
  const urlOf = (p: Probe) => `${root}/ords/${p.alias ?? options.alias}${p.path}`;

  const check = async (
    name: string,
    probes: Probe[],
    judge: (responses: HttpResponse[]) => CheckResult[],
    caller = 'anonymous',
  ): Promise<void> => {
    const startMs = elapsed();
    const steps: StepResult[] = [];
    const responses: HttpResponse[] = [];
    for (const [i, p] of probes.entries()) {
      const url = urlOf(p);
      const step: StepResult = {
        index: i,
        name: `${p.method} ${url}`,
        kind: 'request',
        outcome: 'passed',
        endpoint: `${p.method} /ords/${p.alias ?? options.alias}${p.path}`,
        caller,
        request: { method: p.method, url },
        retried: false,
        exchanges: [],
        tokenEvents: [],
        checks: [],
        startMs: elapsed(),
        durationMs: 0,
      };
      steps.push(step);
      try {
        const res = await http.send({
          method: p.method,
          url,
          headers: { accept: 'application/json', ...p.headers },
          body: p.body,
          timeoutMs: options.timeoutMs,
        });
        responses.push(res);
        lastBody = res.body;
        step.response = { status: res.status, durationMs: res.durationMs };
        step.exchanges.push({
          kind: 'request',
          method: p.method,
          url,
          status: res.status,
          startMs: step.startMs,
          durationMs: res.durationMs,
        });
      } catch (e) {
        const err = e as Error & { code?: string };
        step.outcome = 'error';
        step.error = { code: err.code ?? 'E_INTERNAL', message: err.message };
        step.durationMs = elapsed() - step.startMs;
        scenarios.push(scenario(scenarios.length, name, steps, startMs, elapsed()));
        return;
      }
      step.durationMs = elapsed() - step.startMs;
    }
    // One check per request lands on its own step; otherwise all on the last one.
    const checks = judge(responses);
    steps.forEach((step, i) => {
      step.checks = checks.length === steps.length ? [checks[i]!] : i === steps.length - 1 ? checks : [];
      if (step.checks.some((c) => !c.passed)) {
        step.outcome = 'failed';
        const res = responses[i]!;
        step.response = { ...step.response!, headers: res.headers, bodyExcerpt: res.body.slice(0, 2048) };
      }
    });
    scenarios.push(scenario(scenarios.length, name, steps, startMs, elapsed()));
  };
  const skip = (name: string, why: string) => {
    scenarios.push({
      index: scenarios.length,
      name: `${name} (not checked: ${why})`,
      outcome: 'skipped',
      steps: [],
      startMs: elapsed(),
      durationMs: 0,
    });
  };

  await check(
    'metadata-catalog/ refuses anonymous callers (p_auto_rest_auth)',
    [{ method: 'GET', path: '/metadata-catalog/' }],
    ([r]) => [
      refusedCheck(
        r!,
        'the schema metadata is open to anyone: ORDS.ENABLE_SCHEMA(p_auto_rest_auth => TRUE) closes it',
      ),
    ],
  );

  // Listing modules anonymously is what `gatecheck probe` relies on, so it is reported, not failed.
  await check(
    'open-api-catalog/ as seen by anonymous callers',
    [{ method: 'GET', path: '/open-api-catalog/' }],
    ([r]) => [
      {
        check: 'anonymous open-api-catalog',
        expected: 'refused, or a deliberate public catalog',
        actual: r!.status,
        passed: true,
      },
    ],
  );
  const catalog = scenarios[scenarios.length - 1]!;
  const listed = catalog.steps[0]?.response?.status === 200 ? countItems(lastBody) : 0;
  if (catalog.outcome === 'passed' && catalog.steps[0]?.response?.status === 200)
    catalog.name = `open-api-catalog/ answers anonymous callers, listing ${listed} module(s) (reported, not failed)`;

  await check(
    'REST-enabled SQL is off',
    [
      {
        method: 'POST',
        path: '/_/sql',
        headers: { 'content-type': 'application/sql' },
        body: 'select 1 from dual',
      },
    ],
    ([r]) => [
      {
        check: 'REST-enabled SQL',
        expected: 404,
        actual: r!.status,
        passed: r!.status === 404,
        message:
          r!.status === 404
            ? undefined
            : `/_/sql answers (${r!.status}): REST-enabled SQL is on for this alias`,
      },
    ],
  );

  if (options.security) {
    const holders = sqlDeveloperHolders(options.security);
    scenarios.push({
      index: scenarios.length,
      name: 'no OAuth client or privilege holds the SQL Developer role',
      outcome: holders.length ? 'failed' : 'passed',
      startMs: elapsed(),
      durationMs: 0,
      steps: [
        {
          index: 0,
          name: 'roles granted in the security script',
          kind: 'request',
          outcome: holders.length ? 'failed' : 'passed',
          retried: false,
          exchanges: [],
          tokenEvents: [],
          startMs: elapsed(),
          durationMs: 0,
          checks: [
            {
              check: 'SQL Developer role',
              expected: [],
              actual: holders,
              passed: holders.length === 0,
              message: holders.length
                ? `${holders.join(', ')}: "SQL Developer" is the role ORDS gives authenticated database users; granting it opens what they may call`
                : undefined,
            },
          ],
        },
      ],
    });
  } else skip('no OAuth client or privilege holds the SQL Developer role', 'give --script');

  const client = options.client;
  if (!client) {
    skip('token endpoint refuses GET', 'no client credentials in the environment');
    skip('token responses carry Cache-Control: no-store', 'no client credentials in the environment');
    skip('a token of one alias is refused by another', 'no client credentials in the environment');
  } else {
    secrets.add(client.secret);
    secrets.addBasic(client.id, client.secret);
    const basic = {
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
    };
    await check(
      'token endpoint refuses GET',
      [{ method: 'GET', path: '/oauth/token?grant_type=client_credentials', headers: basic }],
      ([r]) => {
        const issued = accessToken(r!.body);
        if (issued) secrets.add(issued); // the report keeps the body of a failed check: mask the token
        return [
          {
            check: 'token on GET',
            expected: 'refused',
            actual: r!.status,
            passed: !(r!.status === 200 && /access_token/.test(r!.body)),
            message:
              r!.status === 200
                ? 'a GET issued a token: credentials in URLs end up in logs and caches'
                : undefined,
          },
        ];
      },
      'client',
    );
    let token: string | undefined;
    await check(
      'token responses carry Cache-Control: no-store',
      [
        {
          method: 'POST',
          path: '/oauth/token',
          headers: { ...basic, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
        },
      ],
      ([r]) => {
        token = accessToken(r!.body);
        if (token) secrets.add(token);
        if (r!.status !== 200 || !token)
          return [
            {
              check: 'token',
              expected: 200,
              actual: r!.status,
              passed: false,
              message: 'the client could not get a token; check its credentials',
            },
          ];
        const cache = r!.headers['cache-control'] ?? '';
        return [
          {
            check: 'Cache-Control',
            expected: 'no-store',
            actual: cache || '(none)',
            passed: /\bno-store\b/i.test(cache),
            message: /\bno-store\b/i.test(cache)
              ? undefined
              : 'RFC 6749 §5.1: a token response must not be cached',
          },
        ];
      },
      'client',
    );
    if (!options.otherAlias || !options.protectedPath)
      skip('a token of one alias is refused by another', 'give --other-alias and --path (or --script)');
    else if (!token) skip('a token of one alias is refused by another', 'no token');
    else {
      const bearer = { authorization: `Bearer ${token}` };
      await check(
        `a token of "${options.alias}" is refused by "${options.otherAlias}"`,
        [{ method: 'GET', path: options.protectedPath, headers: bearer, alias: options.otherAlias }],
        ([r]) => [
          {
            check: 'cross-alias token',
            expected: 'refused (401 or 404)',
            actual: r!.status,
            passed: r!.status >= 400,
            message:
              r!.status < 400
                ? `a token issued for /ords/${options.alias}/ opened /ords/${options.otherAlias}${options.protectedPath}`
                : undefined,
          },
        ],
        'client',
      );
    }
  }

  await check(
    'error bodies carry no stack trace',
    [
      { method: 'GET', path: '/gatecheck-audit-no-such-resource/' },
      {
        method: 'POST',
        path: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=nonsense',
      },
    ],
    (responses) =>
      responses.map((r, i) => ({
        check: i === 0 ? 'stack trace in a 404 body' : 'stack trace in a token error body',
        expected: 'none',
        actual: STACK_TRACE.test(r.body) ? 'stack trace' : 'none',
        passed: !STACK_TRACE.test(r.body),
        message: STACK_TRACE.test(r.body)
          ? 'debug output reaches callers (debug.printDebugToScreen)'
          : undefined,
      })),
  );

  const failed = scenarios.some((s) => s.outcome === 'failed' || s.outcome === 'error');
  return {
    collection: { name: `ORDS audit of /ords/${options.alias}/`, file: root },
    startedAt: new Date(started).toISOString(),
    durationMs: elapsed(),
    outcome: failed ? 'failed' : 'passed',
    interrupted: false,
    scenarios,
    stats: computeStats(scenarios),
  };
}

function scenario(
  index: number,
  name: string,
  steps: StepResult[],
  startMs: number,
  endMs: number,
): ScenarioResult {
  const outcome = steps.some((s) => s.outcome === 'error')
    ? 'error'
    : steps.some((s) => s.outcome === 'failed')
      ? 'failed'
      : 'passed';
  return { index, name, outcome, steps, startMs, durationMs: endMs - startMs };
}

function refusedCheck(r: HttpResponse, exposure: string): CheckResult {
  const refused = r.status === 401 || r.status === 403 || r.status === 404;
  return {
    check: 'anonymous access',
    expected: 'refused (401)',
    actual: r.status,
    passed: refused,
    message: refused ? undefined : exposure,
  };
}

function countItems(body: string): number {
  try {
    const items = (JSON.parse(body) as { items?: unknown[] }).items;
    return Array.isArray(items) ? items.length : 0;
  } catch {
    return 0;
  }
}

function accessToken(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { access_token?: unknown }).access_token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** `client "x"` and `privilege "y"` entries that grant the built-in SQL Developer role. */
export function sqlDeveloperHolders(security: LoadedSecurity): string[] {
  const role = 'SQL Developer';
  return [
    ...security.grantedRoles.filter((g) => g.role === role).map((g) => `client "${g.client}"`),
    ...security.model.privileges.filter((p) => p.roles.has(role)).map((p) => `privilege "${p.name}"`),
  ];
}
