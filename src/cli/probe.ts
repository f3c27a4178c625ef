/**
 * gatecheck probe --openapi <file|url> [--protected <glob>]... [--refused 401,403] [--base-url url] [-o probe.yaml] [--no-run] [run options]
 * Generates the anonymous-probe collection, writes it, and runs it (exit 1 when an
 * operation that should be protected answered without credentials).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../http/client.js';
import { catalogLinks, probeCollection, type OpenApiDoc } from '../probe/openapi.js';
import { SourceDocument } from '../source/document.js';
import { InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import { parseCommandArgs } from './args.js';
import { readPem, runCollections } from './run.js';

export const PROBE_HELP = `Usage: gatecheck probe --openapi <file|url> [options]

Calls every operation of an OpenAPI document without credentials and expects the
protected ones to be refused, so a forgotten endpoint is found. An ORDS catalog
(/ords/<alias>/open-api-catalog/) is followed to every module.

Options:
      --openapi <file|url>   the OpenAPI document (JSON or YAML), or an ORDS catalog
      --protected <glob>     paths that must be protected, e.g. /customers/* (repeatable; default: all)
      --refused <list>       statuses that count as refused (default 401)
      --base-url <url>       where to send requests (default: the document's servers)
  -o, --output <file>        also keep the generated collection
      --no-run               only write the collection
  -r, --reporters <list>     as for run (cli, json, junit, html)

Transport options, as for run (they apply to fetching the document too):
  -e, --environment <file>   environment file; --var <name=value> and --env-file <file> (repeatable)
      --timeout <ms>         per-request timeout (default 10000)
  -k, --insecure             do not verify TLS certificates
      --cacert <file>        trust this CA (PEM) as well as the system's
      --cert <file>, --key <file>  client certificate and key (PEM) for mutual TLS
`;

/** Options probe shares with run, passed on to it as given. */
const TRANSPORT = {
  environment: { type: 'string', short: 'e' },
  var: { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  timeout: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  cacert: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
} as const;

export async function probeCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('probe', argv, {
    openapi: { type: 'string' },
    protected: { type: 'string', multiple: true },
    refused: { type: 'string' },
    'base-url': { type: 'string' },
    output: { type: 'string', short: 'o' },
    'no-run': { type: 'boolean' },
    reporters: { type: 'string', short: 'r' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...TRANSPORT,
  });
  if (values.help) {
    process.stdout.write(PROBE_HELP);
    return 0;
  }
  if (!values.openapi)
    throw new InputError('name the OpenAPI document: --openapi <file|url>', { flag: '--openapi' });
  const refusedStatus = (values.refused ?? '401').split(',').map((s) => Number(s.trim()));
  if (refusedStatus.some((n) => !Number.isInteger(n) || n < 100 || n > 599)) {
    throw new InputError(`expected status codes such as 401,403, got "${values.refused}"`, {
      flag: '--refused',
    });
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new InputError(`expected a positive number of milliseconds, got "${values.timeout}"`, {
      flag: '--timeout',
    });
  const docs = await loadDocuments(values.openapi, {
    timeoutMs,
    insecure: values.insecure,
    ca: values.cacert === undefined ? undefined : readPem('--cacert', values.cacert),
    cert: values.cert === undefined ? undefined : readPem('--cert', values.cert),
    key: values.key === undefined ? undefined : readPem('--key', values.key),
  });
  const plan = probeCollection(docs, {
    protected: values.protected ?? [],
    refusedStatus,
    baseUrl: values['base-url'],
  });
  const file = values.output ?? join(mkdtempSync(join(tmpdir(), 'gatecheck-probe-')), 'probe.yaml');
  writeFileSync(file, plan.yaml);
  process.stderr.write(
    `gatecheck: ${plan.operations} protected operations to probe${plan.skipped.length ? `, ${plan.skipped.length} left out (${plan.skipped.join(', ')})` : ''}; collection: ${file}\n`,
  );
  if (values['no-run'] || plan.operations === 0) return 0;
  return runCollections([file], {
    reporters: values.reporters,
    'no-color': values['no-color'],
    environment: values.environment,
    var: values.var,
    'env-file': values['env-file'],
    timeout: values.timeout,
    insecure: values.insecure,
    cacert: values.cacert,
    cert: values.cert,
    key: values.key,
  });
}

interface FetchOptions {
  timeoutMs: number;
  insecure?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
}

async function loadDocuments(
  location: string,
  options: FetchOptions,
): Promise<{ doc: OpenApiDoc; source: string }[]> {
  const first = await load(location, options);
  const links = catalogLinks(first);
  if (links)
    return Promise.all(
      links.map(async (href) => ({ doc: (await load(href, options)) as OpenApiDoc, source: href })),
    );
  if (!(first as OpenApiDoc | undefined)?.paths)
    throw new InputError('not an OpenAPI document (no "paths")', { file: location });
  return [{ doc: first as OpenApiDoc, source: location }];
}

async function load(location: string, options: FetchOptions): Promise<unknown> {
  if (!/^https?:\/\//.test(location))
    return SourceDocument.parse(location, readUserFile(location, 'OpenAPI document')).toJS();
  const { timeoutMs, ...tls } = options;
  const http = new HttpClient(tls);
  try {
    const res = await http.send({
      method: 'GET',
      url: location,
      headers: { accept: 'application/json' },
      timeoutMs,
    });
    if (res.status !== 200) throw new InputError(`answered ${res.status}`, { file: location });
    return SourceDocument.parse(location, res.body).toJS();
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot fetch the OpenAPI document: ${(e as Error).message}`, { file: location });
  } finally {
    await http.close();
  }
}
