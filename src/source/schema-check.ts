/**
 * JSON Schema validation of a positioned document, with errors a person can act on:
 * `file:line:col: unknown key "exepct" (did you mean "expect"?)`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean } from './did-you-mean.js';
import { SourceDocument, type DataPath } from './document.js';
import { InputError, InputErrors } from './errors.js';
import type * as AjvModule from 'ajv';
import { packageFile } from '../package-files.js';

export type SchemaValidator = ValidateFunction;

const require = createRequire(import.meta.url);

/** Compiles a schema file; `verbose` keeps parent schemas for "did you mean". Ajv loads only here. */
export function compileSchemaFile(url: URL): SchemaValidator {
  const schema = JSON.parse(readFileSync(url, 'utf8')) as object;
  const { Ajv } = require('ajv') as typeof AjvModule;
  return new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema);
}

/**
 * A schema's validator on first use: the one `npm run build` precompiled into
 * dist/validators/<name>.cjs (no Ajv at start-up), else compiled from the schema.
 */
export function lazySchema(url: URL): () => SchemaValidator {
  let validator: SchemaValidator | undefined;
  const name = /([^/]+)\.schema\.json$/.exec(url.pathname)?.[1] ?? '';
  const precompiled = packageFile(`dist/validators/${name}.cjs`);
  return () => {
    if (validator) return validator;
    try {
      validator = require(fileURLToPath(precompiled)) as SchemaValidator;
    } catch {
      validator = compileSchemaFile(url);
    }
    return validator;
  };
}

/** Parses a YAML file and checks it against a schema; every schema error is thrown at once. */
export function parseValidated(
  file: string,
  text: string,
  schema: () => SchemaValidator,
): { source: SourceDocument; data: unknown } {
  const source = SourceDocument.parse(file, text);
  const data = source.toJS();
  if (data === null || data === undefined)
    throw new InputError('the file is empty', { file, position: { line: 1, col: 1 } });
  const errors = checkAgainstSchema(schema(), source, data);
  if (errors.length > 0) throw new InputErrors(errors);
  return { source, data };
}

/** Validates `data` (the document's plain form); returns positioned errors, empty when valid. */
export function checkAgainstSchema(
  validate: SchemaValidator,
  source: SourceDocument,
  data: unknown,
): InputError[] {
  if (validate(data)) return [];
  const errors = simplify(validate.errors ?? []);
  const seen = new Set<string>();
  const out: InputError[] = [];
  for (const e of errors) {
    const { path, part, message } = describe(e);
    const err = source.errorAt(path, message, part);
    const key = err.format();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(err);
    }
  }
  return out;
}

/**
 * anyOf/oneOf report every failed branch; a person wants one line. Where a
 * combinator failed, keep its branch errors only when they are about something
 * deeper (the branch that matched the shape), else say "must be A or B".
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  // An if/then failure only repeats what the "then" branch's own errors say.
  errors = errors.filter((e) => e.keyword !== 'if');
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (combinators.length === 0) return errors;
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const owner = combinators.find((c) =>
      e.schemaPath.startsWith(c.schemaPath.replace(/\/(anyOf|oneOf)$/, '') + '/'),
    );
    if (owner && e.instancePath === owner.instancePath && e.keyword !== 'additionalProperties') continue;
    out.push(e);
  }
  for (const c of combinators) {
    const deeper = out.some(
      (e) =>
        e.instancePath.startsWith(c.instancePath + '/') ||
        (e.instancePath === c.instancePath && e.keyword === 'additionalProperties'),
    );
    if (!deeper) out.push({ ...c, message: alternatives(c) });
  }
  return out;
}

function alternatives(c: ErrorObject): string {
  const branches = (c.schema as { type?: string; description?: string }[]) ?? [];
  const names = branches.map((b) => b.description ?? b.type).filter((n): n is string => !!n);
  return names.length > 0 ? `must be ${[...new Set(names)].join(' or ')}` : (c.message ?? 'is not valid');
}

function describe(e: ErrorObject): { path: DataPath; part: 'key' | 'value'; message: string } {
  const path = pointerToPath(e.instancePath);
  const label = path.length > 0 ? `"${path.map(String).join('.')}"` : 'the document';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return { path: [...path, key], part: 'key', message: `unknown key "${key}"${didYouMean(key, known)}` };
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path, part: 'value', message: `${label} is missing required key "${missing}"` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
      const given =
        typeof e.data === 'string'
          ? didYouMean(
              e.data,
              allowed.map((a) => JSON.parse(a) as string),
            )
          : '';
      return { path, part: 'value', message: `${label} must be one of ${allowed.join(', ')}${given}` };
    }
    case 'pattern': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      return {
        path,
        part: 'value',
        message: description
          ? `${label} is not valid: ${description}`
          : `${label} ${e.message ?? 'is not valid'}`,
      };
    }
    case 'type':
      return {
        path,
        part: 'value',
        message: `${label} must be ${article((e.params as { type: string | string[] }).type)}`,
      };
    default:
      return { path, part: 'value', message: `${label} ${e.message ?? 'is not valid'}` };
  }
}

function article(type: string | string[]): string {
  const kinds = Array.isArray(type) ? type : type.split(',');
  return kinds.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ');
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
