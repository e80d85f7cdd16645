/**
 * Atom neighbours are found by matching boundary segments (server/src/db/atoms.ts). The reference
 * here is the method it replaced: every pair of intersecting atoms of a community measured by the
 * overlay of their boundaries. Both must give the same table: the same pairs, the same shared
 * length (to a micrometre) and the same road crossings, on the demo town and on a town filled
 * with the import bench's buildings.
 */
import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import type { Queryable } from '../../server/src/db/pool';
import { rebuildAllAtoms } from '../../server/src/db/atoms';
import { REFERENCE_ADJACENCY } from '../helpers/reference-adjacency';
import { runImport } from '../../server/src/data/import';
import { BENCH_IMPORT, osmFile, sites } from '../bench/import-town';

interface Pair {
  community_code: string;
  a: string;
  b: string;
  shared_metres: number;
  crosses_road: boolean;
}

const byPair = (rows: Pair[]) => new Map(rows.map((r) => [`${r.a} ${r.b}`, r]));

/** Rebuilds every community's atoms and neighbours, then compares the neighbours with the reference. */
async function expectSameAsReference(c: Queryable): Promise<number> {
  const stored = byPair((await c.query<Pair>('SELECT community_code, a, b, shared_metres, crosses_road FROM atom_adjacency')).rows);
  const reference = byPair((await c.query<Pair>(REFERENCE_ADJACENCY)).rows);
  expect([...stored.keys()].sort()).toEqual([...reference.keys()].sort());
  let worstMetres = 0;
  for (const [key, want] of reference) {
    const got = stored.get(key)!;
    expect({ key, community: got.community_code, road: got.crosses_road }).toEqual({
      key,
      community: want.community_code,
      road: want.crosses_road,
    });
    worstMetres = Math.max(worstMetres, Math.abs(got.shared_metres - want.shared_metres));
  }
  expect(worstMetres).toBeLessThan(1e-6);
  return reference.size;
}

describe('atom neighbours by matching segments', () => {
  it('are the overlay method’s pairs and lengths on the demo town', async () => {
    await withRollback(await testDb(), async (db) => {
      await db.withTransaction((c) => rebuildAllAtoms(c));
      const pairs = await db.withClient(expectSameAsReference);
      // every community of the demo town has several buildings, each with neighbours
      expect(pairs).toBeGreaterThan(
        await db.withClient(async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM building')).rows[0].n),
      );
    });
  });

  it('are the overlay method’s pairs and lengths on a town filled with 5,000 imported buildings', async () => {
    await withRollback(await testDb(), async (db) => {
      const report = await runImport(db, osmFile(await sites(db, 5000)), {
        ...BENCH_IMPORT,
        offThread: false,
      });
      expect(report.problems).toEqual([]);
      expect(await db.withClient(expectSameAsReference)).toBeGreaterThan(5000);
    });
  }, 240_000);
});
