/**
 * The embedded database has one session: a long transaction makes every request wait. An import
 * copies its rows in by short transactions instead, with other callers' transactions held back
 * between them (Db.holdingWrites), so reads go on and no other write lands between two of its
 * transactions (data/write-staged.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { blankPglite } from '../helpers/db';
import { groupBySize } from '../../server/src/data/write-staged';
import { embeddedRun } from '../helpers/engine';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(embeddedRun)('holding writes on the embedded database', () => {
  let db: Db;
  beforeAll(async () => {
    db = await blankPglite();
    await db.withClient((c) => c.exec('CREATE TABLE note (n int PRIMARY KEY, by text NOT NULL)'));
  });
  afterAll(() => db.close());

  it('lets reads through and makes other transactions wait until the holder is done', async () => {
    const order: string[] = [];
    let other: Promise<unknown> = Promise.resolve();
    await db.holdingWrites!(async (held) => {
      await held.withTransaction((c) => c.query(`INSERT INTO note VALUES (1, 'holder')`));
      // another request's transaction, asked for while the writes are held
      other = db.withTransaction(async (c) => {
        order.push('other began');
        await c.query(`INSERT INTO note VALUES (2, 'other')`);
      });
      await pause(50);
      const { rows } = await db.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM note'));
      order.push(`read ${rows[0].n}`);
      await held.withTransaction((c) => c.query(`INSERT INTO note VALUES (3, 'holder')`));
      order.push('holder done');
    });
    await other;
    expect(order).toEqual(['read 1', 'holder done', 'other began']);
    const { rows } = await db.withClient((c) => c.query<{ n: number; by: string }>('SELECT n, by FROM note ORDER BY n'));
    expect(rows).toEqual([
      { n: 1, by: 'holder' },
      { n: 2, by: 'other' },
      { n: 3, by: 'holder' },
    ]);
  });

  it('lets the waiting transactions go on when the holder fails', async () => {
    await expect(
      db.holdingWrites!(async (held) => {
        await held.withTransaction((c) => c.query(`INSERT INTO note VALUES (4, 'holder')`));
        throw new Error('the disk is full');
      }),
    ).rejects.toThrow('the disk is full');
    await db.withTransaction((c) => c.query(`INSERT INTO note VALUES (5, 'other')`));
    const { rows } = await db.withClient((c) => c.query<{ n: number }>('SELECT n FROM note WHERE n >= 4 ORDER BY n'));
    expect(rows.map((r) => r.n)).toEqual([4, 5]);
  });
});

describe('the groups an import copies its communities in by', () => {
  it('gathers consecutive communities up to the limit, and puts a larger one alone', () => {
    const sizes = [
      { code: 'a', atoms: 1000 },
      { code: 'b', atoms: 1400 },
      { code: 'c', atoms: 200 },
      { code: 'd', atoms: 6000 },
      { code: 'e', atoms: 0 },
      { code: 'f', atoms: 2500 },
    ];
    expect(groupBySize(sizes, 2500)).toEqual([['a', 'b'], ['c'], ['d'], ['e', 'f']]);
    expect(groupBySize([], 2500)).toEqual([]);
  });
});
