import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-collections-'));
let n = 0;

/** Writes a collection to a temporary file and returns its path. */
export function writeCollection(yaml: string, name = `c${++n}.yaml`): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/** The oauth2 profiles of the built-in simulator, for collections in tests. */
export const PROFILES = `
auth:
  ords-client: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{ORDS_CLIENT_ID}}', clientSecret: '{{ORDS_CLIENT_SECRET}}' }
  license-client: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{LICENSE_CLIENT_ID}}', clientSecret: '{{LICENSE_CLIENT_SECRET}}', clientAuth: body }
  norole-client: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{NOROLE_CLIENT_ID}}', clientSecret: '{{NOROLE_CLIENT_SECRET}}' }
  expiring-client: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{EXPIRING_CLIENT_ID}}', clientSecret: '{{EXPIRING_CLIENT_SECRET}}' }
  wrong-secret: { type: oauth2, tokenUrl: '{{baseUrl}}/ords/myapi/oauth/token', clientId: '{{ORDS_CLIENT_ID}}', clientSecret: wrong-secret-value }
  qa-user: { type: basic, username: '{{ORDS_USER}}', password: '{{ORDS_PASSWORD}}' }
  bad-password: { type: basic, username: '{{ORDS_USER}}', password: not-the-password }
  given-token: { type: bearer, token: '{{TOKEN}}' }
`;
