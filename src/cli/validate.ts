/**
 * gatecheck validate <collection...> [-e env] [-g globals] [--env-file f]... [--var k=v]...
 * Loads and plans without sending anything: the same errors `run` would stop on.
 */
import { prepareJobs } from '../api.js';
import { InputError, InputErrors } from '../source/errors.js';
import { parseCliVars } from '../plan/variables.js';
import { parseCommandArgs } from './args.js';

export const VALIDATE_HELP = `Usage: gatecheck validate <collection...> [-e env] [-g globals] [--env-file f] [--var name=value]

Checks collections (schema, references, variables) without sending any request.
`;

export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'validate',
    argv,
    {
      environment: { type: 'string', short: 'e' },
      globals: { type: 'string', short: 'g' },
      'env-file': { type: 'string', multiple: true },
      var: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(VALIDATE_HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new InputError('name at least one collection file: gatecheck validate <collection...>');
  const options = {
    environment: values.environment,
    globals: values.globals,
    envFiles: values['env-file'],
    vars: parseCliVars(values.var ?? []),
  };
  const errors: InputError[] = [];
  for (const file of positionals) {
    try {
      const [job] = prepareJobs([file], options);
      if (job) {
        const steps = job.plan.scenarios.reduce((n, sc) => n + sc.steps.length, 0);
        process.stdout.write(`✓ ${file}: ${job.plan.scenarios.length} scenarios, ${steps} steps\n`);
        for (const warning of job.warnings) process.stderr.write(`gatecheck: warning: ${warning}\n`);
      }
    } catch (e) {
      if (e instanceof InputErrors) errors.push(...e.errors);
      else if (e instanceof InputError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return 0;
}
