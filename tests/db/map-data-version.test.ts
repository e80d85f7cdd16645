/**
 * Cached tiles are invalidated by the map data's version, which the writing code raises (no
 * trigger, so a Citus cluster runs the same as one node): once per committed transaction that
 * wrote a tiled layer's table, with the data, and never for reads or rolled-back writes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../server/src/db/pool';
import { mapDataVersion } from '../../server/src/db/tiles';
import { raisesCommittedHere } from '../../server/src/db/map-data';
import { testDb } from '../helpers/db';

let db: Db;
let building: string;
const version = () => db.withClient(mapDataVersion);
// a write that changes nothing a user sees, but is a write of a tiled table all the same
const touch = (c: Queryable) => c.query('UPDATE building SET name = name WHERE code = $1', [building]);

beforeAll(async () => {
  db = await testDb();
  building = (await db.withClient((c) => c.query<{ code: string }>('SELECT min(code) AS code FROM building'))).rows[0].code;
});

describe('the map data version', () => {
  it('is kept without triggers, which a cluster would run on the workers', async () => {
    const { rows } = await db.withClient((c) => c.query(`SELECT tgname FROM pg_trigger WHERE tgname = 'map_data_changed'`));
    expect(rows).toEqual([]);
  });

  it('rises once for a committed transaction that writes tiled tables, and is seen with the data', async () => {
    const before = await version();
    const raises = raisesCommittedHere();
    const inside = await db.withTransaction(async (c) => {
      await touch(c);
      await c.query(`UPDATE setting SET value = value WHERE key = 'grid.minHouseholds'`);
      return { version: await mapDataVersion(c), raises: raisesCommittedHere() };
    });
    // raised just before the commit, not while the transaction was writing; the process counts
    // the raise once it is committed (an embedded server's tile cache trusts that count)
    expect(inside).toEqual({ version: before, raises });
    expect(await version()).toBe(before + 1);
    expect(raisesCommittedHere()).toBe(raises + 1);
  });

  it('rises after a write sent outside a transaction, and on COMMIT of one begun by hand', async () => {
    const before = await version();
    const raises = raisesCommittedHere();
    await db.withClient(touch);
    expect(await version()).toBe(before + 1);
    expect(raisesCommittedHere()).toBe(raises + 1);
    await db.withClient(async (c) => {
      await c.query('BEGIN');
      await touch(c);
      await touch(c);
      expect(await mapDataVersion(c)).toBe(before + 1);
      expect(raisesCommittedHere()).toBe(raises + 1);
      await c.query('COMMIT');
    });
    expect(await version()).toBe(before + 2);
    expect(raisesCommittedHere()).toBe(raises + 2);
  });

  it('is learned of when set by hand, as a restore sets it, so cached tiles are built again', async () => {
    const before = await version();
    const raises = raisesCommittedHere();
    await db.withClient((c) => c.query('UPDATE map_data_version SET version = version + 5'));
    expect(await version()).toBeGreaterThanOrEqual(before + 5);
    expect(raisesCommittedHere()).toBe(raises + 1);
  });

  it('stays for reads, writes of other tables and rolled-back writes', async () => {
    const before = await version();
    const raises = raisesCommittedHere();
    await db.withTransaction((c) => c.query('SELECT count(*) FROM building'));
    await db.withTransaction((c) => c.query(`UPDATE person SET notes = notes WHERE id = (SELECT min(id) FROM person)`));
    await expect(
      db.withTransaction(async (c) => {
        await touch(c);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.withClient(async (c) => {
      await c.query('BEGIN');
      await touch(c);
      await c.query('ROLLBACK');
    });
    expect(await version()).toBe(before);
    expect(raisesCommittedHere()).toBe(raises);
  });
});
