/**
 * One database interface over two engines: embedded PGlite + PostGIS (the zero-install
 * default) and PostgreSQL + PostGIS through `pg` (production). Everything else in the
 * server receives a `Db` and calls `withClient` / `withTransaction`; nothing imports a
 * global pool, so a test or a CLI command can hand in its own.
 */
import pg from 'pg';
import type { LayerDef } from './layers';
import type { DisplayCrs } from '../contract/basemap';
import { openPgliteThread } from './pglite-thread';
import { raisingMapDataVersion } from './map-data';

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
  /**
   * How many statements it runs at once: a pool's several connections (lanes.ts, spreadOver) for
   * the read-only checks of an import; one when absent (a connection, a transaction).
   */
  readonly lanes?: number;
}

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  withClient<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  withTransaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  /**
   * Embedded only: a tile of `layer` fetched and encoded with geojson-vt on the database's thread
   * (PGlite has no ST_AsMVT); see tiles.ts.
   */
  vectorTile?(
    layer: Pick<LayerDef, 'id' | 'source' | 'scope' | 'scopeDigits' | 'geomBox'>,
    z: number,
    x: number,
    y: number,
    hidden: readonly string[],
    crs: DisplayCrs,
  ): Promise<Uint8Array>;
  /**
   * Embedded only: runs `fn` while every other caller's transactions wait to begin; `fn` gets a
   * `Db` whose transactions do not wait. The embedded database has one session, so a long
   * transaction makes every request wait; a writer that must not be interleaved with other writes
   * (an import copying its rows in) holds them instead, and commits in short transactions that
   * reads run between.
   */
  holdingWrites?<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Embedded only: PostGIS's version without waiting behind another caller's work while the database's thread runs (health checks). */
  postgisVersion?(): Promise<string>;
  /**
   * Embedded only: the whole database as PGlite's data-folder archive, from which `openPglite`
   * makes an in-memory copy in a few seconds (tests and benchmarks that each need a database of
   * their own start from one made once, instead of migrating and loading a town again).
   */
  image?(): Promise<Uint8Array>;
  /**
   * A read-only copy (a streaming replica, DATABASE_READ_URL) for the read-heavy public paths:
   * lookups, tiles, layer features, search and public pages. Absent: read from this database.
   */
  readonly reader?: Db;
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
  // No JIT compilation: it pays off for long analytic queries run many times, and this API's
  // statements are short or run once. Compiling cost more than it saved wherever it was measured:
  // 24 ms of a 190 ms map tile over 5,000 communities, 0.05–3 s of a coverage report or a
  // reassignment. No parallel workers either: starting one costs tens of milliseconds, which a
  // map tile of a few thousand features never wins back (at 10,000 communities a z13 building
  // tile took 62 ms with one and 16 ms without; a county's coverage report and a reassignment
  // took the same either way), and under many users each request would start its own.
  // Queued before anything the connection's first user sends.
  pool.on('connect', (client) => void client.query('SET jit = off; SET max_parallel_workers_per_gather = 0').catch(() => undefined));
  return raisingMapDataVersion({
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
  });
}

/**
 * Opens (creating if needed) the embedded PGlite + PostGIS database on its own thread; `dataDir`
 * undefined = in memory, then optionally a copy of another embedded database's `image()`.
 */
export const openPglite = async (dataDir?: string, image?: Uint8Array): Promise<Db> =>
  raisingMapDataVersion(await openPgliteThread(dataDir, image));

/** The primary `db` with `reader` as its read-only copy; closing one closes both. */
export function withReader(db: Db, reader: Db): Db {
  return {
    kind: db.kind,
    reader,
    withClient: (fn) => db.withClient(fn),
    withTransaction: (fn) => db.withTransaction(fn),
    close: async () => {
      await Promise.all([db.close(), reader.close()]);
    },
  };
}

/** Where the read-heavy paths read: the replica when there is one, else the database itself. */
export function readerOf(db: Db): Db {
  return db.reader ?? db;
}

/**
 * The database the configuration names: DATABASE_URL (with DATABASE_READ_URL as its read
 * replica when set), else embedded in GRIDPLAN_DATA_DIR.
 */
export async function openConfigured(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  if (env.DATABASE_URL) {
    const primary = openPostgres(env.DATABASE_URL);
    return env.DATABASE_READ_URL ? withReader(primary, openPostgres(env.DATABASE_READ_URL)) : primary;
  }
  if (env.DATABASE_READ_URL) throw new Error('DATABASE_READ_URL names a read replica of DATABASE_URL; set DATABASE_URL too');
  return openPglite(env.GRIDPLAN_DATA_DIR ?? '.gridplan');
}
