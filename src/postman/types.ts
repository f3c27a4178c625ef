/**
 * The parts of the Postman Collection v2.1 format that gatecheck reads and writes, as
 * JSON. Hand-written because the SDK's typings (@types/postman-collection) describe the
 * file loosely and in places wrongly (item events as `events`, no `protocolProfileBehavior`
 * or `info.schema`, auth types a closed list), and export must write exact v2.1. Values
 * whose shape varies (scripts, headers, auth parameters, variables) are read through
 * postman-collection itself (sdk.ts), as newman reads them.
 */

export const POSTMAN_SCHEMA_V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface PmVariable {
  key: string;
  value?: unknown;
  type?: string;
  enabled?: boolean;
  disabled?: boolean;
}

export interface PmScript {
  type?: string;
  exec?: string[] | string;
}

export interface PmEvent {
  listen: 'prerequest' | 'test';
  script: PmScript;
}

export interface PmAuthAttribute {
  key: string;
  value?: unknown;
  type?: string;
}

export interface PmAuth {
  type: string;
  basic?: PmAuthAttribute[];
  bearer?: PmAuthAttribute[];
  oauth2?: PmAuthAttribute[];
  [other: string]: unknown;
}

export interface PmHeader {
  key: string;
  value: string;
  disabled?: boolean;
}

export interface PmUrl {
  raw?: string;
  protocol?: string;
  host?: string[] | string;
  path?: string[] | string;
  query?: { key: string; value?: string | null; disabled?: boolean }[];
}

export interface PmBody {
  mode?: 'raw' | 'urlencoded' | 'formdata' | 'file' | 'graphql';
  disabled?: boolean;
  raw?: string;
  urlencoded?: { key: string; value?: string; disabled?: boolean }[] | string;
  formdata?: PmFormdataParam[];
  options?: { raw?: { language?: string } };
}

/** A formdata entry: text (`value`) or file (`src`, a path or several). */
export interface PmFormdataParam {
  key: string;
  type?: 'text' | 'file';
  value?: unknown;
  src?: string | string[] | null;
  contentType?: string;
  disabled?: boolean;
}

export interface PmRequest {
  method?: string;
  header?: PmHeader[] | string;
  url?: PmUrl | string;
  body?: PmBody;
  auth?: PmAuth;
  /** Text, or { content, type } (markdown). */
  description?: string | { content?: string; type?: string };
}

export interface PmItem {
  id?: string;
  _postman_id?: string;
  name?: string;
  request?: PmRequest | string;
  item?: PmItem[];
  event?: PmEvent[];
  auth?: PmAuth;
  variable?: PmVariable[];
  description?: string;
  protocolProfileBehavior?: PmBehavior;
}

/** protocolProfileBehavior, on the collection, a folder or a request. */
export interface PmBehavior {
  followRedirects?: unknown;
  disableBodyPruning?: unknown;
  disableUrlEncoding?: unknown;
  disableCookies?: unknown;
  /** Header names (any case) mapped to a flag: system headers postman-runtime does not add. */
  disabledSystemHeaders?: unknown;
  [k: string]: unknown;
}

export interface PmCollection {
  info: { name: string; schema: string; description?: string; _postman_id?: string };
  item: PmItem[];
  event?: PmEvent[];
  variable?: PmVariable[];
  auth?: PmAuth;
  protocolProfileBehavior?: PmBehavior;
}

export interface PmEnvironment {
  name: string;
  values: { key: string; value: string; type: 'default' | 'secret'; enabled: boolean }[];
  _postman_variable_scope: 'environment';
}
