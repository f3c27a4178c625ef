/**
 * Environment files: gatecheck YAML (`name`, `variables`, `secrets`) or a Postman
 * environment export (`values: [{ key, value, type: "secret" }]`).
 */
import { SourceDocument } from '../source/document.js';
import { InputErrors } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import { checkAgainstSchema, lazySchema } from '../source/schema-check.js';
import { packageFile } from '../package-files.js';

export interface Environment {
  file: string;
  name?: string;
  variables: Record<string, string>;
  /** Names whose values are masked in every output. */
  secrets: string[];
}

const schema = lazySchema(packageFile('schema/environment.schema.json'));

interface PostmanEnvironment {
  name?: string;
  values: { key: string; value?: unknown; enabled?: boolean; disabled?: boolean; type?: string }[];
}

export function loadEnvironmentFile(file: string): Environment {
  const source = SourceDocument.parse(file, readUserFile(file, 'environment'));
  const data = source.toJS() as unknown;
  if (isPostman(data)) {
    const enabled = data.values.filter(
      (v) => v.enabled !== false && v.disabled !== true && typeof v.key === 'string',
    );
    return {
      file,
      name: data.name,
      variables: Object.fromEntries(
        enabled.map((v) => [v.key, v.value === undefined || v.value === null ? '' : String(v.value)]),
      ),
      secrets: enabled.filter((v) => v.type === 'secret').map((v) => v.key),
    };
  }
  const errors = checkAgainstSchema(schema(), source, data ?? {});
  if (errors.length > 0) throw new InputErrors(errors);
  const env = (data ?? {}) as { name?: string; variables?: Record<string, unknown>; secrets?: string[] };
  return {
    file,
    name: env.name,
    variables: Object.fromEntries(Object.entries(env.variables ?? {}).map(([k, v]) => [k, String(v)])),
    secrets: env.secrets ?? [],
  };
}

function isPostman(data: unknown): data is PostmanEnvironment {
  return !!data && typeof data === 'object' && Array.isArray((data as PostmanEnvironment).values);
}
