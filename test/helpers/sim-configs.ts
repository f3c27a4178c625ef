/** Variants of the built-in simulator config, made by editing its text as a person would. */
import { readFileSync } from 'node:fs';
import type { SimModel } from '../../src/sim/model.js';
import { modelFromYaml } from './sim.js';

const DEFAULT = readFileSync('environments/ords-simulator.yaml', 'utf8');

/** The built-in config with the /customers/* privilege mapping dropped: license validation turns public. */
export function withoutLicenseMapping(): SimModel {
  const from = DEFAULT.indexOf('create_privilege_mapping:');
  const to = DEFAULT.indexOf('create_client:');
  return modelFromYaml(DEFAULT.slice(0, from) + DEFAULT.slice(to));
}

/** The built-in config plus a reports module nobody remembered to protect. */
export function withForgottenModule(): SimModel {
  const module = `  - module_name: reports
    base_path: /reports/
    templates:
      - pattern: summary
        handlers:
          - method: GET
            body: { revenue: 1000000 }

create_role:`;
  return modelFromYaml(DEFAULT.replace('\ncreate_role:', `\n${module}`));
}
