/** A step's name, the one rule every runner, reporter and exporter uses: its own, else what it does. */
import type { Step } from './collection.js';

export function stepName(step: Step): string {
  if (step.name) return step.name;
  return step.kind === 'wait' ? `wait ${step.ms} ms` : `${step.request.method} ${step.request.url}`;
}
