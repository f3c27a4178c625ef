/** The engines the matcher table (src/model/matchers.ts) runs on: RE2 for patterns, Ajv for JSON Schema. */
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { MatcherEngines } from '../model/matchers.js';
import { regexProblem, regexTest } from './regex.js';
import type * as AjvModule from 'ajv';

const schemas = new WeakMap<object, ValidateFunction>();
let ajv: Ajv | undefined;

/** Ajv loads only for collections that use a schema matcher. */
function ajvInstance(): Ajv {
  if (!ajv) {
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
    ajv = new AjvClass({ allErrors: false, strict: false });
  }
  return ajv;
}

function compiled(schema: object): ValidateFunction {
  let validate = schemas.get(schema);
  if (!validate) {
    validate = ajvInstance().compile(schema);
    schemas.set(schema, validate);
  }
  return validate;
}

export const ENGINES: MatcherEngines = {
  regexTest,
  regexProblem,
  schemaProblem(schema, value) {
    const validate = compiled(schema);
    if (validate(value)) return undefined;
    const e = validate.errors?.[0];
    return e ? `schema: ${e.instancePath || '(root)'} ${e.message ?? ''}`.trim() : 'schema: not valid';
  },
  schemaCompileProblem(schema) {
    try {
      // A fresh instance: a schema with an $id compiled twice on one instance is an error.
      const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
      new AjvClass({ strict: false }).compile(schema as object);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  },
};
