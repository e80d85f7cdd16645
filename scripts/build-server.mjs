#!/usr/bin/env node
// Compiles the server to plain JavaScript in dist/server/: the `gridplan` command (cli.js) and
// the worker threads (solver-worker.js, pglite-worker.js, partition-worker.js, import-worker.js), with shared code in chunks beside them. Packages
// stay external: they are installed with `npm ci --omit=dev`, and PGlite and HiGHS find their
// WebAssembly files relative to their own package. Files read at run time (migrations/, dist/web/)
// are found from the package root (server/src/package-root.ts), so nothing else is copied.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist/server');
const startedAt = performance.now();

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
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`server built in ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${path.relative(root, outdir)}/cli.js`);
