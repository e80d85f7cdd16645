/**
 * A community of the 10,000-community demo town whose atoms could not be computed: fitting one
 * atom to the footprints, the union of its two parts on the overlay grid left a sliver collapsed
 * to a line beside the polygon, and clipping that to the community failed ("Overlay input is
 * mixed-dimension"), which stopped the whole load. Its outline and its 62 footprints are kept
 * here exactly (hex EWKB) as the generator made them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { rebuildAtomsOf } from '../../server/src/db/atoms';

interface Fixture {
  community: { code: string; name: string; town: string; geom: string };
  buildings: { code: string; geom: string }[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/atoms/collapsed-union.json', import.meta.url), 'utf8')) as Fixture;

describe('atoms where a fitted union collapses a sliver to a line', () => {
  it('computes one valid atom per building, and the atoms tile the community', async () => {
    const { code, name, town, geom } = fixture.community;
    await withRollback(await testDb(), async (db) => {
      const row = await db.withClient(async (c) => {
        await c.query(
          `INSERT INTO town (code, name, geom) VALUES ($1, $2, ST_GeomFromEWKB(decode($3, 'hex'))) ON CONFLICT (code) DO NOTHING`,
          [town, `${name}所在镇`, geom],
        );
        await c.query(
          `INSERT INTO community (code, county_code, town_code, name, geom) VALUES ($1, left($1, 6), $2, $3, ST_GeomFromEWKB(decode($4, 'hex')))`,
          [code, town, name, geom],
        );
        await c.query(
          `INSERT INTO building (code, community_code, county_code, geom)
           SELECT b.code, $1, left($1, 6), ST_GeomFromEWKB(decode(b.geom, 'hex')) FROM json_to_recordset($2::json) AS b(code text, geom text)`,
          [code, JSON.stringify(fixture.buildings)],
        );
        await rebuildAtomsOf(c, [code]);
        return (
          await c.query<{ atoms: number; invalid: number; polygonal: number; summed: number; community: number; linked: number }>(
            `SELECT count(*)::int AS atoms, count(*) FILTER (WHERE NOT ST_IsValid(a.geom))::int AS invalid,
                    count(*) FILTER (WHERE ST_GeometryType(a.geom) = 'ST_MultiPolygon' AND NOT ST_IsEmpty(a.geom))::int AS polygonal,
                    sum(ST_Area(a.geom::geography)) AS summed,
                    (SELECT ST_Area(geom::geography) FROM community WHERE code = $1) AS community,
                    (SELECT count(DISTINCT x) FROM (SELECT a AS x FROM atom_adjacency WHERE community_code = $1
                                                    UNION ALL SELECT b FROM atom_adjacency WHERE community_code = $1) j)::int AS linked
               FROM building_atom a WHERE a.community_code = $1`,
            [code],
          )
        ).rows[0];
      });
      expect(row.atoms).toBe(fixture.buildings.length);
      expect(row.polygonal).toBe(fixture.buildings.length);
      expect(row.invalid).toBe(0);
      expect(Math.abs(row.summed - row.community) / row.community).toBeLessThan(0.001);
      // every building can be walked to from a neighbour
      expect(row.linked).toBe(fixture.buildings.length);
    });
  });
});
