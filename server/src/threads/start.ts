/**
 * Starts one of the server's own worker threads. The built server (dist/server/*.js, plain node)
 * has each thread bundled beside it as `<name>.js`; the TypeScript source (tsx, vitest) starts
 * dev-entry.mjs, which installs tsx's loader in the new thread before importing the `.ts` module.
 */
import { Worker } from 'node:worker_threads';

export interface ThreadModule {
  /** File name of the bundled thread in dist/server/, without `.js`. */
  built: string;
  /** The TypeScript module of the thread, relative to `moduleUrl`. */
  source: string;
  /** The caller's `import.meta.url`. */
  moduleUrl: string;
}

/** Starts the thread; it reads `data` from `workerData` (structured-cloned). */
export function startThread(module: ThreadModule, data: Record<string, unknown> = {}): Worker {
  const built = /\.[cm]?js$/.test(new URL(module.moduleUrl).pathname);
  if (built) return new Worker(new URL(`./${module.built}.js`, module.moduleUrl), { workerData: data });
  const entry = new URL(module.source, module.moduleUrl).href;
  return new Worker(new URL('./dev-entry.mjs', import.meta.url), { workerData: { ...data, entry } });
}
