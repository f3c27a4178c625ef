/**
 * Node itself reads `--env-file` (and `--env-file-if-exists`) anywhere on its
 * command line, after the script's name too, and stops only at a `--` (Node
 * 20 to 26: src/node_dotenv.cc, GetDataFromArgs). After the script's name it
 * loads no variables, but it exits 9 when the file is missing and applies the
 * NODE_OPTIONS the file sets (code runs) before any of gatecheck's code does.
 * The `gatecheck` binary starts as `node -- main.js`, so there the option is
 * gatecheck's. Started as `node dist/bin/gatecheck.js … --env-file f`, Node has read
 * f: gatecheck refuses (exit 2). Started by npx, npm's own Node read it unless
 * the command was `npx -- gatecheck …`, which npm's process title hides: when
 * that file sets NODE_OPTIONS, gatecheck refuses too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The dotenv files Node reads from a command line (its arguments after the executable), as Node scans it. */
export function envFilesNodeReads(args: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    // Node 20's first versions matched any argument starting with --env-file: the wider match fails closed.
    if (!arg.startsWith('--env-file')) continue;
    const equals = arg.indexOf('=');
    if (equals >= 0) files.push(arg.slice(equals + 1));
    else if (args[i + 1] !== undefined) files.push(args[++i]!);
  }
  return files;
}

/**
 * This process's command line as the kernel got it (process.argv drops a `--`
 * before the script): /proc on Linux, `ps` elsewhere (words split on spaces, so
 * a path with spaces may split; the flags still show). Undefined when neither
 * can be read.
 */
export function rawCommandLine(): string[] | undefined {
  try {
    return readFileSync('/proc/self/cmdline', 'utf8').split('\0').slice(0, -1);
  } catch {
    // not Linux
  }
  try {
    const line = execFileSync('ps', ['-ww', '-o', 'args=', '-p', String(process.pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    });
    return line.trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** The files Node read from this process's own command line before gatecheck started. */
export function envFilesThisNodeRead(argv: readonly string[] = process.argv): string[] {
  // Cheap test first: no --env-file among gatecheck's own arguments, nothing to look for.
  if (!argv.slice(2).some((a) => a.startsWith('--env-file'))) return [];
  const raw = rawCommandLine();
  return raw ? envFilesNodeReads(raw.slice(1)) : [];
}

/**
 * Whether npx (or npm exec) started this process: npm says so in the
 * environment, which children inherit, so on Linux the parent (or the shell
 * npm ran, and its parent) must be npm itself, whose title is "npm exec …".
 * Where /proc cannot be read, the environment decides (fails closed).
 */
export function startedByNpx(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.npm_command !== 'exec') return false;
  let pid = process.ppid;
  for (let depth = 0; depth < 2; depth++) {
    let words: string[];
    try {
      words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      return true;
    }
    if (/^npm exec\b/.test(words.join(' '))) return true;
    if (words[1] !== '-c') return false; // neither npm nor the shell it runs commands in
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return false;
}

/** Whether a dotenv file sets NODE_OPTIONS: any line Node (or the dotenv package) could read so, and more. */
export function setsNodeOptions(text: string): boolean {
  return /^\s*(export\s+)?NODE_OPTIONS\s*[=:]/m.test(text);
}
