// The package's root directory, where migrations/ and the built web app (dist/web/) are read at
// run time. Found by walking up from this module, so the same code works from the TypeScript
// source (server/src/) and from the built server (dist/server/), wherever the package is installed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package root (package.json beside migrations/) above ${start}`);
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
