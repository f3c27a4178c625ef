/**
 * Environment files: gatecheck YAML (`name`, `variables`, `secrets`) or a Postman
 * environment export (`values: [{ key, value, type: "secret" }]`); and Postman
 * globals files (-g), read the same way as newman reads both.
 */
import { readPostmanVariableFile, variableText } from '../postman/variable-file.js';
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
  /** A Postman export's values as its scripts see them (numbers stay numbers). */
  typed?: Record<string, unknown>;
}

const schema = lazySchema(packageFile('schema/environment.schema.json'));

export function loadEnvironmentFile(file: string): Environment {
  const source = SourceDocument.parse(file, readUserFile(file, 'environment'));
  const data = source.toJS() as unknown;
  if (isPostman(data)) return fromPostman(file, readPostmanVariableFile(source, data, 'environment'));
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

/** A Postman globals export (newman's -g): the lowest variable scope. */
export function loadGlobalsFile(file: string): Environment {
  const source = SourceDocument.parse(file, readUserFile(file, 'globals file'));
  return fromPostman(file, readPostmanVariableFile(source, source.toJS(), 'globals'));
}

function fromPostman(file: string, read: ReturnType<typeof readPostmanVariableFile>): Environment {
  const variables = Object.fromEntries(Object.entries(read.values).map(([k, v]) => [k, variableText(v)]));
  return { file, name: read.name, variables, secrets: read.secrets, typed: read.values };
}

function isPostman(data: unknown): boolean {
  return !!data && typeof data === 'object' && Array.isArray((data as { values?: unknown }).values);
}
