/**
 * The shapes a collection file has once its JSON Schema has accepted it: what the
 * user wrote, before defaults and cross-checks turn it into a model Collection.
 */
import type { AuthProfile, Expectations, FormField, StepScripts } from '../model/collection.js';

export type Scalar = string | number | boolean;
export interface RawRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, Scalar>;
  json?: unknown;
  /** A list value is the field repeated, in order (`scope: [read, write]`). */
  form?: Record<string, Scalar | Scalar[]>;
  multipart?: (
    | { name: string; value: Scalar; contentType?: string }
    | { name: string; file: string; contentType?: string }
  )[];
  body?: string;
  followRedirects?: boolean;
  allowHttpRedirect?: boolean;
  cookies?: boolean;
  disableUrlEncoding?: boolean;
  bodyLanguage?: string;
  disabledSystemHeaders?: string[];
  disableBodyPruning?: boolean;
  timeoutMs?: number;
}
export interface RawStep {
  secured?: boolean;
  deny?: string[];
  allow?: string[];
  name?: string;
  auth?: string;
  request?: RawRequest;
  expect?: Expectations;
  capture?: Record<string, string | { path: string; secret?: boolean }>;
  scripts?: Partial<StepScripts>;
  checkNames?: Record<string, string>;
  id?: string;
  description?: string;
  wait?: number | string;
}
export interface RawScenario extends Omit<RawStep, 'name'> {
  name: string;
  steps?: RawStep[];
}
export interface RawCollection {
  name: string;
  mode?: 'scenarios' | 'postman';
  scripts?: Partial<StepScripts>;
  baseUrl?: string;
  variables?: Record<string, Scalar>;
  auth?: Record<string, RawProfile>;
  defaults?: { headers?: Record<string, string>; timeoutMs?: number };
  security?: { refusedStatus?: number | number[] };
  scenarios: RawScenario[];
}

export type RawProfile = { type: AuthProfile['type'] } & Record<string, string> & {
    login?: { username: string; password: string };
    params?: Record<string, string>;
    pkce?: boolean;
    disableRetry?: boolean;
    includeBodyHash?: boolean;
    addEmptyParamsToSign?: boolean;
    disableHeaderEncoding?: boolean;
  };

export function scriptsOf(raw: Partial<StepScripts> | undefined): StepScripts {
  return { prerequest: raw?.prerequest ?? [], test: raw?.test ?? [] };
}

export function stringify(values: Record<string, Scalar> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, String(v)]));
}

/** A `form:` mapping as fields in order, a list value once per item. */
export function formFields(form: Record<string, Scalar | Scalar[]>): FormField[] {
  return Object.entries(form).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((item) => ({ name, value: String(item) })),
  );
}
