/** The parts of the Postman Collection v2.1 format that gatecheck reads and writes. */

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
  urlencoded?: { key: string; value?: string; disabled?: boolean }[];
  options?: { raw?: { language?: string } };
}

export interface PmRequest {
  method?: string;
  header?: PmHeader[];
  url?: PmUrl | string;
  body?: PmBody;
  auth?: PmAuth;
  description?: string;
}

export interface PmItem {
  id?: string;
  name?: string;
  request?: PmRequest | string;
  item?: PmItem[];
  event?: PmEvent[];
  auth?: PmAuth;
  variable?: PmVariable[];
  description?: string;
  protocolProfileBehavior?: {
    followRedirects?: boolean;
    disableBodyPruning?: boolean;
    disableUrlEncoding?: boolean;
    [k: string]: unknown;
  };
}

export interface PmCollection {
  info: { name: string; schema: string; description?: string; _postman_id?: string };
  item: PmItem[];
  event?: PmEvent[];
  variable?: PmVariable[];
  auth?: PmAuth;
  protocolProfileBehavior?: { followRedirects?: boolean; [k: string]: unknown };
}

export interface PmEnvironment {
  name: string;
  values: { key: string; value: string; type: 'default' | 'secret'; enabled: boolean }[];
  _postman_variable_scope: 'environment';
}
