/**
 * Node 20 reads `--env-file` anywhere on its command line, after the script's
 * name too, unless a `--` comes first — before any of gatecheck's code runs. The
 * `gatecheck` binary starts as `node -- main.js`, so there the option is
 * gatecheck's. Started as `node dist/cli/main.js … --env-file f` (or through a
 * wrapper that does so), Node has already loaded f into the environment and
 * applied any NODE_OPTIONS in it. gatecheck cannot undo that; it can say so, and
 * refuse to run when the file set NODE_OPTIONS (code from a dotenv file may
 * already have run). Linux shows the raw command line in /proc; elsewhere this
 * check cannot see it.
 */
import { readFileSync } from 'node:fs';

/** The --env-file paths Node itself took from this process's command line. */
export function envFilesNodeTook(): string[] {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return []; // later Node versions stop at the script's name
  let argv: string[];
  try {
    argv = readFileSync('/proc/self/cmdline', 'utf8').split('\0');
  } catch {
    return [];
  }
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--env-file' && argv[i + 1] !== undefined) files.push(argv[++i]!);
    else if (arg.startsWith('--env-file=')) files.push(arg.slice('--env-file='.length));
  }
  return files;
}

/** Whether a dotenv file sets NODE_OPTIONS (read as dotenv reads it). */
export function setsNodeOptions(text: string): boolean {
  return /^\s*(export\s+)?NODE_OPTIONS\s*[=:]/m.test(text);
}
