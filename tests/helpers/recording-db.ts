/** A `Db` that keeps every statement sent through it with the line of server code that sent it. */
import type { Db, Queryable } from '../../server/src/db/pool';

export interface Recorded {
  sql: string;
  /** The first frame in server/src or data/ outside the database plumbing. */
  site: string;
}

const PLUMBING = /db\/(pool|pglite-thread|pglite-protocol|map-data)\.ts|threads\/|helpers\/|node_modules|node:/;

function callSite(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(2);
  const frame = frames.find((f) => /(server\/src|data)\//.test(f) && !PLUMBING.test(f)) ?? frames[0] ?? '';
  return frame.replace(/^\s*at\s+/, '').replace(/.*\/(server\/src|data)\//, '$1/');
}

/**
 * Records the statements sent through `db`. Vector tiles are built through `withClient` (as
 * on PostgreSQL), not on the embedded database's own thread, so their SQL is recorded too.
 */
export function recordingDb(db: Db): Db & { readonly recorded: Recorded[] } {
  const recorded: Recorded[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params, name) => {
      recorded.push({ sql, site: callSite() });
      return q.query(sql, params, name);
    },
    exec: (sql) => {
      recorded.push({ sql, site: callSite() });
      return q.exec(sql);
    },
  });
  return {
    kind: db.kind,
    postgisVersion: db.postgisVersion && (() => db.postgisVersion!()),
    recorded,
    withClient: (fn) => db.withClient((q) => fn(wrap(q))),
    withTransaction: (fn) => db.withTransaction((q) => fn(wrap(q))),
    close: () => db.close(),
  };
}
