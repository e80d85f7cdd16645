/** Community summaries: households, area, the housing standard and compliance. */
import type { Queryable } from './pool';
import type { CommunityPatch, CommunitySummary } from '../contract/communities';
import { notFound } from '../domain/errors';
import { updateVersioned } from './write';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';

export type CommunityRow = CommunitySummary;

// The standard's figures come from the community_status view (migration 0005), so lists, map
// layers and reports agree; tests check it against the domain formula.
const COMMUNITY_SUMMARY = `
  WITH g AS (
    SELECT (SELECT value::text::int FROM setting WHERE key = 'grid.minHouseholds') AS grid_min,
           (SELECT value::text::int FROM setting WHERE key = 'grid.maxHouseholds') AS grid_max
  )
  SELECT c.code, c.name, c.version,
         st.households, st.residents, st.building_count AS "buildingCount",
         round(ST_Area(c.geom::geography)::numeric, 0)::float8 AS "areaM2",
         ARRAY[round(ST_X(ctr.pt)::numeric, 6)::float8, round(ST_Y(ctr.pt)::numeric, 6)::float8] AS centroid,
         ARRAY[ST_XMin(c.geom), ST_YMin(c.geom), ST_XMax(c.geom), ST_YMax(c.geom)]::float8[] AS bbox,
         st.required_area_m2 AS "requiredAreaM2",
         st.current_area_m2 AS "currentAreaM2",
         coalesce(c.min_households_per_cell, g.grid_min) AS "minHouseholdsPerCell",
         coalesce(c.max_households_per_cell, g.grid_max) AS "maxHouseholdsPerCell"
    FROM community c JOIN community_status st ON st.code = c.code AND st.county_code = c.county_code CROSS JOIN g
    -- the true centroid when it lies inside the outline, else a point on its surface
    CROSS JOIN LATERAL (SELECT CASE WHEN ST_Intersects(c.geom, ST_Centroid(c.geom)) THEN ST_Centroid(c.geom)
                                    ELSE ST_PointOnSurface(c.geom) END AS pt) ctr`;

type SummaryRow = Omit<CommunityRow, 'gapM2' | 'compliant'>;

function shape(row: SummaryRow): CommunityRow {
  const gap = Math.max(0, row.requiredAreaM2 - row.currentAreaM2);
  return { ...row, gapM2: Math.round(gap * 10) / 10, compliant: row.currentAreaM2 >= row.requiredAreaM2 };
}

/** The communities inside `scope` (null: all), by code. */
export async function listCommunities(c: Queryable, scope: Scope = null): Promise<CommunityRow[]> {
  const { rows } = await c.query<SummaryRow>(
    `${COMMUNITY_SUMMARY} WHERE ${scopeSql('c.code', '$1', '$2')} ORDER BY c.code`,
    scopeParams(scope),
  );
  return rows.map(shape);
}

export async function getCommunity(c: Queryable, code: string): Promise<CommunityRow | undefined> {
  const { rows } = await c.query<SummaryRow>(`${COMMUNITY_SUMMARY} WHERE c.code = $1`, [code]);
  return rows[0] ? shape(rows[0]) : undefined;
}

/** One community, or `community.not_found`. */
export async function requireCommunity(c: Queryable, code: string): Promise<CommunityRow> {
  const community = await getCommunity(c, code);
  if (!community) throw notFound('community.not_found', { code });
  return community;
}

/** Renames a community or sets its grid size (null = the town's setting), versioned and audited. */
export async function updateCommunity(c: Queryable, code: string, patch: CommunityPatch, username: string): Promise<CommunityRow> {
  await requireCommunity(c, code);
  const changes: Record<string, unknown> = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.minHouseholdsPerCell !== undefined) changes.min_households_per_cell = patch.minHouseholdsPerCell;
  if (patch.maxHouseholdsPerCell !== undefined) changes.max_households_per_cell = patch.maxHouseholdsPerCell;
  await updateVersioned(c, { entity: 'community', id: code, expectedVersion: patch.version, changes, username });
  return requireCommunity(c, code);
}
