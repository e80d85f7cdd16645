/**
 * Vitest global setup for browser tests: make sure dist/web holds a build of the current web/
 * sources (the server serves it), reusing the same staleness check as `npm start`.
 */
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './server';

export default function setup(): void {
  execFileSync(process.execPath, ['bin/ensure-build.js'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
