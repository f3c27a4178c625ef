/** gatecheck's version, from package.json. */
import { readFileSync } from 'node:fs';
import { packageFile } from './package-files.js';

let version: string | undefined;

export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** Sent unless a collection sets its own (gateways and WAFs refuse requests without one); exported too. */
export function userAgent(): string {
  return `gatecheck/${toolVersion()}`;
}
