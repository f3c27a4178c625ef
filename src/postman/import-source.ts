/** Recognising a Postman collection file and bringing every version to v2.1. */
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { POSTMAN_SCHEMA_V21 } from './types.js';
import type { PmCollection } from './types.js';

/** Whether a parsed JSON document is a Postman collection: v2 (with or without `info`) or v1. */
export function isPostmanCollection(data: unknown): boolean {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return Array.isArray(d.item) || (Array.isArray(d.requests) && typeof d.name === 'string');
}

/** Any Postman collection as v2.1: v1 through postman-collection-transformer, a missing `info` named after the file. */
export function normalizePostman(data: Record<string, unknown>, file: string): PmCollection {
  let v2 = data;
  if (!Array.isArray(data.item) && Array.isArray(data.requests)) {
    const transformer = createRequire(import.meta.url)('postman-collection-transformer') as {
      convert(input: object, options: object, cb: (err: unknown, out: Record<string, unknown>) => void): void;
    };
    transformer.convert(
      data,
      { inputVersion: '1.0.0', outputVersion: '2.1.0', retainIds: true },
      (err, out) => {
        if (err) throw err instanceof Error ? err : new Error(String(err));
        v2 = out;
      },
    );
  }
  const info = (v2.info ?? {}) as Partial<PmCollection['info']>;
  return {
    ...(v2 as unknown as PmCollection),
    info: {
      ...info,
      name: info.name ?? basename(file).replace(/(\.postman_collection)?\.json$/i, ''),
      schema: info.schema ?? POSTMAN_SCHEMA_V21,
    },
  };
}
