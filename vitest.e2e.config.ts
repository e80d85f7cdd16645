import { defineConfig } from 'vitest/config';

// Browser tests: each file starts the real server (fresh embedded database, demo town) and a
// headless Chromium, so files run one at a time in a single fork with generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/helpers/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
