/** A `Db` that counts the statements sent through it, to check how many round trips a request costs. */
import type { Db, Queryable } from '../../server/src/db/pool';

export interface CountingDb extends Db {
  /**
   * Statements sent since the last `reset()`, without the settings read that the security
   * headers repeat every few seconds whatever the request (http/security-headers.ts).
   */
  readonly statements: string[];
  reset(): void;
}

export function countingDb(db: Db): CountingDb {
  const statements: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params, name) => {
      if (!/^SELECT key, value, description, version FROM setting/.test(sql)) statements.push(sql);
      return q.query(sql, params, name);
    },
    exec: (sql) => {
      statements.push(sql);
      return q.exec(sql);
    },
  });
  return {
    kind: db.kind,
    // The embedded database builds tiles on its own thread: count that as the statement it is.
    vectorTile: db.vectorTile
      ? (layer, z, x, y, hidden, crs) => {
          statements.push(`vector tile ${layer.id} ${z}/${x}/${y}`);
          return db.vectorTile!(layer, z, x, y, hidden, crs);
        }
      : undefined,
    postgisVersion: db.postgisVersion && (() => db.postgisVersion!()),
    statements,
    reset: () => void statements.splice(0),
    withClient: (fn) => db.withClient((q) => fn(wrap(q))),
    withTransaction: (fn) => db.withTransaction((q) => fn(wrap(q))),
    close: () => db.close(),
  };
}
