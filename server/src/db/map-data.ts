/**
 * The map data's version (`map_data_version`, read by tiles.ts) is raised by the code that writes,
 * not by triggers: a Citus cluster runs a distributed table's triggers on the workers, which
 * cannot write the coordinator's counter (docs/citus.sql). Every `Db` the server opens is wrapped
 * here, so whatever writes a table the tiled layers are drawn from — a route, an import on its
 * thread, the demo loader, a restore — raises the counter once, in the same transaction, just
 * before it commits: a reader that sees the new number also sees the new data.
 */
import type { Db, Queryable } from './pool';

/** The tables the tiled layers (communities, roads, compounds, buildings, cells) are drawn from. */
export const MAP_DATA_TABLES = [
  'community',
  'building',
  'facility',
  'setting',
  'compound',
  'road',
  'grid_plan',
  'grid_cell',
  'cell_building',
] as const;

// The counter itself counts as map data: a statement that sets it by hand (a restore, a test
// that only wants tiles rebuilt) is followed by a raise like any other write, so this process
// learns of it (raisesCommittedHere).
const WRITE = new RegExp(
  String.raw`\b(?:INSERT\s+INTO|UPDATE(?:\s+ONLY)?|DELETE\s+FROM(?:\s+ONLY)?|COPY)\s+(?:public\.)?"?(?:${[...MAP_DATA_TABLES, 'map_data_version'].join('|')})"?(?![\w$])|\bTRUNCATE\b`,
  'i',
);

/**
 * Whether a statement may write a table of the tiled layers (TRUNCATE always counts). Read off the
 * statement's text, so a false "yes" only costs a rebuilt tile; tests/db/distribution-sql.test.ts
 * checks against PostgreSQL's parse of every statement of its flow that there is no false "no".
 */
export function writesMapData(sql: string): boolean {
  return WRITE.test(sql);
}

export const RAISE_MAP_DATA_VERSION = 'UPDATE map_data_version SET version = version + 1';

let raisedHere = 0;

/**
 * How many raises of the map data's version this process has seen committed, through any `Db` it
 * wrapped. An embedded database is written by the process that holds its folder alone, so while
 * this number stands, its version stands too, and a cached tile needs no read to be served
 * (tile-cache.ts). A PostgreSQL database may be written by other servers: that read stays.
 */
export function raisesCommittedHere(): number {
  return raisedHere;
}

const BEGIN = /^\s*(?:BEGIN|START\s+TRANSACTION)\b/i;
const END = /^\s*(?:COMMIT|END|ROLLBACK)\b(?!\s+TO\b)/i;

/**
 * A connection that notes its writes of map data. In a transaction (ours or one the caller began
 * with BEGIN) the counter is raised once before COMMIT; outside one, right after the write.
 * Statements sent through `exec` (migrations) are not read: the server starts after them.
 */
function watching(c: Queryable, inOurTransaction: boolean): { client: Queryable; wrote: () => boolean } {
  let pending = false;
  let begun = false;
  const client: Queryable = {
    async query<R>(sql: string, params?: unknown[], name?: string) {
      if (!inOurTransaction) {
        if (BEGIN.test(sql)) begun = true;
        else if (END.test(sql)) {
          const committing = pending && /^\s*(?:COMMIT|END)/i.test(sql);
          if (committing) await c.query(RAISE_MAP_DATA_VERSION);
          pending = begun = false;
          if (committing) {
            const result = await c.query<R>(sql, params, name);
            raisedHere++;
            return result;
          }
        }
      }
      const result = await c.query<R>(sql, params, name);
      if (writesMapData(sql)) {
        if (inOurTransaction || begun) pending = true;
        else {
          await c.query(RAISE_MAP_DATA_VERSION);
          raisedHere++;
        }
      }
      return result;
    },
    exec: (sql) => c.exec(sql),
  };
  return { client, wrote: () => pending };
}

/** `db` with the map data's version raised by every committed write of a tiled layer's table. */
export function raisingMapDataVersion(db: Db): Db {
  return {
    ...db,
    holdingWrites: db.holdingWrites && ((fn) => db.holdingWrites!((held) => fn(raisingMapDataVersion(held)))),
    withClient: (fn) => db.withClient((c) => fn(watching(c, false).client)),
    withTransaction: async (fn) => {
      let raised = false;
      try {
        return await db.withTransaction(async (c) => {
          const watched = watching(c, true);
          const result = await fn(watched.client);
          if (watched.wrote()) {
            await c.query(RAISE_MAP_DATA_VERSION);
            raised = true;
          }
          return result;
        });
      } finally {
        // Counted once the commit is over (or the transaction failed, which costs a read at most).
        if (raised) raisedHere++;
      }
    },
  };
}
