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

/**
 * `step` on each item, in up to `width` lanes that each take the next item until none is left;
 * `open` wraps a lane's whole loop (a connection it holds). After a failure no lane takes another
 * item, and the failure is thrown once every lane has stopped.
 */
async function takeTurns<T, C>(
  items: readonly T[],
  width: number,
  open: (loop: (c: C) => Promise<void>) => Promise<void>,
  step: (c: C, item: T, n: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = () =>
    open(async (c) => {
      while (!failed && next < items.length) {
        const n = next++;
        try {
          await step(c, items[n], n);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    });
  const settled = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, lane));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Runs `work` on each batch, on `lanes` connections at once, each held for its lane's batches. */
export function inLanes<T>(db: Db, batches: readonly T[], lanes: number, work: (c: Queryable, batch: T) => Promise<void>): Promise<void> {
  return takeTurns(batches, lanes, (loop) => db.withClient(loop), work);
}

/**
 * A Queryable whose statements each take a pooled connection of their own, up to LANES at once:
 * for reads outside a transaction that come in independent chunks (inChunks), such as an import's
 * checks of 100,000 footprints. PostgreSQL only: the embedded database has one session.
 */
export function spreadOver(db: Db): Queryable {
  return {
    lanes: LANES,
    query: (sql, params, name) => db.withClient((c) => c.query(sql, params, name)),
    exec: (sql) => db.withClient((c) => c.exec(sql)),
  };
}

/**
 * `run` on `items` a chunk of `size` at a time, as many chunks at once as `c` runs statements
 * (one on a connection), with the answers in the items' order.
 */
export async function inChunks<T, R>(c: Queryable, items: readonly T[], size: number, run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const chunks = Array.from({ length: Math.ceil(items.length / size) }, (_, n) => items.slice(n * size, (n + 1) * size));
  const answers: R[][] = [];
  await takeTurns(
    chunks,
    c.lanes ?? 1,
    (loop) => loop(c),
    async (_, chunk, n) => {
      answers[n] = await run(chunk);
    },
  );
  return answers.flat();
}
