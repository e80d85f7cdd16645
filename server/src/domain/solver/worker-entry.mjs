// Entry of the solver worker thread. A worker does not inherit a loader registered with
// module.register() (bin/gridplan.js, vitest), so it installs tsx's own before importing the
// TypeScript worker. Under `tsx` itself the loader is already there; registering again is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
