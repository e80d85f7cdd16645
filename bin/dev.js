#!/usr/bin/env node
// `npm run dev`: the server from its TypeScript source under `tsx watch` (restarts on change) on
// port 8080, and Vite's dev server for the web app, which proxies /api to it. Stops both on Ctrl-C.
import { spawn } from 'node:child_process';
import { ROOT, packageFile } from './build-state.js';

const children = [
  spawn(process.execPath, [packageFile('tsx', 'dist/cli.mjs'), 'watch', 'server/src/cli.ts', 'serve'], { cwd: ROOT, stdio: 'inherit' }),
  spawn(process.execPath, [packageFile('vite', 'bin/vite.js')], { cwd: ROOT, stdio: 'inherit' }),
];

const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
