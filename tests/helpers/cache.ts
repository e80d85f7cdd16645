/**
 * What tests and benchmarks keep between processes, in the package's cache folder: prepared
 * embedded databases (tests/helpers/db.ts) and a server's demo-town data folder
 * (tests/e2e/helpers/server.ts). Each is named by a digest of everything it can depend on, so a
 * change to the schema, the server, the loader, the helpers or the packages makes a new one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The folder everything kept lives in. */
export const TEST_CACHE = path.join(ROOT, 'node_modules', '.cache', 'gridplan');

const SOURCES = ['migrations', 'server/src', 'data', 'tests/helpers', 'tests/e2e/helpers', 'package-lock.json'];

let sources: Promise<string> | undefined;
/** A digest of every file under SOURCES, read once per process. */
function sourcesDigest(): Promise<string> {
  sources ??= (async () => {
    const hash = createHash('sha256');
    for (const source of SOURCES) {
      const full = path.join(ROOT, source);
      const files = source.includes('.')
        ? [full]
        : (await readdir(full, { recursive: true, withFileTypes: true }))
            .filter((e) => e.isFile())
            .map((e) => path.join(e.parentPath, e.name))
            .sort();
      for (const file of files)
        hash
          .update(path.relative(ROOT, file))
          .update('\0')
          .update(await readFile(file))
          .update('\0');
    }
    return hash.digest('hex');
  })();
  return sources;
}

/**
 * The name of what is kept under `key`: the key and a digest of the sources, of `how` it is made
 * and of the day (rows stamped with the time they were loaded stay as fresh as a day).
 */
export async function keptName(key: string, how: string): Promise<string> {
  const digest = createHash('sha256')
    .update(await sourcesDigest())
    .update(how)
    .update(new Date().toISOString().slice(0, 10))
    .digest('hex')
    .slice(0, 16);
  return `${key}.${digest}`;
}

/** Removes what was kept under `key` in `folder` before, except `name`; errors are left alone. */
async function dropOlder(folder: string, name: string): Promise<void> {
  const key = name.split('.')[0];
  const entries = await readdir(folder).catch(() => [] as string[]);
  for (const entry of entries)
    if (entry.split('.')[0] === key && entry !== name)
      await rm(path.join(folder, entry), { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Keeps what `write` makes at `folder/name` in place of the key's earlier ones: written beside its
 * place and renamed into it, so no process ever reads it half written. A cache that cannot be
 * written is left alone (the next process makes its own).
 */
export async function keep(folder: string, name: string, write: (to: string) => Promise<unknown>): Promise<void> {
  const partial = path.join(folder, `${name}.${process.pid}.partial`);
  try {
    await mkdir(folder, { recursive: true });
    await dropOlder(folder, name);
    await write(partial);
    await rename(partial, path.join(folder, name));
  } catch {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
  }
}
