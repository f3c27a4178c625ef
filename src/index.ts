/** gatecheck's programmatic API. */
export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimRequestRecord,
} from './sim/server.js';
export { loadDefaultSimConfig, loadSimConfigFile, parseSimConfig } from './sim/config.js';
export type { SimModel } from './sim/model.js';
export { InputError, InputErrors } from './source/errors.js';
