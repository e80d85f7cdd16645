/**
 * Work spread over several pooled connections at once (PostgreSQL: each connection is its own
 * server process, so statements on different connections run on different cores).
 */
import { availableParallelism } from 'node:os';
import type { Db, Queryable } from './pool';

/**
 * Connections a PostgreSQL import works on at once: each runs its own statements while this thread
 * works out another's results. Bounded by the cores here and kept below the pool's size.
 */
export const LANES = Math.max(1, Math.min(4, availableParallelism()));

/** Runs `work` on each batch, on `lanes` connections at once; every lane has stopped when it settles. */
export async function inLanes<T>(
  db: Db,
  batches: readonly T[],
  lanes: number,
  work: (c: Queryable, batch: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = () =>
    db.withClient(async (c) => {
      while (!failed && next < batches.length) {
        const batch = batches[next++];
        try {
          await work(c, batch);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    });
  const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, batches.length) }, lane));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
