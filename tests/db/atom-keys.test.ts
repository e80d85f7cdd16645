/**
 * Atoms and their pairs are derived rows without foreign keys of their own (migration 0038): a
 * deleted building must still take its atom and every pair naming it, and leave its neighbours'
 * other pairs alone.
 */
import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';

describe('a deleted building and its atom pairs', () => {
  it('removes the atom and the pairs naming the building, and nothing else', async () => {
    await withRollback(await testDb(), async (db) => {
      const r = await db.withClient(async (c) => {
        // a building no person lives in (people keep their home), with neighbours
        const { code, community } = (
          await c.query<{ code: string; community: string }>(
            `SELECT b.code, b.community_code AS community FROM building b
              WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.home_building_code = b.code)
                AND EXISTS (SELECT 1 FROM atom_adjacency j WHERE j.a = b.code OR j.b = b.code)
              ORDER BY b.code LIMIT 1`,
          )
        ).rows[0];
        const count = async () =>
          (
            await c.query<{ pairs: number; naming: number; atoms: number }>(
              `SELECT (SELECT count(*) FROM atom_adjacency WHERE community_code = $1)::int AS pairs,
                      (SELECT count(*) FROM atom_adjacency WHERE a = $2 OR b = $2)::int AS naming,
                      (SELECT count(*) FROM building_atom WHERE building_code = $2)::int AS atoms`,
              [community, code],
            )
          ).rows[0];
        const before = await count();
        await c.query('DELETE FROM building WHERE code = $1 AND county_code = left($1, 6)', [code]);
        return { before, after: await count() };
      });
      expect(r.before.naming).toBeGreaterThan(0);
      expect(r.before.atoms).toBe(1);
      expect(r.after).toEqual({ pairs: r.before.pairs - r.before.naming, naming: 0, atoms: 0 });
    });
  });
});
