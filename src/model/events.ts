/** Every event a run emits, with its payload declared in one place. Reporters only read them. */
import type { MultipartPart } from './collection.js';
import type { RunResult, ScenarioResult, StepResult } from './result.js';

export type RunEvent =
  | {
      type: 'run-start';
      collection: { name: string; file: string };
      startedAt: string;
      /** Scenario runs planned; a Postman run's setNextRequest may report more (or fewer) stretches. */
      scenarios: number;
      /** Postman mode: the requests planned, which setNextRequest may change. */
      requests?: number;
    }
  | { type: 'scenario-start'; index: number; name: string }
  | { type: 'http'; scenario: number; step: number; trace: HttpTrace }
  | { type: 'step-end'; scenario: number; step: StepResult }
  | { type: 'scenario-end'; result: ScenarioResult }
  | { type: 'run-end'; result: RunResult };

/** A request and its response as sent and received (emitted only with verbose tracing on). */
export interface HttpTrace {
  kind: 'request' | 'token' | 'retry';
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
    /** A multipart body's parts (files as paths), shown as curl -F parts. */
    multipart?: MultipartPart[];
  };
  response?: { status: number; headers: Record<string, string>; body: string };
  error?: string;
}

export type RunListener = (event: RunEvent) => void;
