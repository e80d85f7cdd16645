/** Community summaries: households, area, the housing standard and compliance. */
import type { Queryable } from './pool';

export interface CommunityRow {
  code: string;
  name: string;
  households: number;
  residents: number;
  buildingCount: number;
  areaM2: number;
  centroid: [number, number];
  bbox: [number, number, number, number];
  requiredAreaM2: number;
  currentAreaM2: number;
  gapM2: number;
  compliant: boolean;
  minHouseholdsPerCell: number;
  maxHouseholdsPerCell: number;
  version: number;
}

// The standard's formula lives in SQL here (not only in the domain module) so map layers,
// lists and reports agree without a round trip; tests check both give the same answer.
const COMMUNITY_SUMMARY = `
  WITH s AS (
    SELECT (SELECT value::text::float8 FROM setting WHERE key = 'standard.minimumAreaM2') AS min_area,
           (SELECT value::text::float8 FROM setting WHERE key = 'standard.perHundredHouseholdsM2') AS per_hundred,
           (SELECT value::text::int FROM setting WHERE key = 'grid.minHouseholds') AS grid_min,
           (SELECT value::text::int FROM setting WHERE key = 'grid.maxHouseholds') AS grid_max
  ), b AS (
    SELECT community_code, sum(households)::int AS households, sum(residents)::int AS residents, count(*)::int AS n
      FROM building GROUP BY community_code
  ), f AS (
    SELECT community_code, sum(area_m2)::float8 AS area FROM facility GROUP BY community_code
  )
  SELECT c.code, c.name, c.version,
         coalesce(b.households, 0) AS households, coalesce(b.residents, 0) AS residents,
         coalesce(b.n, 0) AS "buildingCount",
         round(ST_Area(c.geom::geography)::numeric, 0)::float8 AS "areaM2",
         ARRAY[round(ST_X(ST_PointOnSurface(c.geom))::numeric, 6)::float8, round(ST_Y(ST_PointOnSurface(c.geom))::numeric, 6)::float8] AS centroid,
         ARRAY[ST_XMin(c.geom), ST_YMin(c.geom), ST_XMax(c.geom), ST_YMax(c.geom)]::float8[] AS bbox,
         greatest(s.min_area, s.per_hundred * coalesce(b.households, 0) / 100.0)::float8 AS "requiredAreaM2",
         coalesce(f.area, 0)::float8 AS "currentAreaM2",
         coalesce(c.min_households_per_cell, s.grid_min) AS "minHouseholdsPerCell",
         coalesce(c.max_households_per_cell, s.grid_max) AS "maxHouseholdsPerCell"
    FROM community c CROSS JOIN s
    LEFT JOIN b ON b.community_code = c.code
    LEFT JOIN f ON f.community_code = c.code`;

function shape(row: Omit<CommunityRow, 'gapM2' | 'compliant'>): CommunityRow {
  const gap = Math.max(0, row.requiredAreaM2 - row.currentAreaM2);
  return { ...row, gapM2: Math.round(gap * 10) / 10, compliant: row.currentAreaM2 >= row.requiredAreaM2 };
}

export async function listCommunities(c: Queryable): Promise<CommunityRow[]> {
  const { rows } = await c.query<Omit<CommunityRow, 'gapM2' | 'compliant'>>(`${COMMUNITY_SUMMARY} ORDER BY c.code`);
  return rows.map(shape);
}

export async function getCommunity(c: Queryable, code: string): Promise<CommunityRow | undefined> {
  const { rows } = await c.query<Omit<CommunityRow, 'gapM2' | 'compliant'>>(`${COMMUNITY_SUMMARY} WHERE c.code = $1`, [code]);
  return rows[0] ? shape(rows[0]) : undefined;
}
