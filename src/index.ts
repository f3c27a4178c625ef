/** gatecheck's programmatic API. */
export { runCollection, prepareRuns, type RunCollectionOptions, type PrepareOptions } from './api.js';
export type {
  RunResult,
  ScenarioResult,
  StepResult,
  CheckResult,
  Exchange,
  TokenEvent,
  RunStats,
} from './model/result.js';
export type { RunEvent, RunListener } from './model/events.js';
export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimRequestRecord,
} from './sim/server.js';
export { loadDefaultSimConfig, loadSimConfigFile, parseSimConfig } from './sim/config.js';
export type { SimModel } from './sim/model.js';
export { InputError, InputErrors } from './source/errors.js';
