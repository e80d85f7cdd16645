/**
 * A `Db` that runs everything on one connection inside one transaction the test rolls back, so a
 * test may send real writes to the demo town without other test files ever seeing them.
 *
 * Each `withClient` / `withTransaction` call becomes a savepoint, so a failed statement (a 409, a
 * constraint) undoes only its own work and the outer transaction stays usable. Calls take turns
 * (a savepoint stack on one connection cannot interleave); a nested call runs inside its caller's
 * turn.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Queryable } from '../../server/src/db/pool';

/** Runs `fn` with a Db whose every change is rolled back when `fn` settles. */
export async function withRollback<T>(base: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  return base.withClient(async (client) => {
    await client.query('BEGIN');
    try {
      return await fn(rollbackDb(base, client));
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

function rollbackDb(base: Db, client: Queryable): Db {
  const inTurn = new AsyncLocalStorage<true>();
  let queue: Promise<unknown> = Promise.resolve();
  let depth = 0;

  async function savepoint<T>(fn: (c: Queryable) => Promise<T>): Promise<T> {
    const name = `sp_${++depth}`;
    await client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn(client);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      depth--;
    }
  }

  function run<T>(fn: (c: Queryable) => Promise<T>): Promise<T> {
    if (inTurn.getStore()) return savepoint(fn);
    const turn = queue.then(() => inTurn.run(true, () => savepoint(fn)));
    queue = turn.catch(() => undefined);
    return turn;
  }

  return {
    kind: base.kind,
    vectorTile: base.vectorTile,
    postgisVersion: base.postgisVersion,
    withClient: run,
    withTransaction: run,
    close: async () => undefined,
  };
}
