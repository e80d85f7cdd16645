import { defineConfig } from 'vitest/config';

// One database serves the whole run (PGlite + PostGIS cold start is ~10 s; the demo town load a
// few more), so files run one after another in a single worker that keeps its module cache
// (isolate: false) and with it the shared database from tests/helpers/db.ts.
// With DATABASE_URL the run tests PostgreSQL: the files that touch no database (the web app's
// logic, and the domain's outside its file readers and writers) did the same work in the embedded
// run, so they are left out of this one.
const DATABASE_FREE = ['tests/web/**', 'tests/domain/*.test.ts', 'tests/domain/!(io)/**'];

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', ...(process.env.DATABASE_URL ? DATABASE_FREE : [])],
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    teardownTimeout: 30_000,
  },
});
