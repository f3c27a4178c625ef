/**
 * A loaded, validated collection. String values may hold `{{variables}}`; they
 * are resolved when a request is made. `path` fields locate an item in its file
 * (see SourceDocument.positionOf) so later stages can report positions.
 */
import type { DataPath } from '../source/document.js';

export type AuthProfile =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | {
      type: 'oauth2';
      grant: 'client_credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      clientAuth: 'basic' | 'body';
      scope?: string;
    };

/** A matcher object (keys are all matcher names) or a literal compared by deep equality. */
export type Expected = unknown;

export interface Expectations {
  status?: number | number[] | string;
  headers?: Record<string, Expected>;
  json?: Record<string, Expected>;
  body?: { contains?: string; matches?: string; equals?: string };
  maxDurationMs?: number;
  retried?: boolean;
}

export interface RequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
  followRedirects: boolean;
  /** Follow a redirect from HTTPS to HTTP as well (refused otherwise). */
  allowHttpRedirect?: boolean;
  timeoutMs?: number;
}

export interface RequestStep {
  kind: 'request';
  name?: string;
  /** A profile name, 'none', or undefined for the scenario's. */
  auth?: string;
  request: RequestSpec;
  expect: Expectations;
  capture: Record<string, string>;
  /** Captures whose values are masked like secrets (`secret: true`; names like *token* always are). */
  secretCaptures: string[];
  /** Also send the request as callers who must be refused (and `allow` ones who must get in). */
  secured: boolean;
  deny: string[];
  allow: string[];
  path: DataPath;
}

export interface WaitStep {
  kind: 'wait';
  name?: string;
  ms: number;
  path: DataPath;
}

export type Step = RequestStep | WaitStep;

export interface Scenario {
  name: string;
  auth?: string;
  steps: Step[];
  path: DataPath;
}

export interface Collection {
  file: string;
  name: string;
  baseUrl?: string;
  variables: Record<string, string>;
  auth: Record<string, AuthProfile>;
  defaults: { headers: Record<string, string>; timeoutMs?: number };
  /** Statuses that count as "refused" for security probes (ORDS: 401). */
  security: { refusedStatus: number[] };
  scenarios: Scenario[];
}
