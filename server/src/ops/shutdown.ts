/**
 * Stopping on SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish (at
 * most `graceMs`), close the solver worker and the database cleanly (an embedded folder then
 * reopens without recovery and its lock is released), and exit 0.
 */
import type { Server } from 'node:http';
import type { ServerType } from '@hono/node-server';
import type { Db } from '../db/pool';
import { closeSolverPool } from '../domain/solver/highs';

export const SHUTDOWN_GRACE_MS = 10_000;

export interface ShutdownOptions {
  server: ServerType;
  db: Db;
  log: (line: string) => void;
  graceMs?: number;
  exit?: (code: number) => void;
}

/** Closes the server and the database; resolves with the exit code (0 unless closing failed). */
export async function shutdown({ server, db, log, graceMs = SHUTDOWN_GRACE_MS }: Omit<ShutdownOptions, 'exit'>): Promise<number> {
  const started = Date.now();
  const http = server as Server;
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  // Keep-alive connections with no request in flight would hold close() open until they time out.
  http.closeIdleConnections?.();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  if ((await Promise.race([closed, late])) === 'late') {
    log(`requests still running after ${graceMs / 1000} s: closing their connections`);
    http.closeAllConnections?.();
    await closed;
  }
  clearTimeout(timer);
  let code = 0;
  try {
    await closeSolverPool();
    await db.close();
  } catch (err) {
    log(`closing the database failed: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  }
  log(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

/** Installs the SIGTERM / SIGINT handlers; a second signal while stopping exits at once. */
export function stopOnSignals(opts: ShutdownOptions): void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.log(`${signal} again: exiting now`);
      exit(1);
      return;
    }
    stopping = true;
    opts.log(`${signal}: finishing requests in flight, then closing the database…`);
    void shutdown(opts).then(exit);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
