/**
 * One database interface over two engines: embedded PGlite + PostGIS (the zero-install
 * default) and PostgreSQL + PostGIS through `pg` (production). Everything else in the
 * server receives a `Db` and calls `withClient` / `withTransaction`; nothing imports a
 * global pool, so a test or a CLI command can hand in its own.
 */
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { lockFolder } from './folder-lock';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** A connection (or a transaction on one) that runs parameterised SQL. */
export interface Queryable {
  /**
   * `name` makes it a named prepared statement on PostgreSQL (planned once per connection; one
   * name always stands for one text); PGlite ignores it.
   */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<QueryResult<R>>;
  /** Runs several statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  withClient<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  withTransaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  /** The underlying PGlite instance when embedded (tile building needs no MVT there). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

// pg hands back int8 and numeric as strings; SQL in this project casts counts to int and
// money/areas to float8, and dates stay strings so both engines agree.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

function wrapPg(client: pg.PoolClient | pg.Pool): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[], name?: string) {
      const result = name ? await client.query({ name, text: sql, values: params }) : await client.query(sql, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** Opens PostgreSQL through a `pg` pool. */
export function openPostgres(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its server must not crash the process.
  pool.on('error', (err) => console.error('postgres pool error:', err.message));
  return {
    kind: 'postgres',
    async withClient(fn) {
      const client = await pool.connect();
      try {
        return await fn(wrapPg(client));
      } finally {
        client.release();
      }
    },
    async withTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrapPg(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function wrapPglite(db: PgliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      const result = await db.query<R>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/** Opens (creating if needed) the embedded PGlite + PostGIS database; `dataDir` undefined = in memory. */
export async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  // A data folder is opened by one process at a time (folder-lock.ts); memory needs no lock.
  const lock = dataDir === undefined ? undefined : lockFolder(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { postgis } });
  } catch (err) {
    lock?.release();
    throw err;
  }
  return {
    kind: 'pglite',
    pglite: db,
    withClient: (fn) => fn(wrapPglite(db)),
    withTransaction: (fn) => db.transaction((tx) => fn(wrapPglite(tx))),
    close: async () => {
      try {
        await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** The database the configuration names: DATABASE_URL, else embedded in GRIDPLAN_DATA_DIR. */
export async function openConfigured(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL);
  return openPglite(env.GRIDPLAN_DATA_DIR ?? '.gridplan');
}
