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
import { runCommand } from './run.js';

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
`;

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
  const docs = await loadDocuments(values.openapi);
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
  return runCommand([
    file,
    ...(values.reporters ? ['-r', values.reporters] : []),
    ...(values['no-color'] ? ['--no-color'] : []),
  ]);
}

async function loadDocuments(location: string): Promise<{ doc: OpenApiDoc; source: string }[]> {
  const first = await load(location);
  const links = catalogLinks(first);
  if (links)
    return Promise.all(links.map(async (href) => ({ doc: (await load(href)) as OpenApiDoc, source: href })));
  if (!(first as OpenApiDoc | undefined)?.paths)
    throw new InputError('not an OpenAPI document (no "paths")', { file: location });
  return [{ doc: first as OpenApiDoc, source: location }];
}

async function load(location: string): Promise<unknown> {
  if (!/^https?:\/\//.test(location))
    return SourceDocument.parse(location, readUserFile(location, 'OpenAPI document')).toJS();
  const http = new HttpClient();
  try {
    const res = await http.send({
      method: 'GET',
      url: location,
      headers: { accept: 'application/json' },
      timeoutMs: 10_000,
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
