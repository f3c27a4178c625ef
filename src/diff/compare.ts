/**
 * What a change changed: two JSON reports compared per endpoint and caller.
 *   GET /ords/{{alias}}/customers/validation/42   protected -> public
 *     anonymous   401 -> 200   now allowed
 * Pure: reports (or their observations, streamed) in, a list of changes out.
 */
import type { Report } from '../model/report.js';
import type { ScenarioResult } from '../model/result.js';

export interface Observation {
  collection: string;
  endpoint: string;
  caller: string;
  status?: number;
}

export type ChangeKind = 'now allowed' | 'now refused' | 'status changed' | 'new' | 'gone';

export interface CallerChange {
  caller: string;
  before?: number;
  after?: number;
  kind: ChangeKind;
}

export interface EndpointChange {
  collection: string;
  endpoint: string;
  /** 'public', 'protected' or 'unknown' (no anonymous caller), before and after. */
  access: { before: Access; after: Access };
  callers: CallerChange[];
}

export type Access = 'public' | 'protected' | 'unknown' | 'absent';

export interface Comparison {
  endpoints: number;
  changes: EndpointChange[];
}

/** Every (endpoint, caller) a report saw: each step's own caller and its probes. */
export function observations(report: Report): Observation[] {
  return report.runs.flatMap((run) =>
    run.scenarios.flatMap((s) => scenarioObservations(run.collection.file, s)),
  );
}

/** One scenario's observations: what a streamed report yields as it is read. */
export function scenarioObservations(collection: string, scenario: ScenarioResult): Observation[] {
  const out: Observation[] = [];
  for (const step of scenario.steps) {
    if (step.kind !== 'request' || step.outcome === 'skipped') continue;
    const endpoint = step.endpoint ?? step.name;
    out.push({ collection, endpoint, caller: step.caller ?? 'anonymous', status: step.response?.status });
    for (const p of step.probes ?? []) out.push({ collection, endpoint, caller: p.caller, status: p.status });
  }
  return out;
}

/** Endpoint -> caller -> the last observation: all diff keeps of a report, however long. */
export type ObservationIndex = Map<string, Map<string, Observation>>;

export function indexObservations(obs: Iterable<Observation>): ObservationIndex {
  const map: ObservationIndex = new Map();
  for (const o of obs) {
    const key = `${o.collection}\u0000${o.endpoint}`;
    if (!map.has(key)) map.set(key, new Map());
    map.get(key)!.set(o.caller, o); // the last observation of a caller wins
  }
  return map;
}

const refused = (s: number | undefined) => s === 401 || s === 403;
const admitted = (s: number | undefined) => s !== undefined && s < 400;

export function compareReports(before: Report, after: Report): Comparison {
  return compareIndexes(indexObservations(observations(before)), indexObservations(observations(after)));
}

export function compareIndexes(a: ObservationIndex, b: ObservationIndex): Comparison {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const changes: EndpointChange[] = [];
  for (const key of keys) {
    const [collection = '', endpoint = ''] = key.split('\u0000');
    const was = a.get(key);
    const now = b.get(key);
    const callers: CallerChange[] = [];
    for (const caller of new Set([...(was?.keys() ?? []), ...(now?.keys() ?? [])])) {
      const x = was?.get(caller)?.status;
      const y = now?.get(caller)?.status;
      const inBefore = was?.has(caller) ?? false;
      const inAfter = now?.has(caller) ?? false;
      if (inBefore && inAfter && x === y) continue;
      const kind: ChangeKind = !inBefore
        ? 'new'
        : !inAfter
          ? 'gone'
          : refused(x) && admitted(y)
            ? 'now allowed'
            : admitted(x) && refused(y)
              ? 'now refused'
              : 'status changed';
      callers.push({ caller, before: x, after: y, kind });
    }
    if (callers.length > 0)
      changes.push({ collection, endpoint, access: { before: access(was), after: access(now) }, callers });
  }
  return { endpoints: keys.length, changes };
}

function access(callers: Map<string, Observation> | undefined): Access {
  if (!callers) return 'absent';
  const anonymous = callers.get('anonymous');
  if (!anonymous || anonymous.status === undefined) return 'unknown';
  return admitted(anonymous.status) ? 'public' : refused(anonymous.status) ? 'protected' : 'unknown';
}
