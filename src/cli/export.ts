/**
 * gatecheck export <collection> [-e env] -o out.postman_collection.json [--environment-out out.postman_environment.json]
 * Warnings (what Postman cannot express) go to standard error; the export still succeeds.
 */
import { loadCollectionFile } from '../load/collection.js';
import { loadEnvironmentFile } from '../plan/environment.js';
import { exportPostman } from '../postman/export.js';
import { InputError } from '../source/errors.js';
import { parseCommandArgs } from './args.js';
import { outputName, writeOutput } from './output.js';

export const EXPORT_HELP = `Usage: gatecheck export <collection> -o <out.postman_collection.json> [options]

Writes a Postman Collection v2.1 that newman and the Postman app run with the same
checks and verdict, OAuth2 token fetch and 401 retry included.

Options:
  -o, --output <file>            the collection to write (required; - for standard output)
  -e, --environment <file>       environment whose variables go to --environment-out
      --environment-out <file>   also write a Postman environment (secrets left empty
                                 unless set in the process environment)
`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'export',
    argv,
    {
      output: { type: 'string', short: 'o' },
      environment: { type: 'string', short: 'e' },
      'environment-out': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(EXPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new InputError('name one collection: gatecheck export <collection> -o <file>');
  if (!values.output) throw new InputError('where to write the collection: -o <file>', { flag: '--output' });
  const { collection, source } = loadCollectionFile(positionals[0]!);
  const environment = values.environment ? loadEnvironmentFile(values.environment) : undefined;
  const result = exportPostman(collection, source, environment);
  for (const warning of result.warnings) process.stderr.write(`gatecheck: ${warning}\n`);
  writeOutput(values.output, `${JSON.stringify(result.collection, null, 2)}\n`);
  if (values['environment-out'])
    writeOutput(values['environment-out'], `${JSON.stringify(result.environment, null, 2)}\n`);
  process.stderr.write(
    `gatecheck: exported ${collection.scenarios.length} scenarios to ${outputName(values.output)}\n`,
  );
  if (result.needs.length > 0)
    process.stderr.write(
      `gatecheck: newman needs ${result.needs.map((n) => `--env-var ${n}=…`).join(' ')}\n`,
    );
  return 0;
}
