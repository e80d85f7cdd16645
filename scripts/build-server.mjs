#!/usr/bin/env node
// Compiles the server to plain JavaScript in dist/server/: the `gridplan` command (cli.js) and
// the worker threads (solver-worker.js, pglite-worker.js, partition-worker.js, import-worker.js), with shared code in chunks beside them. Runtime
// dependencies stay external: they are installed with `npm ci --omit=dev`, and PGlite and HiGHS
// find their WebAssembly files relative to their own package. Development dependencies the server
// uses (sql.js, for GeoPackage files) are bundled, so the production install does not carry them;
// sql.js's sql-wasm.wasm is copied beside the bundle, where server/src/data/sqlite.ts looks first.
// Files read at run time (migrations/, dist/web/) are found from the package root
// (server/src/package-root.ts).
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist/server');
const startedAt = performance.now();

const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies).flatMap((name) => [name, `${name}/*`]);

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'server/src/cli.ts',
    'solver-worker': 'server/src/domain/solver/worker.ts',
    'pglite-worker': 'server/src/db/pglite-worker.ts',
    'partition-worker': 'server/src/threads/partition-worker.ts',
    'import-worker': 'server/src/threads/import-worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // bundled CommonJS (sql.js) calls require() for Node's own modules and reads __dirname
  banner: {
    js: [
      "import { createRequire as __gridplanRequire } from 'node:module';",
      "import { fileURLToPath as __gridplanPath } from 'node:url';",
      'const require = __gridplanRequire(import.meta.url);',
      'const __filename = __gridplanPath(import.meta.url);',
      "const __dirname = __gridplanPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  sourcemap: true,
  logLevel: 'warning',
});
copyFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'), path.join(outdir, 'sql-wasm.wasm'));
console.log(`server built in ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${path.relative(root, outdir)}/cli.js`);
