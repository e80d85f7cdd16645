/**
 * The embedded database's own thread: PGlite + PostGIS (and pg_trgm) run here, so a long
 * statement, a big import or a tile's encoding never holds up the server's event loop. PGlite
 * has one session; its transaction lock makes every query from outside an open transaction wait
 * for it to end, so transactions stay isolated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { corePostgis } from './postgis-bundle';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Queryable } from './pool';
import type { LayerDef } from './layers';
import { encodeWithGeojsonVt, tileFeatures } from './tiles';
import { toWire, type ThreadReply, type ThreadRequest } from './pglite-protocol';

const port = parentPort!;
const { dataDir, image } = workerData as { dataDir?: string; image?: Uint8Array<ArrayBuffer> };

let postgisVersion: string | undefined;

type Session = Pick<PGlite, 'query' | 'exec'>;

/** Thrown inside PGlite's transaction callback to make it roll back. */
const ROLLBACK = Symbol('rollback');

interface OpenTransaction {
  tx: Transaction;
  finish(commit: boolean): void;
  done: Promise<void>;
}

function queryable(session: Session): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      const result = await session.query<R>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await session.exec(sql);
    },
  };
}

function begin(db: PGlite, id: number, open: Map<number, OpenTransaction>): Promise<void> {
  return new Promise((started, failed) => {
    let finish!: (commit: boolean) => void;
    const ended = new Promise<boolean>((resolve) => (finish = resolve));
    let entered = false;
    const done = db.transaction(async (tx) => {
      entered = true;
      open.set(id, { tx, finish, done });
      started();
      if (!(await ended)) throw ROLLBACK;
    });
    done.catch((err: unknown) => {
      if (!entered) failed(err);
    });
  });
}

async function end(open: Map<number, OpenTransaction>, id: number, commit: boolean): Promise<void> {
  const t = open.get(id);
  if (!t) throw new Error('the transaction has already ended');
  open.delete(id);
  t.finish(commit);
  await t.done.catch((err: unknown) => {
    if (err !== ROLLBACK) throw err;
  });
}

function session(db: PGlite, open: Map<number, OpenTransaction>, tx: number | undefined): Session {
  if (tx === undefined) return db;
  const t = open.get(tx);
  if (!t) throw new Error('the transaction has already ended');
  return t.tx;
}

async function handle(db: PGlite, open: Map<number, OpenTransaction>, req: ThreadRequest): Promise<unknown> {
  switch (req.op) {
    case 'query':
      return queryable(session(db, open, req.tx)).query(req.sql, req.params);
    case 'exec':
      return queryable(session(db, open, req.tx)).exec(req.sql);
    case 'begin':
      await begin(db, req.id, open);
      return req.id;
    case 'end':
      return end(open, req.tx, req.commit);
    case 'tile': {
      const fc = await tileFeatures(queryable(db), req.layer as LayerDef, req.z, req.x, req.y, req.hidden, req.crs);
      return encodeWithGeojsonVt(fc, req.layer.id, req.z, req.x, req.y);
    }
    case 'postgis':
      postgisVersion ??= (await db.query<{ v: string }>('SELECT postgis_lib_version() AS v')).rows[0].v;
      return postgisVersion;
    case 'image':
      return new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
    case 'close':
      return db.close();
  }
}

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, {
      extensions: { postgis: corePostgis(), pg_trgm },
      loadDataDir: image === undefined ? undefined : new Blob([image]),
    });
  } catch (err) {
    port.postMessage({ id: 0, ok: false, error: toWire(err) } satisfies ThreadReply);
    return;
  }
  const open = new Map<number, OpenTransaction>();
  port.on('message', (req: ThreadRequest) => {
    handle(db, open, req).then(
      (value) => port.postMessage({ id: req.id, ok: true, value } satisfies ThreadReply),
      (err: unknown) => port.postMessage({ id: req.id, ok: false, error: toWire(err) } satisfies ThreadReply),
    );
  });
  port.postMessage({ id: 0, ok: true, value: undefined } satisfies ThreadReply);
}

await main();
