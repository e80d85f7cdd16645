import { defineConfig } from 'vitest/config';

// One embedded database is shared by the whole run (PostGIS cold start is ~10 s), so test
// files run in one fork, one after another; tests isolate themselves by using their own rows.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/setup/global.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
