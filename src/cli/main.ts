#!/usr/bin/env -S node --
/**
 * The gatecheck command. Each subcommand is loaded only when it runs, so a
 * command never pays for another's imports.
 */
import { InputError, InputErrors } from '../source/errors.js';
import { toolVersion } from '../version.js';
import { didYouMean } from '../source/did-you-mean.js';
import { maskEverywhere } from '../mask/secrets.js';
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { envFilesNodeReads, envFilesThisNodeRead, setsNodeOptions, startedByNpx } from './node-env-file.js';

// Node 22.1+ can keep compiled code between runs (every module a command loads
// after this line starts faster); Node 20 has no such cache and skips this.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  run: async () => (await import('./run.js')).runCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  export: async () => (await import('./export.js')).exportCommand,
  import: async () => (await import('./import.js')).importCommand,
  diff: async () => (await import('./diff.js')).diffCommand,
  probe: async () => (await import('./probe.js')).probeCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  matrix: async () => (await import('./matrix.js')).matrixCommand,
  ords: async () => (await import('./ords-audit.js')).ordsCommand,
};

const HELP = `Usage: gatecheck <command> [options]

Commands:
  run        run collections and report what passed
  validate   check collections without sending anything
  export     write a Postman collection that newman runs with the same verdict
  import     turn a Postman collection into a gatecheck collection
  diff       compare two JSON reports: who gets in where, before and after
  probe      call every operation of an OpenAPI document anonymously; find unprotected ones
  merge      combine the JSON reports of --shard runs
  serve      start the ORDS security simulator
  matrix     write the expected-access collection of an ORDS security script
  ords       ORDS checks: "gatecheck ords audit <baseUrl>" finds security exposures

Run "gatecheck help <command>" (or "gatecheck <command> --help") for a command's options.
  -v, --version   print the version
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' && rest[0] !== undefined) return helpFor(rest[0]);
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${toolVersion()}
`);
    return 0;
  }
  checkNodeEnvFiles();
  const load = COMMANDS[command];
  if (!load)
    throw new InputError(
      `unknown command "${command}"${didYouMean(command, Object.keys(COMMANDS))}; see "gatecheck --help"`,
    );
  return (await load())(rest);
}

/** `gatecheck help run` prints what `gatecheck run --help` prints. */
async function helpFor(command: string): Promise<number> {
  checkNodeEnvFiles();
  const load = COMMANDS[command];
  if (!load)
    throw new InputError(
      `no help for "${command}": not a command${didYouMean(command, Object.keys(COMMANDS))}; see "gatecheck --help"`,
    );
  return (await load())(['--help']);
}

/** Node reads --env-file on its own command line before gatecheck starts (see node-env-file.ts): refuse. */
function checkNodeEnvFiles(): void {
  const read = envFilesThisNodeRead();
  if (read.length > 0)
    throw new InputError(
      `Node read ${read.join(', ')} itself before gatecheck started (Node reads --env-file anywhere on its command line unless "--" comes first, and runs the NODE_OPTIONS it sets); start gatecheck as "gatecheck …", "node -- dist/bin/gatecheck.js …" or "node dist/bin/gatecheck.js -- …"`,
      { flag: '--env-file' },
    );
  // npx: npm's Node read the file too, unless the command was "npx -- gatecheck …" (npm hides which).
  const files = envFilesNodeReads(process.argv.slice(2));
  if (files.length === 0 || !startedByNpx()) return;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // gatecheck reports an unreadable file itself, later
    }
    if (setsNodeOptions(text))
      throw new InputError(
        `${file} sets NODE_OPTIONS, which npx's own Node runs before gatecheck starts unless the command is "npx -- gatecheck …" (gatecheck cannot tell which); remove NODE_OPTIONS from the file, or start gatecheck as "gatecheck …" or "node_modules/.bin/gatecheck …"`,
        { flag: '--env-file' },
      );
  }
}

// A reader that goes away (`gatecheck run … | head`) must not crash the run:
// output is dropped, the run finishes and still writes its reports.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

// `node dist/bin/gatecheck.js -- run …` (the "--" keeps Node from reading gatecheck's --env-file): the "--" is not a command.
const args = process.argv.slice(2);
main(args[0] === '--' ? args.slice(1) : args).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof InputError || e instanceof InputErrors) {
      const lines = e instanceof InputErrors ? e.errors.map((x) => x.format()) : [e.format()];
      process.stderr.write(lines.map((l) => `gatecheck: ${l}\n`).join(''));
      process.exitCode = 2;
      return;
    }
    // Not the user's fault: say so in one line, masked like every other output;
    // GATECHECK_DEBUG shows the (masked) stack.
    const message = maskEverywhere(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
    process.stderr.write(`gatecheck: internal error: ${message.slice(0, 500)}\n`);
    if (process.env.GATECHECK_DEBUG) process.stderr.write(`${maskEverywhere(String((e as Error).stack))}\n`);
    process.exitCode = 1;
  },
);
