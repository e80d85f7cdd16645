/**
 * Queries of the fit checks (data/plausibility-fit.ts): how many of the buildings already filed
 * under a community or compound lie inside an imported outline, read each way; and how many of a
 * file's buildings lie inside the stored outline of their community, read each way. One statement
 * each, point-in-polygon tests only (no repair of the shapes: a reading of valid numbers is tested
 * as it comes).
 */
import type { Queryable } from './pool';

/** How many points were tested for an item and reading, and how many lay inside. */
export interface FitCount {
  key: string;
  reading: string;
  count: number;
  inside: number;
}

/** The building column that files a building under an outline of the layer (an allow-list). */
export type FiledUnder = 'community_code' | 'compound_code';

/**
 * For each outline (keyed by `key`, the code of its community or compound) and reading: the
 * buildings filed under that code and how many of them have their point on surface inside it.
 */
export async function storedBuildingsInside(
  c: Queryable,
  column: FiledUnder,
  outlines: { key: string; reading: string; geojson: string }[],
): Promise<FitCount[]> {
  if (outlines.length === 0) return [];
  const codes = [...new Set(outlines.map((o) => o.key))];
  const { rows } = await c.query<FitCount>(
    // one outline at a time (LATERAL), so PostGIS prepares it once for all of its buildings
    `WITH r AS MATERIALIZED (SELECT r.key, r.reading, ST_SetSRID(ST_GeomFromGeoJSON(r.geojson), 4326) AS g
                  FROM jsonb_to_recordset($1::jsonb) AS r(key text, reading text, geojson text)),
          b AS MATERIALIZED (SELECT b.${column} AS key, ST_PointOnSurface(b.geom) AS pt FROM building b
                              WHERE b.${column} = ANY($2::text[]) AND b.county_code = ANY($3::text[]))
     SELECT r.key, r.reading, n.count, n.inside
       FROM r, LATERAL (SELECT count(*)::int AS count, count(*) FILTER (WHERE ST_Intersects(r.g, b.pt))::int AS inside
                          FROM b WHERE b.key = r.key) n
      WHERE n.count > 0 ORDER BY r.key, r.reading`,
    [JSON.stringify(outlines), codes, [...new Set(codes.map((code) => code.slice(0, 6)))]],
  );
  return rows;
}

/** For each community and reading: how many of the points (one per building of the file) lie inside its stored outline. */
export async function pointsInsideCommunities(
  c: Queryable,
  points: { key: string; reading: string; x: number; y: number }[],
): Promise<FitCount[]> {
  if (points.length === 0) return [];
  const codes = [...new Set(points.map((p) => p.key))];
  // one community at a time (LATERAL), so PostGIS prepares its outline once for all of its points
  const { rows } = await c.query<FitCount>(
    `WITH r AS MATERIALIZED (SELECT r.key, r.reading, ST_SetSRID(ST_MakePoint(r.x, r.y), 4326) AS pt
                               FROM jsonb_to_recordset($1::jsonb) AS r(key text, reading text, x float8, y float8))
     SELECT m.code AS key, n.reading, n.count, n.inside
       FROM community m,
            LATERAL (SELECT r.reading, count(*)::int AS count, count(*) FILTER (WHERE ST_Intersects(m.geom, r.pt))::int AS inside
                       FROM r WHERE r.key = m.code GROUP BY r.reading) n
      WHERE m.code = ANY($2::text[]) AND m.county_code = ANY($3::text[])
      ORDER BY m.code, n.reading`,
    [JSON.stringify(points), codes, [...new Set(codes.map((code) => code.slice(0, 6)))]],
  );
  return rows;
}
