// Where the solver worker thread's module is. The built server (dist/server/*.js, run by plain
// node) has the worker bundled beside it as solver-worker.js; the TypeScript source (tsx, vitest)
// starts worker-entry.mjs, which installs tsx's loader in the new thread before importing worker.ts.

/** The worker module for code running at `moduleUrl` (this module's own URL by default). */
export function solverWorkerUrl(moduleUrl: string = import.meta.url): URL {
  const built = /\.[cm]?js$/.test(new URL(moduleUrl).pathname);
  return new URL(built ? './solver-worker.js' : './worker-entry.mjs', moduleUrl);
}
