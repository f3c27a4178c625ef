/**
 * postman-collection 4.4.0, the SDK newman reads collections with, so gatecheck reads
 * them the same way. Loaded on first use: it is large, and most runs read no Postman file.
 * Its types come from @types/postman-collection (through @types/newman), types only.
 */
import { createRequire } from 'node:module';
import type * as Sdk from 'postman-collection';

let sdk: typeof Sdk | undefined;

export function postmanSdk(): typeof Sdk {
  return (sdk ??= createRequire(import.meta.url)('postman-collection') as typeof Sdk);
}
