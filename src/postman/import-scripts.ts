/** Postman events as gatecheck script lists, and the choice between translating a test script and keeping it. */
import type { Expectations } from '../model/collection.js';
import { scriptText } from './import-gatecheck.js';
import { translateExactly } from './import-tests.js';
import type { PmEvent } from './types.js';

export interface StepScripts {
  prerequest?: string[];
  test?: string[];
}

/** Some files hold a single event object where a list belongs. */
export function asList(events: PmEvent[] | PmEvent | undefined): PmEvent[] {
  return Array.isArray(events) ? events : events && typeof events === 'object' ? [events] : [];
}

/** Postman events as script lists (each event one script), or undefined when there are none. */
export function scriptsOf(events: PmEvent[]): StepScripts | undefined {
  const list = (listen: PmEvent['listen']) =>
    events
      .filter((e) => !!e && typeof e === 'object')
      .filter((e) => e.listen === listen && !(e as { disabled?: boolean }).disabled)
      .map((e) => (Array.isArray(e.script?.exec) ? e.script.exec.join('\n') : (e.script?.exec ?? '')))
      .filter((text) => text.trim() !== '');
  const prerequest = list('prerequest');
  const test = list('test');
  if (prerequest.length === 0 && test.length === 0) return undefined;
  return { ...(prerequest.length > 0 ? { prerequest } : {}), ...(test.length > 0 ? { test } : {}) };
}

/**
 * A request's scripts: folder scripts run as they are; the request's own test script
 * becomes expect (with pm.test names) only when the translation is exact.
 */
export function stepScripts(
  itemEvents: PmEvent[] | PmEvent | undefined,
  folderEvents: PmEvent[],
): { expect?: Expectations; checkNames?: Record<string, string>; scripts?: StepScripts } {
  const testScript = scriptText(itemEvents, 'test');
  const translated = testScript.trim() === '' ? undefined : translateExactly(testScript);
  const events = [...folderEvents, ...asList(itemEvents).filter((e) => !(translated && e.listen === 'test'))];
  const scripts = scriptsOf(events);
  return {
    ...(translated ? { expect: translated.expect, checkNames: translated.names } : {}),
    ...(scripts ? { scripts } : {}),
  };
}
