/** newman, as a library, run against the simulator: the list of check outcomes it saw. */
import newman from 'newman';
import { DEMO } from './demo.js';

export interface NewmanOutcome {
  /** `scenario/step/check/✓|✗`, from the exported items' ids (gatecheck-<scenario>-<step>). */
  checks: string[];
  /** Every HTTP exchange newman made: item id (or 'token') and status. */
  requests: string[];
}

const SECRETS = {
  ORDS_CLIENT_SECRET: DEMO.myapi.secret,
  LICENSE_CLIENT_SECRET: DEMO.license.secret,
  NOROLE_CLIENT_SECRET: DEMO.norole.secret,
  EXPIRING_CLIENT_SECRET: DEMO.expiring.secret,
  ORDS_PASSWORD: DEMO.user.password,
  ORDS_CLIENT_BASIC: Buffer.from(`${DEMO.myapi.id}:${DEMO.myapi.secret}`).toString('base64'),
};

export function runNewman(
  collection: object,
  environment: object,
  vars: Record<string, string>,
): Promise<NewmanOutcome> {
  const checks: string[] = [];
  const requests: string[] = [];
  const envVar = Object.entries({ ...SECRETS, ...vars }).map(([key, value]) => ({ key, value }));
  return new Promise((resolve, reject) => {
    newman
      .run({ collection, environment, envVar, reporters: [] } as newman.NewmanRunOptions)
      .on('request', (_err, a) => {
        const id = (a.item as { id?: string }).id ?? '';
        requests.push(`${id.startsWith('gatecheck-') ? id : 'token'} ${a.response?.code ?? 'error'}`);
      })
      .on('assertion', (err, a) => {
        const [, scenario, step] = /^gatecheck-(\d+)-(\d+)$/.exec((a.item as { id?: string }).id ?? '') ?? [];
        checks.push(`${scenario}/${step}/${a.assertion}/${err ? '✗' : '✓'}`);
      })
      .on('done', (err) => (err ? reject(err as Error) : resolve({ checks, requests })));
  });
}

/** One request as newman ran it: the item's name, its verdict, and each pm.test by name. */
export interface NewmanRequestVerdict {
  name: string;
  passed: boolean;
  assertions: Record<string, boolean>;
}

/**
 * Runs any Postman collection in newman and returns per-request verdicts in run
 * order: a request fails when an assertion fails, a script throws or the request
 * could not be made (what newman counts as failures).
 */
export function newmanVerdicts(
  /** An object, or a file path newman reads itself (its own decoding of BOMs and UTF-16). */
  collection: object | string,
  options: {
    environment?: object | string;
    globals?: object | string;
    iterationData?: unknown[];
    timeoutRequest?: number;
    /** Where relative formdata file paths are read from. */
    workingDir?: string;
  } = {},
): Promise<NewmanRequestVerdict[]> {
  const verdicts: NewmanRequestVerdict[] = [];
  const current = () => verdicts.at(-1);
  return new Promise((resolve, reject) => {
    newman
      .run({
        collection,
        environment: options.environment,
        globals: options.globals,
        iterationData: options.iterationData,
        ...(options.workingDir ? { workingDir: options.workingDir } : {}),
        timeoutRequest: options.timeoutRequest ?? 10_000,
        reporters: [],
      } as newman.NewmanRunOptions)
      .on('beforeItem', (_err, a) =>
        verdicts.push({ name: (a.item as { name: string }).name, passed: true, assertions: {} }),
      )
      .on('request', (err) => {
        if (err && current()) current()!.passed = false;
      })
      .on('assertion', (err, a) => {
        const v = current();
        if (!v) return;
        const name = a.assertion;
        v.assertions[name] = (v.assertions[name] ?? true) && !err;
        if (err) v.passed = false;
      })
      .on('script', (err) => {
        if (err && current()) current()!.passed = false;
      })
      .on('exception', () => {
        if (current()) current()!.passed = false;
      })
      .on('done', (err) => (err ? reject(err as Error) : resolve(verdicts)));
  });
}
