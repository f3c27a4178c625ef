/**
 * Files shipped beside the code (package.json, schema/, environments/,
 * dist/validators/). Modules reach them through here, not through paths
 * relative to themselves, because the same module sits in dist/<dir>/ for the
 * library and in a chunk of the CLI bundle (dist/bin/) for the command.
 */
import { existsSync } from 'node:fs';

let root: URL | undefined;

/** The package's root: the nearest directory above this module that holds a package.json. */
function packageRoot(): URL {
  if (root) return root;
  let dir = new URL('.', import.meta.url);
  for (let up = 0; up < 4 && !existsSync(new URL('package.json', dir)); up++) dir = new URL('..', dir);
  root = dir;
  return root;
}

/** A file of the package, by its path from the package root (e.g. "schema/collection.schema.json"). */
export function packageFile(path: string): URL {
  return new URL(path, packageRoot());
}
