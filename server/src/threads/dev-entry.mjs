// Entry of a worker thread started from the TypeScript source. A worker does not inherit a loader
// registered with module.register() (bin/gridplan.js, vitest), so it installs tsx's own before
// importing the thread's module. Under `tsx` itself the loader is already there; registering again is harmless.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
