/**
 * Variable layers, highest precedence first: captures of the running scenario
 * (added at run time), --var, the environment file, the process environment
 * (with .env and --env-file read by dotenv; variables already set win, as in
 * dotenv), the collection's variables, and a Postman globals file (-g).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { SECRET_NAME } from '../mask/secrets.js';
import { interpolate, referencesIn } from './template.js';
import { InputError } from '../source/errors.js';
import { readUserFile } from '../source/read.js';
import type { Environment } from './environment.js';
import type * as Dotenv from 'dotenv';

export interface VariableSources {
  collection: Record<string, string>;
  /** Process environment with dotenv files merged under it. */
  process: Record<string, string>;
  environment?: Environment;
  cli: Record<string, string>;
  /** A Postman globals file: below everything, as in Postman. */
  globals?: Environment;
}

export type Layer = 'cli' | 'environment' | 'process' | 'collection' | 'globals';

/** A variable whose value refers back to itself, directly or through others. */
export class VariableCycleError extends Error {
  constructor(readonly chain: string[]) {
    super(`variables refer to each other in a cycle: ${chain.map((n) => `{{${n}}}`).join(' → ')}`);
  }
}

export class Variables {
  private readonly resolved = new Map<string, string>();

  constructor(private readonly sources: VariableSources) {}

  /** The value and the layer it came from. */
  find(name: string): { value: string; layer: Layer } | undefined {
    const { cli, environment, process, collection, globals } = this.sources;
    if (Object.hasOwn(cli, name)) return { value: cli[name] ?? '', layer: 'cli' };
    if (environment && Object.hasOwn(environment.variables, name))
      return { value: environment.variables[name] ?? '', layer: 'environment' };
    if (Object.hasOwn(process, name)) return { value: process[name] ?? '', layer: 'process' };
    if (Object.hasOwn(collection, name)) return { value: collection[name] ?? '', layer: 'collection' };
    if (globals && Object.hasOwn(globals.variables, name))
      return { value: globals.variables[name] ?? '', layer: 'globals' };
    return undefined;
  }

  /** A file layer's values as its scripts see them (a Postman export keeps numbers as numbers). */
  typedValues(layer: 'environment' | 'globals'): Record<string, unknown> {
    const file = this.sources[layer];
    return { ...(file?.typed ?? file?.variables) };
  }

  /** The value with the `{{references}}` in it filled in (an environment's tokenUrl may use {{baseUrl}}). */
  get(name: string): string | undefined {
    return this.resolve(name, []);
  }

  /** What is wrong with a variable's value, if anything: a cycle, or a reference in it that resolves nowhere. */
  problem(name: string): string | undefined {
    try {
      const value = this.get(name);
      const missing =
        value === undefined ? [] : referencesIn(value).filter((ref) => this.find(ref) === undefined);
      return missing.length > 0
        ? `the value of {{${name}}} uses {{${missing[0]}}}, which is not set`
        : undefined;
    } catch (e) {
      if (e instanceof VariableCycleError) return e.message;
      throw e;
    }
  }

  private resolve(name: string, stack: string[]): string | undefined {
    const cached = this.resolved.get(name);
    if (cached !== undefined) return cached;
    const raw = this.find(name)?.value;
    if (raw === undefined || !raw.includes('{{')) return raw;
    const value = interpolate(raw, (ref) => {
      if (ref === name || stack.includes(ref)) throw new VariableCycleError([...stack, name, ref]);
      return this.resolve(ref, [...stack, name]);
    });
    this.resolved.set(name, value);
    return value;
  }

  /** Names a person would expect to see in a did-you-mean (not the whole process environment). */
  declaredNames(): string[] {
    const { cli, environment, collection, globals } = this.sources;
    return [
      ...new Set([
        ...Object.keys(cli),
        ...Object.keys(environment?.variables ?? {}),
        ...Object.keys(collection),
        ...Object.keys(globals?.variables ?? {}),
      ]),
    ];
  }

  /**
   * Values that must be masked: declared secrets, and variables named like secrets
   * from the declared layers. A secret global is masked even where a higher layer
   * hides it, since a script still reads it with pm.globals.get.
   */
  declaredSecrets(): { name: string; value: string }[] {
    const { environment, globals } = this.sources;
    const secretNames = new Set(environment?.secrets ?? []);
    const secretGlobals = globals?.secrets ?? [];
    return [
      ...this.declaredNames()
        .filter(
          (n) =>
            secretNames.has(n) ||
            SECRET_NAME.test(n) ||
            (this.find(n)?.layer === 'globals' && secretGlobals.includes(n)),
        )
        .map((name) => ({ name, value: this.get(name) ?? '' })),
      ...secretGlobals.map((name) => ({ name, value: globals?.variables[name] ?? '' })),
    ];
  }
}

/** `--var k=v` (or --global-var), repeatable. */
export function parseCliVars(pairs: readonly string[], flag = '--var'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InputError(`expected name=value, got "${pair}"`, { flag });
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The process environment with `.env` (if present in cwd) and `--env-file` files under it. */
export function processVariables(envFiles: readonly string[], cwd = process.cwd()): Record<string, string> {
  const merged: Record<string, string> = {};
  const dotenv = `${cwd}/.env`;
  const files = [...(existsSync(dotenv) ? [dotenv] : []), ...envFiles];
  if (files.length > 0) {
    // dotenv loads only when there is a dotenv file to read.
    const { parse } = createRequire(import.meta.url)('dotenv') as typeof Dotenv;
    for (const file of files) Object.assign(merged, parse(readUserFile(file, 'env file')));
  }
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) merged[k] = v;
  return merged;
}
