/**
 * A Postman environment or globals export (`values: [{ key, value, type }]`, or a
 * bare list of them) read as newman reads it: through postman-collection's
 * VariableScope, so a value keeps its JSON type (and a `type` of number, boolean,
 * string… casts it), a `disabled: true` entry is absent and the last of a
 * duplicated key wins. `enabled: false` does not hide an entry: postman-collection
 * ignores that field, so newman uses such a value, and so do we.
 */
import type { SourceDocument } from '../source/document.js';
import { postmanSdk } from './sdk.js';

export interface PostmanVariableFile {
  name?: string;
  /** Values as scripts see them (numbers stay numbers). */
  values: Record<string, unknown>;
  /** Keys of secret-typed values, masked in every output. */
  secrets: string[];
}

interface Entry {
  key?: unknown;
  type?: unknown;
  disabled?: unknown;
}

/**
 * The values of a Postman variable file. `scope` is what newman unwraps first
 * (a globals file may hold `{ "globals": { "values": [...] } }`). Throws an
 * InputError at the file's position when the file is not such an export.
 */
export function readPostmanVariableFile(
  source: SourceDocument,
  data: unknown,
  scope: 'environment' | 'globals',
): PostmanVariableFile {
  let path: (string | number)[] = [];
  let model = data;
  if (isObject(model) && isObject(model[scope])) {
    model = model[scope];
    path = [scope];
  }
  const list = Array.isArray(model) ? model : isObject(model) ? model.values : undefined;
  if (!Array.isArray(list))
    throw source.errorAt(
      path,
      `not a Postman ${scope} export: expected "values": [{ "key": ..., "value": ... }] or a list of such values`,
    );
  const listPath = Array.isArray(model) ? path : [...path, 'values'];
  list.forEach((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry.key !== 'string')
      throw source.errorAt([...listPath, i], `a Postman ${scope} value needs a string "key"`);
  });
  const entries = list as Entry[];
  const { VariableScope } = postmanSdk();
  const values = new VariableScope({ values: entries } as never).toObject(true, true) as Record<
    string,
    unknown
  >;
  const secrets = entries
    .filter((e) => e.type === 'secret' && e.disabled !== true)
    .map((e) => e.key as string)
    .filter((key) => Object.hasOwn(values, key));
  const name = isObject(model) && typeof model.name === 'string' ? model.name : undefined;
  return { ...(name === undefined ? {} : { name }), values, secrets: [...new Set(secrets)] };
}

/** A value as gatecheck's string templates use it: absent and null are empty. */
export function variableText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
