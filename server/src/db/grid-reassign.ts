/**
 * After a boundary change (a community's outline, or cell outlines redrawn), every
 * building of a plan's community goes to the plan's current cell whose outline holds its
 * point-on-surface: one set-based statement for all the plans, writing only the memberships that
 * change. A building in no cell's outline keeps the cell it has (the outlines give no answer).
 */
import type { Queryable } from './pool';
import { rebuildCellGeometry } from './grid-plans';

export interface Reassignment {
  /** Buildings that changed cell. */
  moved: number;
  /** Buildings that had no cell in their plan and now have one. */
  added: number;
}

// The join is the raw PostGIS one (the cells' spatial index, then the exact test); where outlines
// overlap, the lowest cell id wins so the answer does not depend on the plan the planner picks.
// Memberships already right are not written (a row inserted has xmax 0, one updated does not).
// The answer is compared with the present memberships in one hashed pass: a FULL JOIN, which
// PostgreSQL can only run as a hash or merge join, behind OFFSET 0 so the filter after it does not
// turn it back into a left join. A NOT EXISTS looked each building up in the key's index
// (13,510 probes for 100 communities) and, as a plain left join, the planner could pick nested loops
// over the present rows. Grouping and comparing by code in byte order ("C") skips the locale's
// string comparison.
const REASSIGN_SQL = `
  WITH plan AS (SELECT id, county_code, community_code FROM grid_plan WHERE id = ANY($1::bigint[])),
  holder AS (
    SELECT p.id AS plan_id, min(p.county_code) AS county_code, b.code COLLATE "C" AS building_code, min(g.id) AS cell_id
      FROM plan p JOIN grid_cell g ON g.plan_id = p.id AND g.county_code = p.county_code AND g.valid_to IS NULL
      JOIN building b ON b.community_code = p.community_code AND b.county_code = p.county_code
       AND b.geom && g.geom AND ST_Within(ST_PointOnSurface(b.geom), g.geom)
     GROUP BY p.id, b.code COLLATE "C"),
  present AS (
    SELECT plan_id, county_code, building_code COLLATE "C" AS building_code, cell_id
      FROM cell_building WHERE plan_id = ANY($1::bigint[])),
  compared AS (
    SELECT h.plan_id, h.county_code, h.building_code, h.cell_id, cb.cell_id AS present_cell_id
      FROM holder h FULL JOIN present cb
        ON cb.plan_id = h.plan_id AND cb.county_code = h.county_code AND cb.building_code = h.building_code
    OFFSET 0),
  written AS (
    INSERT INTO cell_building (plan_id, building_code, cell_id, county_code)
    SELECT plan_id, building_code, cell_id, county_code FROM compared
     WHERE plan_id IS NOT NULL AND present_cell_id IS DISTINCT FROM cell_id
    ON CONFLICT (plan_id, building_code, county_code) DO UPDATE SET cell_id = EXCLUDED.cell_id
    RETURNING plan_id, xmax = 0 AS inserted)
  SELECT count(*) FILTER (WHERE NOT inserted)::int AS moved, count(*) FILTER (WHERE inserted)::int AS added,
         coalesce(array_agg(DISTINCT plan_id), '{}')::int[] AS plans
    FROM written`;

/** Puts every building of the plans' communities in the cell holding it; returns what changed and in which plans. */
export async function reassignBuildingsToCells(c: Queryable, planIds: readonly number[]): Promise<Reassignment & { planIds: number[] }> {
  const { rows } = await c.query<{ moved: number; added: number; plans: number[] }>(REASSIGN_SQL, [planIds]);
  const r = rows[0];
  return { moved: r.moved, added: r.added, planIds: r.plans.map(Number) };
}

/**
 * The published plans of `communityCodes` after their outlines or buildings changed: memberships
 * follow the cell outlines, then every cell's outline is redrawn from the communities' new atoms.
 */
export async function followBoundaryChange(c: Queryable, communityCodes: readonly string[]): Promise<Reassignment> {
  const { rows } = await c.query<{ id: number }>(
    `SELECT id::int AS id FROM grid_plan WHERE status = 'published' AND community_code = ANY($1::text[]) ORDER BY id`,
    [communityCodes],
  );
  const plans = rows.map((r) => r.id);
  if (plans.length === 0) return { moved: 0, added: 0 };
  const { moved, added } = await reassignBuildingsToCells(c, plans);
  for (const plan of plans) await rebuildCellGeometry(c, plan, null);
  return { moved, added };
}
