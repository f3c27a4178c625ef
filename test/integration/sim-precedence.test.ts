/** "The privilege with the most specific pattern overrides the others", over HTTP. */
import type { Simulator } from '../../src/sim/server.js';
import { basic } from '../helpers/demo.js';
import { modelFromYaml, startSim } from '../helpers/sim.js';

const CONFIG = `
enable_schema: { url_mapping_pattern: hr }
define_module:
  - module_name: emp
    base_path: /emp/
    templates:
      - { pattern: list, handlers: [{ method: GET, body: { who: list } }] }
      - { pattern: salaries, handlers: [{ method: GET, body: { who: salaries } }] }
      - { pattern: open/info, handlers: [{ method: GET, body: { who: info } }] }
create_role: [staff, payroll]
create_privilege:
  - { name: everything, roles: [staff], patterns: ["/*"] }
  - { name: payroll_priv, roles: [payroll], patterns: [/emp/salaries] }
  - { name: emp_priv, roles: [staff, payroll], modules: [emp] }
config_user_add:
  - { user: clerk, password: c, roles: [staff] }
  - { user: accountant, password: a, roles: [payroll] }
`;

describe('privilege pattern precedence', () => {
  let sim: Simulator;
  const get = (path: string, user?: [string, string]) =>
    fetch(`${sim.url}/ords/hr${path}`, { headers: user ? { Authorization: basic(...user) } : {} });

  beforeAll(async () => {
    sim = await startSim(modelFromYaml(CONFIG));
  });
  afterAll(() => sim.close());

  test('an exact pattern beats the module and /*: only payroll reads salaries', async () => {
    expect((await get('/emp/salaries', ['accountant', 'a'])).status).toBe(200);
    expect((await get('/emp/salaries', ['clerk', 'c'])).status).toBe(401);
  });

  test('the module privilege (/emp/*) beats /*: payroll reads the list although /* wants staff', async () => {
    expect((await get('/emp/list', ['accountant', 'a'])).status).toBe(200);
    expect((await get('/emp/list', ['clerk', 'c'])).status).toBe(200);
    expect((await get('/emp/list')).status).toBe(401);
  });

  test('/* covers everything else under the alias, including unknown paths', async () => {
    expect((await get('/elsewhere')).status).toBe(401);
    expect((await get('/elsewhere', ['clerk', 'c'])).status).toBe(404);
  });
});
