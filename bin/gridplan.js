#!/usr/bin/env node
// The `gridplan` command. It runs the built server, dist/server/cli.js, with plain node. In a
// development checkout (tsx installed) where dist/ is missing or older than the sources, it runs
// the TypeScript source through tsx instead, so tests and commands always see the current code.
import { pathToFileURL } from 'node:url';
import { NOT_BUILT, SERVER_ENTRY, installed, serverState } from './build-state.js';

const development = installed('tsx');
const built = serverState();

if (built === 'fresh' || (built === 'stale' && !development)) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(SERVER_ENTRY).href);
} else if (development) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/src/cli.ts');
} else {
  console.error(NOT_BUILT);
  process.exit(1);
}
