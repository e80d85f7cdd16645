/**
 * The buildings the import bench brings into the demo town: square OSM-style footprints (outline
 * and levels only) on a 17 m grid inside each community, clear of its own buildings. Shared with
 * the tests that check atoms on a town of that size.
 */
import type { Db } from '../../server/src/db/pool';
import type { ImportOptions } from '../../server/src/data/import';

/** How the bench imports these buildings: new records only, written for real, by nobody in particular. */
export const BENCH_IMPORT = {
  layer: 'buildings',
  format: 'geojson',
  mode: 'insert',
  dryRun: false,
  fileName: 'bench',
  username: null,
} as const satisfies Partial<ImportOptions>;

/**
 * Footprint centres on a 17 m grid inside each community, clear of its buildings (room for about
 * 100,000), taken round-robin over communities, or from `communityCode` alone.
 */
export async function sites(db: Db, n: number, communityCode?: string): Promise<[number, number][]> {
  const { rows } = await db.withClient((c) =>
    c.query<{ x: number; y: number }>(
      `WITH grid AS (
         SELECT c.code, ST_SetSRID(ST_MakePoint(x, y), 4326) AS p
           FROM community c,
                generate_series(ST_XMin(c.geom)::numeric, ST_XMax(c.geom)::numeric, 0.00018) x,
                generate_series(ST_YMin(c.geom)::numeric, ST_YMax(c.geom)::numeric, 0.00015) y
          WHERE $2::text IS NULL OR c.code = $2
       ), inside AS (
         SELECT code, p, row_number() OVER (PARTITION BY code ORDER BY ST_X(p), ST_Y(p)) AS k
           FROM grid g WHERE ST_Covers((SELECT geom FROM community WHERE code = g.code), ST_Buffer(p, 0.0001))
            -- clear of the demo buildings (footprint half-size 0.00005 + shift up to 0.00002): an import refuses overlaps with stored ones
            AND NOT EXISTS (SELECT 1 FROM building b WHERE ST_Intersects(b.geom, ST_Expand(p, 0.00007)))
       )
       SELECT ST_X(p)::float8 AS x, ST_Y(p)::float8 AS y FROM inside ORDER BY k, code LIMIT $1`,
      [n, communityCode ?? null],
    ),
  );
  if (rows.length < n) throw new Error(`only ${rows.length} sites for ${n} buildings`);
  return rows.map((r) => [r.x, r.y]);
}

/**
 * Square footprints round the centres, each moved by up to `shiftDegrees` (default 0.00002, about
 * 2 m) in a fixed irregular pattern, as real buildings do not stand on a perfect lattice; 0 keeps
 * the lattice.
 */
export function osmFile(sites: [number, number][], shiftDegrees = 0.00002): Uint8Array {
  const d = 0.00005;
  const centres = sites.map(([x, y], i) => [x + shiftDegrees * Math.sin(i * 1.7), y + shiftDegrees * Math.cos(i * 2.3)]);
  const features = centres.map(([x, y], i) => ({
    type: 'Feature',
    properties: { '@id': `way/${i + 1}`, building: 'apartments', 'building:levels': 3 + (i % 10) },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x - d, y - d],
          [x + d, y - d],
          [x + d, y + d],
          [x - d, y + d],
          [x - d, y - d],
        ],
      ],
    },
  }));
  return new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
}
