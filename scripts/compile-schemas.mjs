#!/usr/bin/env node
// Build step: compile the shipped JSON Schemas into standalone validators
// (Ajv's standalone code), so no command pays for Ajv and schema compilation
// at start-up. Written next to the build output, in dist/validators/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;

const root = new URL('..', import.meta.url);
mkdirSync(new URL('dist/validators/', root), { recursive: true });
for (const name of ['collection', 'environment', 'simulator']) {
  const schema = JSON.parse(readFileSync(new URL(`schema/${name}.schema.json`, root), 'utf8'));
  // The options must match compileSchemaFile's (allErrors and verbose for positioned, suggestive errors).
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, code: { source: true } });
  const validate = ajv.compile(schema);
  writeFileSync(new URL(`dist/validators/${name}.cjs`, root), standaloneCode(ajv, validate));
}
