#!/usr/bin/env node
// Runs before `npm start`: builds whatever part of dist/ (web app, server) is missing or older
// than its sources, so `npm install && npm start` on a fresh checkout serves a built app. After
// `npm ci --omit=dev` the build tools are absent: a release's dist/ is used as it is.
import { execFileSync } from 'node:child_process';
import { NOT_BUILT, ROOT, installed, packageFile, serverState, webState } from './build-state.js';

const run = (args) => execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });

if (!installed('vite') || !installed('esbuild')) {
  if (serverState() === 'missing') {
    console.error(NOT_BUILT);
    process.exit(1);
  }
} else {
  if (webState() !== 'fresh') {
    console.log('building the web app…');
    run([packageFile('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn']);
  }
  if (serverState() !== 'fresh') {
    console.log('building the server…');
    run(['scripts/build-server.mjs']);
  }
}
