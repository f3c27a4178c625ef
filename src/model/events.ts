/** Every event a run emits, with its payload declared in one place. Reporters only read them. */
import type { RunResult, ScenarioResult, StepResult } from './result.js';

export type RunEvent =
  | { type: 'run-start'; collection: { name: string; file: string }; scenarios: number }
  | { type: 'scenario-start'; index: number; name: string }
  | { type: 'step-end'; scenario: number; step: StepResult }
  | { type: 'scenario-end'; result: ScenarioResult }
  | { type: 'run-end'; result: RunResult };

export type RunListener = (event: RunEvent) => void;
