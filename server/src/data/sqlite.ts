/**
 * SQLite in WebAssembly (sql.js), loaded once on first use, for GeoPackage files. The release
 * build bundles sql.js and copies its sql-wasm.wasm beside the bundle; from source the
 * WebAssembly comes from the package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

function wasmPath(): string {
  const beside = fileURLToPath(new URL('./sql-wasm.wasm', import.meta.url));
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
}

/** The sql.js module (its Database class opens a file's bytes or starts an empty database). */
export function sqlite(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const bytes = readFileSync(wasmPath());
    return initSqlJs({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  })();
  return loading;
}
