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
  | OAuth2Profile
  /** A key sent as a header or a query parameter. */
  | { type: 'apiKey'; in: 'header' | 'query'; name: string; value: string }
  /** A form login whose cookies authenticate the requests (ORDS first-party sign-in). */
  | { type: 'session'; loginUrl: string; login: Login }
  | DigestProfile
  | OAuth1Profile;

/**
 * HTTP Digest: the request goes once, and its 401 (or 403) challenge is answered
 * with a signed retry; a later request of the caller is signed up front with the
 * nonce it learnt. `realm` and `nonce` given sign the first request too.
 */
export interface DigestProfile {
  type: 'digest';
  username: string;
  password: string;
  /** MD5 (default, or the challenge's), MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess. */
  algorithm?: string;
  realm?: string;
  nonce?: string;
  /** auth | auth-int; default: what the challenge offers. */
  qop?: string;
  opaque?: string;
  nonceCount?: string;
  clientNonce?: string;
  /** Do not answer the challenge (Postman's disableRetryRequest). */
  disableRetry?: boolean;
}

/** OAuth 1.0a request signing (RFC 5849), as Postman signs. */
export interface OAuth1Profile {
  type: 'oauth1';
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
  /** HMAC-SHA1 (default), HMAC-SHA256, HMAC-SHA512, PLAINTEXT, RSA-SHA1, RSA-SHA256, RSA-SHA512. */
  signatureMethod: string;
  /** PEM private key for RSA-SHA*. */
  privateKey?: string;
  callback?: string;
  verifier?: string;
  /** Fixed values (generated for every request when absent). */
  timestamp?: string;
  nonce?: string;
  /** oauth_version: 1.0 unless set ('' leaves it out). */
  version: string;
  realm?: string;
  /** header (default), or query: the form body of a POST/PUT that has one, else the URL. */
  in: 'header' | 'query';
  includeBodyHash: boolean;
  addEmptyParamsToSign: boolean;
  disableHeaderEncoding: boolean;
}

export type OAuth2Grant = 'client_credentials' | 'authorization_code' | 'implicit' | 'password';

export interface Login {
  username: string;
  password: string;
}

export interface OAuth2Profile {
  type: 'oauth2';
  grant: OAuth2Grant;
  /** Empty for implicit, which gets its token from the authorize redirect. */
  tokenUrl: string;
  clientId: string;
  /** Empty for a public client. */
  clientSecret: string;
  clientAuth: 'basic' | 'body';
  scope?: string;
  authUrl?: string;
  redirectUri?: string;
  login?: Login;
  pkce?: boolean;
  audience?: string;
  resource?: string;
  params?: Record<string, string>;
}

/** A matcher object (keys are all matcher names) or a literal compared by deep equality. */
export type Expected = unknown;

export interface Expectations {
  status?: number | number[] | string;
  headers?: Record<string, Expected>;
  json?: Record<string, Expected>;
  body?: { contains?: string; matches?: string; equals?: string };
  maxDurationMs?: number;
  retried?: boolean;
  /** JSONPath -> literal or matcher, on the token response of the step's oauth2 profile (its tokens left out). */
  token?: Record<string, Expected>;
}

export interface FormField {
  name: string;
  value: string;
}

export interface RequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  json?: unknown;
  /** An application/x-www-form-urlencoded body: its fields in order (one name may repeat). */
  form?: FormField[];
  /** A multipart/form-data body: its parts in order (one name may repeat). */
  multipart?: MultipartPart[];
  body?: string;
  followRedirects: boolean;
  /** Follow a redirect from HTTPS to HTTP as well (refused otherwise). */
  allowHttpRedirect?: boolean;
  /** false: the cookie jar neither sends cookies with this request nor keeps what it sets. */
  cookies?: false;
  /** Postman mode: a raw body's language (Postman's body.options.raw.language); a json body's comments are removed when sent. */
  bodyLanguage?: string;
  /** Postman mode: system headers not added (Postman's disabledSystemHeaders; lower-case names count). */
  disabledSystemHeaders?: string[];
  /** Postman mode: the URL's path and query are sent without percent-encoding (Postman's disableUrlEncoding). */
  disableUrlEncoding?: boolean;
  /** Postman mode: a GET (COPY, HEAD, PURGE, UNLOCK) sends its body too (Postman's disableBodyPruning). */
  disableBodyPruning?: boolean;
  timeoutMs?: number;
}

/** A text part, or a file part read when the request is sent (`file` is absolute once loaded). */
export type MultipartPart =
  | { name: string; value: string; contentType?: string }
  | { name: string; file: string; contentType?: string };

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
  /** Names for the checks `expect` makes, by their default name (an imported pm.test's name). */
  checkNames: Record<string, string>;
  /** Postman scripts run in a Postman sandbox around this request (mode: postman), in order. */
  scripts: StepScripts;
  /** The Postman item's id (mode: postman): pm.info.requestId, and what setNextRequest(id) finds. */
  id?: string;
  /** The Postman request's description (mode: postman): the legacy script global request.description. */
  description?: string;
  /** Also send the request as callers who must be refused (and `allow` ones who must get in). */
  secured: boolean;
  deny: string[];
  allow: string[];
  path: DataPath;
}

/** Postman scripts: each entry runs as its own script, as Postman runs collection, folder and request scripts. */
export interface StepScripts {
  prerequest: string[];
  test: string[];
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

/**
 * `scenarios`: scenarios run concurrently, each with its own captures, and a step
 * after a failure is skipped. `postman`: Postman's execution model — every step in
 * file order, one set of variable scopes shared by all, every request sent after a
 * failure, redirects followed unless disabled, `{{$guid}}`-style dynamic variables.
 */
export type CollectionMode = 'scenarios' | 'postman';

export interface Collection {
  file: string;
  name: string;
  mode: CollectionMode;
  /** Postman scripts that run around every request (collection-level events), before each step's own. */
  scripts: StepScripts;
  baseUrl?: string;
  variables: Record<string, string>;
  auth: Record<string, AuthProfile>;
  defaults: { headers: Record<string, string>; timeoutMs?: number };
  /** Statuses that count as "refused" for security probes (ORDS: 401). */
  security: { refusedStatus: number[] };
  scenarios: Scenario[];
}
