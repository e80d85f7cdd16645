/**
 * The PostGIS extension the embedded database loads, trimmed to what Gridplan uses. PGlite
 * unpacks an extension's whole bundle into memory every time it opens a database, and the bundle
 * `@electric-sql/pglite-postgis` ships holds 91 MB: raster, topology and the tiger geocoder
 * beside PostGIS itself, and their install and upgrade scripts. Opening the demo town's folder
 * took 4.1 s with it and 2.3 s with only the core library, its own scripts and the PROJ data.
 *
 * The trimmed bundle is made from the shipped one on the first open (copying the tar entries it
 * keeps, unchanged) and kept in the package's cache folder under the shipped bundle's name, size
 * and time, so a new PostGIS build makes a new one. Anything unexpected in the bundle, or a cache
 * folder that cannot be written, leaves the shipped bundle in use.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Extension } from '@electric-sql/pglite';
import { PACKAGE_ROOT } from '../package-root';

const BLOCK = 512;

/**
 * The entries Gridplan needs: the core library, the core extension's control file and its
 * install and upgrade scripts, and the PROJ data ST_Transform reads. Directories are kept too.
 */
export function keepsEntry(name: string): boolean {
  if (name.endsWith('/')) return true;
  if (name === 'lib/postgresql/postgis-3.so') return true;
  if (name.startsWith('share/proj/')) return true;
  const script = /^share\/postgresql\/extension\/(postgis(?:\.control|--[^/]*\.sql))$/.exec(name);
  return script !== null && !script[1].includes('unpackaged');
}

/**
 * The tar archive `tar` with only the entries `keep` accepts, each copied byte for byte; null
 * when it holds an entry kind other than files, directories and symbolic links (long names and
 * extended headers would need reading across entries).
 */
export function filterTar(tar: Uint8Array, keep: (name: string) => boolean): Uint8Array | null {
  const parts: Uint8Array[] = [];
  const text = (from: number, length: number) => {
    const bytes = tar.subarray(from, from + length);
    const end = bytes.indexOf(0);
    return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
  };
  let at = 0;
  while (at + BLOCK <= tar.length) {
    if (tar.subarray(at, at + BLOCK).every((b) => b === 0)) break;
    const type = String.fromCharCode(tar[at + 156]);
    if (!['0', '\0', '2', '5'].includes(type)) return null;
    const prefix = text(at, 263) === 'ustar' ? text(at + 345, 155) : '';
    const name = (prefix ? `${prefix}/` : '') + text(at, 100);
    const size = type === '0' || type === '\0' ? parseInt(text(at + 124, 12).trim() || '0', 8) : 0;
    if (!Number.isFinite(size)) return null;
    const end = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (end > tar.length) return null;
    if (keep(name)) parts.push(tar.subarray(at, end));
    at = end;
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return Buffer.concat(parts);
}

function shippedBundle(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite-postgis'));
  return path.join(path.dirname(entry), 'postgis.tar.gz');
}

/** The trimmed bundle's path, made on the first call for this shipped bundle; null to use the shipped one. */
export function trimmedBundle(cacheDir = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'gridplan')): string | null {
  try {
    const shipped = shippedBundle();
    const { size, mtimeMs } = statSync(shipped);
    const target = path.join(cacheDir, `postgis-core-${size}-${Math.round(mtimeMs)}.tar.gz`);
    if (existsSync(target)) return target;
    const trimmed = filterTar(gunzipSync(readFileSync(shipped)), keepsEntry);
    if (!trimmed) return null;
    mkdirSync(cacheDir, { recursive: true });
    // Several processes may open a database at once (test workers): each writes its own file and
    // renames it into place, so none reads a half-written bundle.
    const partial = `${target}.${process.pid}.${Date.now()}`;
    writeFileSync(partial, gzipSync(trimmed, { level: 1 }));
    renameSync(partial, target);
    return target;
  } catch {
    return null;
  }
}

/** PostGIS for `PGlite.create`: the shipped extension's settings, with the trimmed bundle when there is one. */
export function corePostgis(): Extension {
  const bundle = trimmedBundle();
  if (!bundle) return postgis;
  return {
    name: postgis.name,
    setup: async (pg, emscriptenOpts) => ({
      ...(await postgis.setup(pg, emscriptenOpts)),
      bundlePath: pathToFileURL(bundle),
    }),
  };
}
