/**
 * Vitest global setup for browser tests: make sure dist/web holds a build of the current web/
 * sources (the server serves it), reusing the same staleness check as `npm start`; then start the
 * built server once on an empty folder, which loads the demo town, and stop it cleanly. Each test
 * file's server starts on a copy of that folder (helpers/server.ts).
 */
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, startServer } from './server';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  execFileSync(process.execPath, ['bin/ensure-build.js'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const first = await startServer({ fresh: true });
  await first.stop({ keepData: true });
  project.provide('demoDataDir', first.dataDir);
  return () => rm(first.dataDir, { recursive: true, force: true });
}
