/**
 * What a low-zoom tile draws of each community (community_overview, migration 0041) is kept by
 * triggers on communities, buildings and facilities. Checked here against the tables it comes
 * from after each kind of write, and through the tiles: compliance as the community status has
 * it, outlines within a tile unit of the full ones.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { decodeTile, tileOf, type DecodedFeature } from '../helpers/tiles';
import type { Db, Queryable } from '../../server/src/db/pool';
import { LAYERS, type LayerDef } from '../../server/src/db/layers';
import { layerTile, TILE_EXTENT } from '../../server/src/db/tiles';

/** Half a pixel of a z12 tile drawn 512 pixels wide: the most the kept outlines may stray. */
const TOLERANCE_M = 9.55;

interface Row {
  code: string;
  buildings: number;
  households: number;
  area: number;
}

/** The kept rows, and the same figures worked out from the communities, buildings and facilities. */
async function keptAndTruth(c: Queryable): Promise<{ kept: Row[]; truth: Row[]; outlines: { code: string; ok: boolean }[] }> {
  const kept = await c.query<Row>(`SELECT code, buildings, households, current_area_m2 AS area FROM community_overview ORDER BY code`);
  const truth = await c.query<Row>(
    `SELECT c.code,
            (SELECT count(*)::int FROM building b WHERE b.community_code = c.code) AS buildings,
            (SELECT coalesce(sum(households), 0)::int FROM building b WHERE b.community_code = c.code) AS households,
            (SELECT coalesce(sum(area_m2), 0)::float8 FROM facility f WHERE f.community_code = c.code) AS area
       FROM community c ORDER BY c.code`,
  );
  // Each kept outline lies within the tolerance of the community's own, in web mercator metres.
  const outlines = await c.query<{ code: string; ok: boolean }>(
    `SELECT c.code, coalesce(ST_HausdorffDistance(o.geom, ST_Transform(c.geom, 3857)) <= $1, false) AS ok
       FROM community c LEFT JOIN community_overview o ON o.code = c.code ORDER BY c.code`,
    [TOLERANCE_M],
  );
  return { kept: kept.rows, truth: truth.rows, outlines: outlines.rows };
}

async function expectKept(c: Queryable, step: string): Promise<void> {
  const { kept, truth, outlines } = await keptAndTruth(c);
  expect(kept, step).toEqual(truth);
  expect(
    outlines.filter((o) => !o.ok),
    step,
  ).toEqual([]);
}

let db: Db;
let centre: [number, number];
const communities = LAYERS.find((l) => l.id === 'communities')!;
const buildings = LAYERS.find((l) => l.id === 'buildings')!;

beforeAll(async () => {
  db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ x: number; y: number }>(
      'SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS x, ST_Y(ST_Centroid(ST_Extent(geom))) AS y FROM community',
    ),
  );
  centre = [rows[0].x, rows[0].y];
});

describe('community overview', () => {
  it('follows every write to communities, buildings and facilities, one or many rows a statement, and truncates', async () => {
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        await expectKept(c, 'as migrated and loaded');
        const { rows } = await c.query<{ code: string }>('SELECT code FROM community ORDER BY code LIMIT 2');
        const [a, b] = rows.map((r) => r.code);
        await c.query(
          `INSERT INTO building (code, community_code, households, residents, geom)
           SELECT $1 || lpad(n::text, 5, '0'), $1, 10 * n, 25 * n, geom
             FROM (SELECT geom FROM building WHERE community_code = $1 ORDER BY code LIMIT 1) g, generate_series(99001, 99002) n`,
          [a],
        );
        await expectKept(c, 'two buildings inserted');
        await c.query('UPDATE building SET households = households + 3 WHERE community_code = ANY($1::text[])', [[a, b]]);
        await expectKept(c, 'households of two communities updated');
        await c.query(`UPDATE building SET community_code = $2, code = $2 || '99001' WHERE code = $1 || '99001'`, [a, b]);
        await expectKept(c, 'a building moved to another community');
        await c.query(`DELETE FROM building WHERE code = ANY($1::text[])`, [[`${a}99002`, `${b}99001`]]);
        await expectKept(c, 'buildings deleted');
        await c.query(
          `INSERT INTO facility (community_code, name, area_m2, geom)
           SELECT code, 'office ' || n, 40 * n, ST_PointOnSurface(geom) FROM community, generate_series(1, 2) n WHERE code = ANY($1::text[])`,
          [[a, b]],
        );
        await expectKept(c, 'facilities inserted');
        await c.query(`UPDATE facility SET area_m2 = area_m2 + 15 WHERE community_code = $1`, [a]);
        await c.query(`UPDATE facility SET community_code = $2 WHERE community_code = $1 AND name = 'office 1'`, [a, b]);
        await expectKept(c, 'facilities enlarged and moved');
        await c.query(`DELETE FROM facility WHERE community_code = $1`, [b]);
        await expectKept(c, 'facilities deleted');
        await c.query(`UPDATE community SET geom = ST_Multi(ST_Translate(geom, 0.001, 0.0005)) WHERE code = $1`, [a]);
        await expectKept(c, 'an outline moved');
        const fresh = `${a.slice(0, 9)}999`;
        await c.query(
          `INSERT INTO community (code, town_code, name, geom)
           SELECT $2, town_code, 'new', ST_Multi(ST_Translate(geom, 1, 0)) FROM community WHERE code = $1`,
          [a, fresh],
        );
        await expectKept(c, 'a community inserted');
        await c.query('DELETE FROM community WHERE code = $1', [fresh]);
        await expectKept(c, 'a community deleted');
        await c.query('TRUNCATE facility CASCADE');
        await expectKept(c, 'facilities truncated');
        await c.query('TRUNCATE building CASCADE');
        await expectKept(c, 'buildings truncated');
      }),
    );
    await db.withClient((c) => expectKept(c, 'after the rollback'));
  });

  it('colours the low-zoom communities by compliance as the community status has it, after a facility and a change of standard', async () => {
    const [x, y] = tileOf(centre, 9);
    await withRollback(db, async (tx) => {
      const compliance = async (step: string) => {
        const shown = decodeTile(await layerTile(tx, communities, 9, x, y), 'communities');
        const { rows } = await tx.withClient((c) =>
          c.query<{ code: string; compliant: boolean }>(
            'SELECT code, current_area_m2 >= required_area_m2 AS compliant FROM community_status',
          ),
        );
        const truth = new Map(rows.map((r) => [r.code, r.compliant]));
        expect(shown.length, step).toBeGreaterThan(1);
        for (const f of shown) expect(f.properties.compliant, `${step}: ${f.properties.code}`).toBe(truth.get(String(f.properties.code)));
        return shown.filter((f) => f.properties.compliant).length;
      };
      const before = await compliance('as loaded');
      // One non-compliant community of the tile gets the space it lacks.
      const lacking = await tx.withClient(async (c) => {
        const { rows } = await c.query<{ code: string; gap: number }>(
          `SELECT code, required_area_m2 - current_area_m2 AS gap FROM community_status WHERE current_area_m2 < required_area_m2 ORDER BY code LIMIT 1`,
        );
        await c.query(
          `INSERT INTO facility (community_code, name, area_m2, geom) SELECT code, 'new office', $2, ST_PointOnSurface(geom) FROM community WHERE code = $1`,
          [rows[0].code, rows[0].gap + 1],
        );
        return rows[0].code;
      });
      expect(await compliance('a facility added')).toBe(before + 1);
      const shown = decodeTile(await layerTile(tx, communities, 9, x, y), 'communities');
      expect(shown.find((f) => f.properties.code === lacking)?.properties.compliant).toBe(true);
      // A standard no community meets.
      await tx.withClient((c) => c.query(`UPDATE setting SET value = '100000' WHERE key = 'standard.minimumAreaM2'`));
      expect(await compliance('a stricter standard')).toBe(0);
    });
  });

  it('draws low-zoom outlines within a tile unit of the full outlines, with the same communities and counts', async () => {
    // The same layers drawn from the communities' own outlines, projected as each tile is built.
    // (Own ids: a layer's id names its prepared statement and the tile's layer.)
    const fromOutlines = (layer: LayerDef, source: string): LayerDef => ({
      ...layer,
      id: `${layer.id}_outlines` as LayerDef['id'],
      overview: [],
      source,
      minzoom: 0,
    });
    const plainCommunities = fromOutlines(
      communities,
      `SELECT c.code AS fid, jsonb_build_object('code', c.code, 'compliant', st.current_area_m2 >= st.required_area_m2) AS props,
              c.geom, c.code AS scope_code
         FROM community c JOIN community_status st ON st.code = c.code AND st.county_code = c.county_code`,
    );
    const plainCounts = fromOutlines(
      { ...buildings, aggregatedFrom: undefined },
      `SELECT c.code AS fid, jsonb_build_object('community_code', c.code,
                'buildings', (SELECT count(*)::int FROM building b WHERE b.community_code = c.code),
                'households', (SELECT coalesce(sum(households), 0)::int FROM building b WHERE b.community_code = c.code)) AS props,
              c.geom, c.code AS scope_code FROM community c`,
    );
    const bbox = (f: DecodedFeature) => {
      const points = f.loadGeometry().flat();
      return [
        Math.min(...points.map((p) => p.x)),
        Math.min(...points.map((p) => p.y)),
        Math.max(...points.map((p) => p.x)),
        Math.max(...points.map((p) => p.y)),
      ];
    };
    for (const [kept, plain, key, zooms] of [
      [communities, plainCommunities, 'code', [8, 9, 10]],
      [buildings, plainCounts, 'community_code', [8, 10, 12]],
    ] as const) {
      for (const z of zooms) {
        const [x, y] = tileOf(centre, z);
        const drawn = decodeTile(await layerTile(db, kept, z, x, y), kept.id);
        const truth = new Map(decodeTile(await layerTile(db, plain, z, x, y), plain.id).map((f) => [String(f.properties[key]), f]));
        expect(drawn.length, `${kept.id} z${z}`).toBeGreaterThan(1);
        expect(drawn.map((f) => String(f.properties[key])).sort(), `${kept.id} z${z}`).toEqual([...truth.keys()].sort());
        // A kept outline strays at most the tolerance (under one unit at z10, four at z12) plus a unit of rounding.
        const units = Math.ceil((TOLERANCE_M / (40_075_016.69 / 2 ** z / TILE_EXTENT)) * 1.2) + 1;
        for (const f of drawn) {
          const full = truth.get(String(f.properties[key]))!;
          expect(f.properties, `${kept.id} z${z}`).toEqual(full.properties);
          const [a, b] = [bbox(f), bbox(full)];
          for (let i = 0; i < 4; i++) expect(Math.abs(a[i] - b[i]), `${kept.id} z${z} ${f.properties[key]}`).toBeLessThanOrEqual(units);
        }
      }
    }
  });
});
