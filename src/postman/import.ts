/**
 * Postman Collection (v1 through postman-collection-transformer, v2.0, v2.1) -> a
 * gatecheck collection (YAML) in Postman mode, so it runs as Postman runs it.
 * The jobs live in their own files: the file itself (import-source.ts), items and
 * requests (import-items.ts, import-request.ts), auth (import-auth.ts), scripts
 * (import-scripts.ts, import-tests.ts) and what gatecheck exported (import-gatecheck.ts).
 */
import { Document } from 'yaml';
import { ProfileTable } from './import-auth.js';
import { exportedProfiles, isGatecheckScript, scriptText } from './import-gatecheck.js';
import { scenariosOf, type Step } from './import-items.js';
import { asList, scriptsOf } from './import-scripts.js';
import type { Variable } from 'postman-collection';
import { postmanSdk } from './sdk.js';
import type { PmCollection } from './types.js';

export { isPostmanCollection, normalizePostman } from './import-source.js';

export interface ImportResult {
  yaml: string;
  warnings: string[];
  /** How many requests keep scripts that run in the Postman sandbox. */
  scripted: number;
}

/** `schemaRef`: where editors find the collection schema, relative to the written file. */
export function importPostman(
  pm: PmCollection,
  file: string,
  schemaRef = 'schema/collection.schema.json',
): ImportResult {
  const warnings: string[] = [];
  const profiles = new ProfileTable(file);
  for (const [name, profile] of Object.entries(exportedProfiles(pm.event))) profiles.register(name, profile);
  const rootAuth = pm.auth ? profiles.name(pm.auth, warnings, pm.info.name) : undefined;
  const generated = isGatecheckScript(scriptText(pm.event, 'prerequest'));
  const rootEvents = generated ? [] : asList(pm.event);
  const { scenarios, scripted } = scenariosOf(pm.item, rootAuth, pm.protocolProfileBehavior, {
    profiles,
    warnings,
    generated,
  });

  const variables = collectionVariables(pm);
  const collectionScripts = scriptsOf(rootEvents);
  const data = {
    name: pm.info.name,
    // What gatecheck exported comes back as it was written: scenarios, with gatecheck's own semantics.
    ...(generated ? {} : { mode: 'postman' }),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(profiles.size > 0 ? { auth: profiles.toYaml() } : {}),
    ...(collectionScripts ? { scripts: collectionScripts } : {}),
    scenarios: scenarios.map((s) => ({
      name: s.name,
      steps: s.steps.map((st) =>
        st.wait !== undefined ? { wait: `${st.wait}ms` } : stepYaml(st, collectionScripts !== undefined),
      ),
    })),
  };
  const doc = new Document(data);
  doc.commentBefore = ` yaml-language-server: $schema=${schemaRef}
 Imported by gatecheck from ${file}.`;
  return { yaml: doc.toString({ lineWidth: 0 }), warnings, scripted: scripted + (collectionScripts ? 1 : 0) };
}

function stepYaml(step: Step, collectionScripts: boolean): Record<string, unknown> {
  // Only scripts read a description: an empty one is noise where none runs.
  const described =
    step.description !== undefined && (step.description !== '' || !!step.scripts || collectionScripts);
  return {
    name: step.name,
    ...(step.id ? { id: step.id } : {}),
    ...(described ? { description: step.description } : {}),
    ...(step.auth ? { auth: step.auth } : {}),
    request: step.request,
    ...(step.expect && Object.keys(step.expect).length > 0 ? { expect: step.expect } : {}),
    ...(step.capture && Object.keys(step.capture).length > 0 ? { capture: step.capture } : {}),
    ...(step.checkNames && Object.keys(step.checkNames).length > 0 ? { checkNames: step.checkNames } : {}),
    ...(step.scripts ? { scripts: step.scripts } : {}),
  };
}

/**
 * The collection's variables as newman sees them: postman-collection's VariableList
 * (disabled ones left out, typed values cast), then written as YAML strings.
 */
function collectionVariables(pm: PmCollection): Record<string, string> {
  if (!pm.variable?.length) return {};
  const { VariableList } = postmanSdk();
  const list = new VariableList(null as never, pm.variable as unknown as Variable[]);
  return Object.fromEntries(
    Object.entries(list.toObject(true, true) as Record<string, unknown>).map(([k, v]) => [
      k,
      v === undefined || v === null ? '' : String(v),
    ]),
  );
}
