import { loadDefaultSimConfig, parseSimConfig } from '../../src/sim/config.js';
import type { SimModel } from '../../src/sim/model.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { basic, DEMO } from './demo.js';

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.UTC(2026, 0, 1)) {}
  now = () => this.ms;
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

export async function startSim(
  model: SimModel = loadDefaultSimConfig(),
  clock?: ManualClock,
): Promise<Simulator> {
  return startSimulator({ model, host: '127.0.0.1', port: 0, now: clock?.now });
}

export function modelFromYaml(yaml: string): SimModel {
  return parseSimConfig('test.yaml', yaml);
}

export function requestToken(
  sim: Simulator,
  client: { id: string; secret: string },
  form = 'grant_type=client_credentials',
): Promise<Response> {
  return fetch(`${sim.url}/ords/${DEMO.alias}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: basic(client.id, client.secret),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: form,
  });
}

export async function tokenFor(sim: Simulator, client: { id: string; secret: string }): Promise<string> {
  const res = await requestToken(sim, client);
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
