/**
 * The embedded database runs on its own thread behind the same `Db` interface: transactions stay
 * isolated, PostgreSQL's error fields survive the trip, a long statement leaves the event loop
 * free, and the extensions other features need are there. Embedded only: PostgreSQL has none of
 * this machinery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite, type Db } from '../../server/src/db/pool';
import { pgErrorCode, PG } from '../../server/src/db/pg-errors';
import { eventLoopGap } from '../helpers/responsiveness';
import { embeddedRun } from '../helpers/engine';

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 100));
  return done;
};

describe.runIf(embeddedRun)('embedded database thread', { timeout: 120_000 }, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await db.withClient((c) =>
      c.exec(
        'CREATE EXTENSION postgis; CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL CONSTRAINT item_name_short CHECK (length(name) < 5))',
      ),
    );
  });
  afterAll(() => db.close());

  it('makes other callers wait for an open transaction and shows them only what it committed', async () => {
    let outside: Promise<number> | undefined;
    await db.withTransaction(async (c) => {
      await c.query('INSERT INTO item VALUES (1, $1)', ['a']);
      outside = db.withClient(async (o) => (await o.query<{ n: number }>('SELECT count(*)::int AS n FROM item')).rows[0].n);
      expect(await settled(outside)).toBe(false);
      await c.query('INSERT INTO item VALUES (2, $1)', ['b']);
    });
    expect(await outside).toBe(2);
  });

  it('rolls back everything when the transaction fails, and the next caller goes on', async () => {
    await expect(
      db.withTransaction(async (c) => {
        await c.query('INSERT INTO item VALUES (3, $1)', ['c']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await db.withClient((c) => c.query<{ id: number }>('SELECT id FROM item ORDER BY id'));
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it("keeps PostgreSQL's error fields: code, constraint and detail", async () => {
    await db.withClient((c) => c.query('INSERT INTO item VALUES (10, $1)', ['j']));
    const duplicate = await db.withClient((c) => c.query('INSERT INTO item VALUES (10, $1)', ['x'])).catch((e: unknown) => e);
    expect(pgErrorCode(duplicate)).toBe(PG.UNIQUE_VIOLATION);
    expect(duplicate).toMatchObject({ constraint: 'item_pkey', detail: 'Key (id)=(10) already exists.' });
    const tooLong = await db
      .withTransaction((c) => c.query('UPDATE item SET name = $1 WHERE id = 10', ['far too long']))
      .catch((e: unknown) => e);
    expect(pgErrorCode(tooLong)).toBe(PG.CHECK_VIOLATION);
    expect(tooLong).toMatchObject({ constraint: 'item_name_short', table: 'item' });
    await db.withClient((c) => c.query('DELETE FROM item WHERE id = 10'));
  });

  it('answers the health check while another caller holds a transaction', async () => {
    await db.postgisVersion!();
    await db.withTransaction(async (c) => {
      await c.query('SELECT 1');
      const version = db.postgisVersion!();
      expect(await settled(version)).toBe(true);
      expect(await version).toMatch(/^3\.\d+/);
    });
  });

  it('leaves the event loop free during a long statement', async () => {
    const { longestGapMs, elapsedMs: statementMs } = await eventLoopGap(() =>
      db.withClient((c) => c.query('SELECT count(*) FROM generate_series(1, 2000000) g WHERE md5(g::text) LIKE $1', ['0%'])),
    );
    expect(statementMs).toBeGreaterThan(300);
    expect(longestGapMs).toBeLessThan(100);
  });

  it('copies itself through its image: the copy holds the same rows and PostGIS, and each goes its own way after', async () => {
    const copy = await openPglite(undefined, await db.image!());
    try {
      const read = async (which: Db) =>
        (await which.withClient((c) => c.query<{ id: number; name: string }>('SELECT id, name FROM item ORDER BY id'))).rows;
      expect(await read(copy)).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]);
      const { rows } = await copy.withClient((c) =>
        c.query<{ m: number }>('SELECT round(ST_Length(ST_Transform(ST_GeomFromText($1, 4326), 4549))::numeric)::int AS m', [
          'LINESTRING(119.5 32.4, 119.5 32.5)',
        ]),
      );
      // 0.1° of latitude is about 11.1 km; EPSG:4549 keeps metres true near its central meridian (120° E).
      expect(rows[0].m).toBeGreaterThan(11_050);
      expect(rows[0].m).toBeLessThan(11_150);
      await copy.withClient((c) => c.query('INSERT INTO item VALUES (4, $1)', ['d']));
      await db.withClient((c) => c.query('DELETE FROM item WHERE id = 2'));
      expect((await read(copy)).map((r) => r.id)).toEqual([1, 2, 4]);
      expect((await read(db)).map((r) => r.id)).toEqual([1]);
    } finally {
      await copy.close();
      await db.withClient((c) => c.query("INSERT INTO item VALUES (2, 'b')"));
    }
  });

  it('has pg_trgm available to create', async () => {
    await db.withClient((c) => c.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm'));
    const { rows } = await db.withClient((c) => c.query<{ s: number }>("SELECT similarity('gridplan', 'gridplans') AS s"));
    // 8 shared trigrams of 9 and 10 (padded as pg_trgm pads words): 8 / (9 + 10 - 8).
    expect(rows[0].s).toBeCloseTo(8 / 11, 5);
  });
});

describe.runIf(embeddedRun)('embedded database in a data folder', { timeout: 120_000 }, () => {
  it('keeps its data across a close and is opened by one holder at a time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gridplan-thread-'));
    try {
      const first = await openPglite(dir);
      await first.withClient((c) => c.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')"));
      await expect(openPglite(dir)).rejects.toThrow();
      await first.close();
      const second = await openPglite(dir);
      const { rows } = await second.withClient((c) => c.query<{ v: string }>('SELECT v FROM kept'));
      await second.close();
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
