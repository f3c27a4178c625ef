/**
 * Reads a shell script of curl commands into typed commands, without I/O.
 * shell-quote tokenizes (quotes, escapes, comments, operators); this module
 * joins `\` continuations, turns `$NAME` / `${NAME}` into `{{NAME}}`, keeps
 * `NAME=value` lines as variables and `NAME=$(curl …)` as a named token request,
 * and reads the curl flags people use in articles:
 *   curl -i -X POST -u id:secret -d grant_type=client_credentials "$URL/ords/myapi/oauth/token"   # 200
 * A flag that cannot be translated exactly skips its command with a warning.
 */
import { createRequire } from 'node:module';
import type * as ShellQuote from 'shell-quote';
import type { ParseEntry } from 'shell-quote';

// Loaded by the first curl script read: the command bundle imports no package at start-up.
const shellQuote = () => createRequire(import.meta.url)('shell-quote') as typeof ShellQuote;

export interface CurlCommand {
  /** 1-based line where the command starts. */
  line: number;
  method: string;
  url: string;
  headers: [string, string][];
  /** The body exactly as curl sends it, and how curl would label it. */
  body?: { text: string; kind: 'form' | 'json' | 'multipart'; boundary?: string };
  /** -u user:password */
  user?: { name: string; password: string };
  followRedirects: boolean;
  insecure: boolean;
  /** The text after `#` on the command's last line (e.g. "200 token"). */
  comment?: string;
  /** NAME in `NAME=$(curl …)`: the variable that holds this command's output. */
  assignsTo?: string;
}

export interface CurlScript {
  commands: CurlCommand[];
  /** `NAME=value` assignments, in order. */
  variables: Record<string, string>;
  warnings: string[];
}

/** Flags that only change what curl prints or how it retries: they do not change the request. */
const OUTPUT_ONLY = new Set([
  '-i',
  '--include',
  '-s',
  '--silent',
  '-S',
  '--show-error',
  '-v',
  '--verbose',
  '-f',
  '--fail',
  '--fail-with-body',
  '-N',
  '--no-buffer',
  '-#',
  '--progress-bar',
  '--no-progress-meter',
]);
/** Output-only flags that take a value (an output file, a format). */
const OUTPUT_ONLY_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-w',
  '--write-out',
  '--retry',
  '-m',
  '--max-time',
  '--connect-timeout',
]);

export function parseCurlScript(text: string, file: string): CurlScript {
  const script: CurlScript = { commands: [], variables: {}, warnings: [] };
  for (const { line, text: logical } of logicalLines(text)) {
    const entries = shellQuote().parse(logical, (name) => (name === '' ? '$(' : `{{${name}}}`));
    const comment = entries.find((e): e is { comment: string } => typeof e === 'object' && 'comment' in e);
    const words = entries.filter((e) => !(typeof e === 'object' && 'comment' in e));
    const where = `${file}:${line}`;
    readStatement(words, comment?.comment.trim(), line, where, script);
  }
  return script;
}

function readStatement(
  words: ParseEntry[],
  comment: string | undefined,
  line: number,
  where: string,
  script: CurlScript,
): void {
  if (words.length === 0) return;
  const first = words[0];
  const start = first === 'export' ? 1 : 0;
  const head = words[start];
  // NAME=$(curl …): shell-quote reads `$(` as an empty variable followed by "(".
  if (typeof head === 'string' && /^[A-Za-z_]\w*=\$\($/.test(head)) {
    const name = head.slice(0, head.indexOf('='));
    const inner = words.slice(start + 2);
    const end = inner.findIndex((w) => typeof w === 'object' && 'op' in w && w.op === ')');
    const command = pipeline(end < 0 ? inner : inner.slice(0, end), where, script);
    if (command) readCurl(command, comment, line, where, script, name);
    return;
  }
  if (typeof head === 'string' && /^[A-Za-z_]\w*=/.test(head) && words.length === start + 1) {
    const eq = head.indexOf('=');
    script.variables[head.slice(0, eq)] = head.slice(eq + 1);
    return;
  }
  const command = pipeline(words, where, script);
  if (command) readCurl(command, comment, line, where, script);
}

/** The curl part of `curl … | jq …` or `curl … && …`; other commands are not requests. */
function pipeline(words: ParseEntry[], where: string, script: CurlScript): string[] | undefined {
  const cut = words.findIndex((w) => typeof w === 'object' && 'op' in w && w.op !== 'glob');
  const command = (cut < 0 ? words : words.slice(0, cut)).map((w) =>
    typeof w === 'string' ? w : 'op' in w && w.op === 'glob' ? w.pattern : '',
  );
  if (command[0] !== 'curl') {
    if (command.length > 0) script.warnings.push(`${where}: not a curl command (${command[0]}), skipped`);
    return undefined;
  }
  if (cut >= 0)
    script.warnings.push(`${where}: only the curl command is imported; what follows it in the shell is not`);
  return command.slice(1);
}

function readCurl(
  args: string[],
  comment: string | undefined,
  line: number,
  where: string,
  script: CurlScript,
  assignsTo?: string,
): void {
  let method: string | undefined;
  let url: string | undefined;
  const headers: [string, string][] = [];
  const data: string[] = [];
  const fields: [string, string][] = [];
  let json: string[] | undefined;
  let user: CurlCommand['user'];
  let followRedirects = false;
  let insecure = false;
  let get = false;
  const skip = (why: string) => {
    script.warnings.push(`${where}: ${why}; command skipped`);
    return undefined;
  };

  for (let i = 0; i < args.length; i++) {
    let arg = args[i] ?? '';
    let value: string | undefined;
    // --flag=value and -Xvalue forms.
    const long = /^(--[a-z0-9-]+)=(.*)$/s.exec(arg);
    if (long) [arg, value] = [long[1] ?? arg, long[2]];
    else if (/^-[XHdAbeuF][^-]/.test(arg) && arg.length > 2) [arg, value] = [arg.slice(0, 2), arg.slice(2)];
    const next = () => {
      if (value !== undefined) return value;
      i++;
      if (i >= args.length) throw new Error(`${arg} needs a value`);
      return args[i] ?? '';
    };
    try {
      if (!arg.startsWith('-') || arg === '-') {
        if (url !== undefined) return skip(`two URLs ("${url}", "${arg}"): import one request per command`);
        url = arg;
      } else if (arg === '--url') url = next();
      else if (arg === '-X' || arg === '--request') method = next();
      else if (arg === '-I' || arg === '--head') method = 'HEAD';
      else if (arg === '-G' || arg === '--get') get = true;
      else if (arg === '-H' || arg === '--header') {
        const h = next();
        const colon = h.indexOf(':');
        if (colon <= 0 || h.slice(colon + 1).trim() === '')
          return skip(`header "${h}" (removing a curl default header) cannot be imported`);
        headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
      } else if (arg === '-A' || arg === '--user-agent') headers.push(['User-Agent', next()]);
      else if (arg === '-e' || arg === '--referer') headers.push(['Referer', next()]);
      else if (arg === '-b' || arg === '--cookie') {
        const c = next();
        if (!c.includes('=')) return skip(`-b ${c} reads cookies from a file`);
        headers.push(['Cookie', c]);
      } else if (arg === '--oauth2-bearer') headers.push(['Authorization', `Bearer ${next()}`]);
      else if (['-d', '--data', '--data-ascii', '--data-binary', '--data-raw'].includes(arg)) {
        const d = next();
        if (d.startsWith('@') && arg !== '--data-raw') return skip(`${arg} ${d} reads a file`);
        data.push(d);
      } else if (arg === '--data-urlencode') {
        const d = next();
        if (/^[^=]*@/.test(d)) return skip(`--data-urlencode ${d} reads a file`);
        const eq = d.indexOf('=');
        data.push(eq <= 0 ? curlEscape(d.slice(eq + 1)) : `${d.slice(0, eq)}=${curlEscape(d.slice(eq + 1))}`);
      } else if (arg === '--json') {
        const d = next();
        if (d.startsWith('@')) return skip(`--json ${d} reads a file`);
        (json ??= []).push(d);
      } else if (arg === '-F' || arg === '--form') {
        const f = next();
        const eq = f.indexOf('=');
        if (eq <= 0) return skip(`-F ${f} is not name=value`);
        const v = f.slice(eq + 1);
        if (v.startsWith('@') || v.startsWith('<')) return skip(`-F ${f} uploads a file`);
        fields.push([f.slice(0, eq), v]);
      } else if (arg === '-u' || arg === '--user') {
        const u = next();
        const colon = u.indexOf(':');
        if (colon < 0) return skip(`-u ${u} has no password (curl would prompt for it)`);
        user = { name: u.slice(0, colon), password: u.slice(colon + 1) };
      } else if (arg === '-L' || arg === '--location') followRedirects = true;
      else if (arg === '-k' || arg === '--insecure') insecure = true;
      else if (OUTPUT_ONLY.has(arg)) continue;
      else if (OUTPUT_ONLY_WITH_VALUE.has(arg)) next();
      else if (/^-[a-zA-Z]{2,}$/.test(arg)) {
        // Combined short flags such as -sSk or -iL: only value-less ones.
        const letters = [...arg.slice(1)];
        for (const l of letters) {
          if (l === 'L') followRedirects = true;
          else if (l === 'k') insecure = true;
          else if (l === 'I') method = 'HEAD';
          else if (l === 'G') get = true;
          else if (!OUTPUT_ONLY.has(`-${l}`)) return skip(`flag -${l} in ${arg} is not supported`);
        }
      } else return skip(`flag ${arg} is not supported`);
    } catch (e) {
      return skip((e as Error).message);
    }
  }
  if (url === undefined) return skip('no URL');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('{{')) url = `http://${url}`;
  if ([data.length > 0, json !== undefined, fields.length > 0].filter(Boolean).length > 1)
    return skip('a command mixes -d, --json and -F');

  let body: CurlCommand['body'];
  if (data.length > 0 && get) {
    url += (url.includes('?') ? '&' : '?') + data.join('&');
  } else if (data.length > 0) body = { text: data.join('&'), kind: 'form' };
  else if (json) {
    body = { text: json.join(''), kind: 'json' };
    if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', 'application/json']);
    if (!hasHeader(headers, 'accept')) headers.push(['Accept', 'application/json']);
  } else if (fields.length > 0) {
    const boundary = '------------------------gatecheckcurlimport';
    const parts = fields.map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    body = { text: `${parts.join('')}--${boundary}--\r\n`, kind: 'multipart', boundary };
  }
  if (body?.kind === 'form' && !hasHeader(headers, 'content-type'))
    headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  if (body?.kind === 'multipart') {
    if (hasHeader(headers, 'content-type')) return skip('-F with an explicit Content-Type header');
    headers.push(['Content-Type', `multipart/form-data; boundary=${body.boundary}`]);
  }
  script.commands.push({
    line,
    method: (method ?? (body ? 'POST' : 'GET')).toUpperCase(),
    url,
    headers,
    body,
    user,
    followRedirects,
    insecure,
    comment,
    assignsTo,
  });
}

/** curl's --data-urlencode: everything but RFC 3986 unreserved characters is %-escaped. */
function curlEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function hasHeader(headers: [string, string][], name: string): boolean {
  return headers.some(([k]) => k.toLowerCase() === name);
}

/** Joins `\`-continued lines; remembers where each logical line starts. */
function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let current: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const continued = /(^|[^\\])(\\\\)*\\$/.test(raw);
    const piece = continued ? raw.slice(0, -1) : raw;
    if (current) current.text += ` ${piece}`;
    else current = { line: i + 1, text: piece };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}
