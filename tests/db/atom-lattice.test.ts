/**
 * Buildings on a perfectly regular lattice (a planned estate, or generated data) make the Voronoi
 * diagram behind the atoms degenerate: four centroids on every circle. A community filled with
 * such a lattice must still import with one atom per building, atoms that tile the community, and
 * every building walkable to a neighbour.
 */
import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { runImport } from '../../server/src/data/import';
import { OVERLAY_GRID_DEGREES } from '../../server/src/db/atoms';
import { BENCH_IMPORT, osmFile, sites } from '../bench/import-town';

const COMMUNITY = '321012100010';

describe('atoms of a regular lattice of buildings', () => {
  it('a community filled with a lattice of about 4,500 footprints imports with one atom per building, tiling the community', async () => {
    await withRollback(await testDb(), async (db) => {
      // nearly every free site of the community: the 17 m lattice with no shift at all
      const lattice = await sites(db, 4300, COMMUNITY);
      const report = await runImport(db, osmFile(lattice, 0), { ...BENCH_IMPORT, offThread: false });
      expect(report.problems).toEqual([]);
      expect(report.counts.inserted).toBe(4300);
      const [row] = await db.withClient(
        async (c) =>
          (
            await c.query<{ buildings: number; atoms: number; isolated: number; community: number; covered: number; summed: number }>(
              `SELECT (SELECT count(*)::int FROM building WHERE community_code = $1) AS buildings,
                    (SELECT count(*)::int FROM building_atom WHERE community_code = $1) AS atoms,
                    (SELECT count(*)::int FROM building b WHERE b.community_code = $1
                       AND NOT EXISTS (SELECT 1 FROM atom_adjacency j WHERE j.a = b.code OR j.b = b.code)) AS isolated,
                    (SELECT ST_Area(geom::geography) FROM community WHERE code = $1) AS community,
                    (SELECT ST_Area(ST_Union(geom, ${OVERLAY_GRID_DEGREES})::geography) FROM building_atom WHERE community_code = $1) AS covered,
                    (SELECT sum(ST_Area(geom::geography)) FROM building_atom WHERE community_code = $1) AS summed`,
              [COMMUNITY],
            )
          ).rows,
      );
      expect(row.atoms).toBe(row.buildings);
      expect(row.buildings).toBeGreaterThan(4300);
      expect(row.isolated).toBe(0);
      // the atoms cover the community and do not overlap (their areas add up to it)
      expect(Math.abs(row.covered - row.community) / row.community).toBeLessThan(0.001);
      expect(Math.abs(row.summed - row.community) / row.community).toBeLessThan(0.001);
    });
  }, 600_000);
});
