/**
 * Vitest global setup for browser tests: make sure dist/web holds a build of the current web/
 * sources (the server serves it), reusing the same staleness check as `npm start`; then find the
 * demo folder kept for these sources, or start the built server once on an empty folder, which
 * loads the demo town, and keep its folder. Each test file's server starts on a copy of that
 * folder (helpers/server.ts).
 */
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { demoFolder, REPO_ROOT } from './server';

export default async function setup(project: TestProject): Promise<void> {
  execFileSync(process.execPath, ['bin/ensure-build.js'], { cwd: REPO_ROOT, stdio: 'inherit' });
  project.provide('demoDataDir', await demoFolder());
}
