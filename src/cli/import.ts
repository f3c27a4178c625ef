/**
 * gatecheck import <in.postman_collection.json|commands.sh|-> -o collection.yaml
 * A Postman collection, or a file (or standard input) of curl commands. The YAML
 * is checked with the collection loader before it is written.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCurlScript } from '../curl/parse.js';
import { curlToCollection } from '../curl/to-collection.js';
import { parseCollection } from '../load/collection.js';
import { importPostman, isPostmanCollection, normalizePostman } from '../postman/import.js';
import { SourceDocument } from '../source/document.js';
import { InputError } from '../source/errors.js';
import { decodeText } from '../source/decode.js';
import { readUserFile } from '../source/read.js';
import { parseCommandArgs } from './args.js';
import { outputName, writeOutput } from './output.js';
import { packageFile } from '../package-files.js';

export const IMPORT_HELP = `Usage: gatecheck import <in.postman_collection.json|commands.sh|-> -o <collection.yaml>  (-o - for standard output)

Turns a Postman Collection (v1, v2.0 or v2.1) into a gatecheck collection in Postman
mode (it runs as Postman runs it): folders become scenarios, requests named steps,
auth becomes profiles (OAuth2 client credentials included), test scripts that
translate exactly become expect; every other script is kept and runs in a Postman
sandbox.

Turns curl commands (a file, or - for standard input) into a collection: one scenario
per command; \\ continuations, comments and $VARIABLES ({{VARIABLES}}) are understood;
a client-credentials token request becomes an oauth2 profile that later
"Authorization: Bearer $TOKEN" calls use; -u user:password a basic profile; a trailing
"# 401" comment the expected status. Flags: -X -H -d --data-raw --data-binary
--data-urlencode --json -F -u -L -k -G -I -A -b -e, and output-only ones (-i -s -v -o).
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
    throw new InputError('name one input: gatecheck import <file.json|commands.sh|-> -o <file.yaml>');
  if (!values.output)
    throw new InputError('where to write the collection: -o <file.yaml>', { flag: '--output' });
  const file = positionals[0]!;
  const label = file === '-' ? '(stdin)' : file;
  const text = file === '-' ? decodeText(readFileSync(0), label).text : readUserFile(file, 'input');
  const ref = schemaRef(values.output);
  const result = text.trimStart().startsWith('{')
    ? fromPostman(label, text, ref)
    : fromCurl(label, text, ref);
  parseCollection(values.output, result.yaml); // what we write must load; a failure here is our bug, reported like input
  writeOutput(values.output, result.yaml);
  for (const warning of result.warnings) process.stderr.write(`gatecheck: warning: ${warning}\n`);
  process.stderr.write(`gatecheck: imported ${label} to ${outputName(values.output)}\n`);
  return 0;
}

function fromPostman(file: string, text: string, ref: string): { yaml: string; warnings: string[] } {
  const data = SourceDocument.parse(file, text).toJS();
  if (!isPostmanCollection(data))
    throw new InputError('not a Postman collection (v2 has an "item" list, v1 "requests")', { file });
  return importPostman(normalizePostman(data as Record<string, unknown>, file), file, ref);
}

function fromCurl(file: string, text: string, ref: string): { yaml: string; warnings: string[] } {
  const script = parseCurlScript(text, file);
  if (script.commands.length === 0) {
    const why = script.warnings[0] ? ` (${script.warnings[0]})` : '';
    throw new InputError(`neither a Postman collection nor curl commands${why}`, { file });
  }
  const name = file === '(stdin)' ? 'curl commands' : basename(file).replace(/\.[^.]+$/, '');
  return curlToCollection(script, name, ref);
}

// The schema this package ships (dist/cli/ -> schema/), as a path relative to the written file.
const SHIPPED_SCHEMA = fileURLToPath(packageFile('schema/collection.schema.json'));
function schemaRef(output: string): string {
  const from = output === '-' ? process.cwd() : dirname(resolve(output));
  return relative(from, SHIPPED_SCHEMA).split(sep).join('/');
}
