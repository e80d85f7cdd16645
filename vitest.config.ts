import { defineConfig } from 'vitest/config';

const postgres = Boolean(process.env.DATABASE_URL);

// With DATABASE_URL the run tests PostgreSQL: the files that touch no database (the web app's
// logic, and the domain's outside its file readers and writers) did the same work in the embedded
// run, so they are left out of this one.
const DATABASE_FREE = ['tests/web/**', 'tests/domain/*.test.ts', 'tests/domain/!(io)/**'];
const EXCLUDE = ['tests/e2e/**', 'node_modules/**', ...(postgres ? DATABASE_FREE : [])];

// Files that assert how long something takes on a quiet machine (an event loop's longest pause, a
// server's answers during an import, when a lookup is answered while an import computes atoms, a
// solve's time): they run last, one after another, so that CI can run them with nothing beside
// them (`--project timed`) and the machine's load is their own.
const TIMED = [
  'tests/ops/responsive.test.ts',
  'tests/ops/import-responsive.test.ts',
  'tests/api/import-staged.test.ts',
  'tests/api/import-staged-communities.test.ts',
  'tests/db/pglite-thread.test.ts',
  'tests/domain/partition-thread.test.ts',
  'tests/domain/solver/worker.test.ts',
  'tests/domain/solver/pool.test.ts',
  'tests/domain/solver/api-reads.test.ts',
  'tests/domain/locate/solve.test.ts',
  'tests/domain/locate/orlib.test.ts',
  'tests/domain/facility/scenarios.test.ts',
];

// One worker per project keeps its module cache (isolate: false) and with it the shared test
// database from tests/helpers/db.ts, opened once: files run one after another.
const WORKER = {
  pool: 'forks',
  isolate: false,
  testTimeout: 60_000,
  hookTimeout: 240_000,
  teardownTimeout: 30_000,
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...WORKER,
          name: 'files',
          include: ['tests/**/*.test.ts'],
          exclude: [...EXCLUDE, ...TIMED],
          maxWorkers: 1,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...WORKER,
          name: 'timed',
          include: TIMED,
          exclude: EXCLUDE,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
