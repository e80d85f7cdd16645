// What bin/gridplan.js and bin/ensure-build.js need to know about dist/: is each part built, is
// it older than its sources, and are the build tools (dev dependencies) installed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SERVER_ENTRY = path.join(ROOT, 'dist/server/cli.js');
export const WEB_ENTRY = path.join(ROOT, 'dist/web/index.html');

// Sources compiled into each part (migrations are read at run time, not compiled in).
const SERVER_SOURCES = ['server/src', 'data/generator', 'data/loader', 'data/divisions', 'data/load.ts'];
const WEB_SOURCES = ['web', 'server/src/contract', 'vite.config.ts'];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** 'missing', 'stale' (a source is newer than the build) or 'fresh'. */
function state(entry, sources) {
  if (!existsSync(entry)) return 'missing';
  const built = statSync(entry).mtimeMs;
  return sources.some((source) => newestMtime(path.join(ROOT, source)) > built) ? 'stale' : 'fresh';
}

export const serverState = () => state(SERVER_ENTRY, SERVER_SOURCES);
export const webState = () => state(WEB_ENTRY, WEB_SOURCES);

/** Whether `name` (a dev dependency) is installed, without loading it. */
export function installed(name) {
  try {
    createRequire(import.meta.url).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** The path of an installed package's file, e.g. vite's command-line script. */
export function packageFile(name, file) {
  return path.join(path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), file);
}

export const NOT_BUILT = `Gridplan is not built (dist/server/cli.js is missing) and the build tools are not installed.
Either install everything and build:   npm install && npm run build
or install a release that contains dist/ (see "Release build" in README.md).`;
