/**
 * Postman's variable scopes for one run, shared by every request as in Postman:
 * local (pm.variables), the data row, environment, collection variables and
 * globals, highest precedence first; gatecheck's own layers (process environment
 * included) answer last. `{{name}}` is filled as Postman fills it
 * (postman-collection's substitutor: nested references, `{{$guid}}`-style dynamic
 * variables); a reference that resolves nowhere stays as written.
 */
import { createRequire } from 'node:module';
import type { Variables } from '../plan/variables.js';
import type { SandboxScopes } from './sandbox.js';

const require = createRequire(import.meta.url);

interface PropertyStatics {
  replaceSubstitutions(text: string, variables: object[]): string;
}

export class PostmanScopes implements SandboxScopes {
  environment: Record<string, unknown> = {};
  collectionVariables: Record<string, unknown> = {};
  globals: Record<string, unknown> = {};
  local: Record<string, unknown> = {};
  data: Record<string, unknown> = {};
  private readonly base: object;
  private readonly property: PropertyStatics;

  constructor(variables: Variables, collectionVariables: Record<string, string>) {
    // --var and the environment file are Postman's environment, a globals file (-g) its
    // globals, the collection's own variables its collection scope; file values keep their types.
    const environment = variables.typedValues('environment');
    for (const name of variables.declaredNames()) {
      const found = variables.find(name);
      if (found?.layer === 'cli') this.environment[name] = found.value;
      else if (found?.layer === 'environment') this.environment[name] = environment[name];
    }
    Object.assign(this.globals, variables.typedValues('globals'));
    Object.assign(this.collectionVariables, collectionVariables);
    // Lowest: what gatecheck would resolve (the process environment and .env), looked up on demand.
    this.base = new Proxy(
      {},
      {
        getOwnPropertyDescriptor: (_t, name) => {
          const value = typeof name === 'string' ? variables.get(name) : undefined;
          return value === undefined ? undefined : { value, enumerable: true, configurable: true };
        },
        get: (target, name) =>
          typeof name === 'string' && name !== 'constructor'
            ? variables.get(name)
            : Reflect.get(target, name),
      },
    );
    this.property = (require('postman-collection') as { Property: PropertyStatics }).Property;
  }

  /** A string with its `{{references}}` filled as Postman fills them. */
  fill = (text: string): string => {
    if (!text.includes('{{')) return text;
    return this.property.replaceSubstitutions(text, [
      this.local,
      this.data,
      this.environment,
      this.collectionVariables,
      this.globals,
      this.base,
    ]);
  };

  /** A lookup for gatecheck's templates: unresolved names come back as written. */
  lookup = (name: string): string => this.fill(`{{${name}}}`);

  /** Every value now held in a scope, by name (for masking those named like secrets). */
  entries(): [string, unknown][] {
    return [this.local, this.environment, this.collectionVariables, this.globals].flatMap((s) =>
      Object.entries(s),
    );
  }
}

/** Fills every string (and key) inside a JSON-like value. */
export function fillDeep<T>(value: T, fill: (text: string) => string): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return fill(v);
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [fill(k), visit(x)]));
    return v;
  };
  return visit(value) as T;
}
