/** Recognising what `gatecheck export` wrote, so import(export(x)) gives x back. */
import type { Expectations } from '../model/collection.js';
import { PROFILES_MARK, STEP_MARK, TOKEN_VAR } from './export-scripts.js';
import { scriptsFor } from './import-scripts.js';
import type { PmEvent } from './types.js';

export interface ExportedStep {
  auth?: string;
  expect: Expectations;
  capture: Record<string, string>;
}

/** The scripts of one kind as one text (see scriptsFor). */
export function scriptText(events: PmEvent[] | PmEvent | undefined, listen: PmEvent['listen']): string {
  return scriptsFor(events, listen).join('\n');
}

/** The collection scripts gatecheck generated (token fetch, 401 retry) carry this header. */
export function isGatecheckScript(text: string): boolean {
  return text.trimStart().startsWith('// gatecheck:');
}

export function exportedProfiles(events: PmEvent[] | undefined): Record<string, Record<string, string>> {
  const line = scriptText(events, 'prerequest')
    .split('\n')
    .find((l) => l.startsWith(PROFILES_MARK));
  if (!line) return {};
  const table = JSON.parse(line.slice(PROFILES_MARK.length).replace(/;\s*$/, '')) as Record<
    string,
    Record<string, string>
  >;
  return Object.fromEntries(
    Object.entries(table).map(([name, p]) => {
      return [name, oauth2Profile(p.tokenUrl, p.clientId, p.clientSecret, p.clientAuth === 'body', p.scope)];
    }),
  );
}

export function exportedStep(testScript: string): ExportedStep | undefined {
  const line = testScript.split('\n').find((l) => l.startsWith(STEP_MARK));
  return line ? (JSON.parse(line.slice(STEP_MARK.length)) as ExportedStep) : undefined;
}

/** Milliseconds of the `// wait N ms` delays in a script. */
export function exportedWaits(script: string): number[] {
  return [...script.matchAll(/\/\/ wait (\d+) ms$/gm)].map((m) => Number(m[1]));
}

/** The profile a "Bearer {{gatecheck.token.<profile>}}" header names. */
export function tokenPlaceholder(value: string): string | undefined {
  const prefix = `Bearer {{${TOKEN_VAR('')}`;
  return value.startsWith(prefix) && value.endsWith('}}') ? value.slice(prefix.length, -2) : undefined;
}

/** A client-credentials profile as it appears in gatecheck YAML. */
export function oauth2Profile(
  tokenUrl: string | undefined,
  clientId: string | undefined,
  clientSecret: string | undefined,
  secretInBody: boolean,
  scope: string | undefined,
): Record<string, string> {
  return {
    type: 'oauth2',
    grant: 'client_credentials',
    tokenUrl: tokenUrl ?? '',
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    ...(secretInBody ? { clientAuth: 'body' } : {}),
    ...(scope ? { scope } : {}),
  };
}
