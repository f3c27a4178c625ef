/**
 * gatecheck import <in.postman_collection.json> -o collection.yaml
 * The YAML is checked with the collection loader before it is written.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPostman } from '../api.js';
import { parseCollection } from '../load/collection.js';
import { importPostman } from '../postman/import.js';
import { InputError } from '../source/errors.js';
import { parseCommandArgs } from './args.js';
import { outputName, writeOutput } from './output.js';

export const IMPORT_HELP = `Usage: gatecheck import <in.postman_collection.json> -o <collection.yaml>  (-o - for standard output)

Turns a Postman Collection (v1, v2.0 or v2.1) into a gatecheck collection in Postman
mode (it runs as Postman runs it): folders become scenarios, requests named steps,
auth becomes profiles (OAuth2 client credentials included), test scripts that
translate exactly become expect; every other script is kept and runs in a Postman
sandbox.
`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'import',
    argv,
    { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(IMPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new InputError('name one Postman collection: gatecheck import <file.json> -o <file.yaml>');
  if (!values.output)
    throw new InputError('where to write the collection: -o <file.yaml>', { flag: '--output' });
  const file = positionals[0]!;
  const postman = readPostman(file);
  if (!postman)
    throw new InputError('not a Postman collection (v2 has an "item" list, v1 "requests")', { file });
  const result = importPostman(postman, file, schemaRef(values.output));
  parseCollection(values.output, result.yaml); // what we write must load; a failure here is our bug, reported like input
  writeOutput(values.output, result.yaml);
  for (const warning of result.warnings) process.stderr.write(`gatecheck: warning: ${warning}\n`);
  process.stderr.write(`gatecheck: imported ${file} to ${outputName(values.output)}\n`);
  return 0;
}

// The schema this package ships (dist/cli/ -> schema/), as a path relative to the written file.
const SHIPPED_SCHEMA = fileURLToPath(new URL('../../schema/collection.schema.json', import.meta.url));
function schemaRef(output: string): string {
  const from = output === '-' ? process.cwd() : dirname(resolve(output));
  return relative(from, SHIPPED_SCHEMA).split(sep).join('/');
}
