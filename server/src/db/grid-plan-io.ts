/**
 * Queries of grid plans as a layer (data/grid-plan-layer.ts): the cells of the plans to export,
 * with their buildings; the community of each building a file names; and a new plan written
 * with its cells, their codes and their buildings.
 */
import type { Queryable } from './pool';
import { rebuildCellGeometry } from './grid-plans';

/** Plans that travel: the one in force and those still being worked on. */
export const EXPORTED_STATUSES = ['published', 'approved', 'submitted', 'draft'] as const;

export interface ExportedCell {
  communityCode: string;
  planId: number;
  planName: string;
  planStatus: string;
  minHouseholds: number;
  maxHouseholds: number;
  code: string | null;
  label: string;
  households: number;
  buildingCodes: string[];
  /** GeoJSON text, 9 decimals; null for a cell without buildings. */
  geometry: string | null;
}

/** Cells of the exported plans of one community (or all), the published plan of each community first. */
export async function exportedCells(c: Queryable, community: string | null): Promise<ExportedCell[]> {
  const { rows } = await c.query<ExportedCell>(
    `SELECT p.community_code AS "communityCode", p.id::int AS "planId", p.name AS "planName", p.status AS "planStatus",
            p.min_households AS "minHouseholds", p.max_households AS "maxHouseholds", g.code, g.label, coalesce(s.households, 0)::int AS households, coalesce(s.codes, ARRAY[]::text[]) AS "buildingCodes",
            ST_AsGeoJSON(g.geom, 9) AS geometry
       FROM grid_plan p JOIN grid_cell g ON g.plan_id = p.id AND g.county_code = p.county_code
       LEFT JOIN LATERAL (
         SELECT sum(b.households) AS households, array_agg(b.code ORDER BY b.code) AS codes
           FROM cell_building cb JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code WHERE cb.cell_id = g.id AND cb.county_code = g.county_code
       ) s ON true
      WHERE p.status = ANY($2::text[]) AND ($1::text IS NULL OR p.community_code = $1)
      ORDER BY p.community_code, p.status <> 'published', p.id, g.id`,
    [community, EXPORTED_STATUSES],
  );
  return rows;
}

/** The community of each of `codes` that exists. */
export async function communitiesOfBuildings(c: Queryable, codes: string[]): Promise<Map<string, string>> {
  const { rows } = await c.query<{ code: string; community: string }>(
    'SELECT code, community_code AS community FROM building WHERE code = ANY($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.community]));
}

export interface NewPlanCell {
  label: string;
  code: string | null;
  buildings: string[];
}

/** Writes a new draft plan with its cells and buildings, then draws the cells from their atoms; returns its id and version. */
export async function insertPlanWithCells(
  c: Queryable,
  plan: { communityCode: string; name: string; minHouseholds: number; maxHouseholds: number; username: string | null },
  cells: NewPlanCell[],
): Promise<{ id: number; version: number }> {
  const { rows } = await c.query<{ id: number; version: number }>(
    `INSERT INTO grid_plan (community_code, county_code, name, min_households, max_households, created_by)
     VALUES ($1, left($1, 6), $2, $3, $4, $5) RETURNING id::int AS id, version`,
    [plan.communityCode, plan.name, plan.minHouseholds, plan.maxHouseholds, plan.username],
  );
  const { id } = rows[0];
  await c.query(
    `INSERT INTO grid_cell (plan_id, county_code, label, code)
     SELECT $1, left($3, 6), r.label, r.code FROM json_to_recordset($2::json) AS r(label text, code text)`,
    [id, JSON.stringify(cells.map(({ label, code }) => ({ label, code }))), plan.communityCode],
  );
  await c.query(
    `INSERT INTO cell_building (plan_id, building_code, county_code, cell_id)
     SELECT $1, r.building, g.county_code, g.id FROM json_to_recordset($2::json) AS r(building text, label text)
       JOIN grid_cell g ON g.plan_id = $1 AND g.county_code = left($3, 6) AND g.label = r.label`,
    [id, JSON.stringify(cells.flatMap((cell) => cell.buildings.map((building) => ({ building, label: cell.label })))), plan.communityCode],
  );
  await rebuildCellGeometry(c, id, null);
  return rows[0];
}

/** Marks an imported plan approved by `username`, ready for the publish transaction; returns its new version. */
export async function approveImported(c: Queryable, planId: number, username: string | null): Promise<number> {
  const { rows } = await c.query<{ version: number }>(
    `UPDATE grid_plan SET status = 'approved', submitted_at = now(), approved_by = $2, approved_at = now(),
                          version = version + 1, updated_at = now()
      WHERE id = $1 RETURNING version`,
    [planId, username],
  );
  return rows[0].version;
}
