/** Plan housekeeping: rename or change the range of a draft, delete a draft, the edit log, the buildings layer. */
import { planCounty } from './distribution';
import type { Queryable } from './pool';
import type { BuildingCollection, LoggedEdit, PlanPatch } from '../contract/grid-plans';
import { conflict, invalid, notFound, staleVersion } from '../domain/errors';
import { audit } from './audit';
import { touchVersioned } from './write';
import { getPlanRow } from './grid-plans';
import { lockDraft } from './grid-edits';

export async function updatePlan(c: Queryable, planId: number, patch: PlanPatch, username: string): Promise<void> {
  const plan = await lockDraft(c, planId, patch.version);
  const min = patch.minHouseholds ?? plan.minHouseholds;
  const max = patch.maxHouseholds ?? plan.maxHouseholds;
  if (min > max) throw invalid('grid.plan.min_over_max', { min, max }, { field: 'json.minHouseholds' });
  await c.query('UPDATE grid_plan SET name = $2, min_households = $3, max_households = $4 WHERE id = $1', [
    planId,
    patch.name ?? plan.name,
    min,
    max,
  ]);
  await touchVersioned(c, 'grid_plan', String(planId), patch.version);
  await audit(c, {
    username,
    action: 'update',
    entity: 'grid_plan',
    entityId: String(planId),
    before: { name: plan.name, minHouseholds: plan.minHouseholds, maxHouseholds: plan.maxHouseholds, version: plan.version },
    after: { name: patch.name ?? plan.name, minHouseholds: min, maxHouseholds: max, version: plan.version + 1 },
  });
}

/** Deletes a draft or rejected plan with its cells and edit log. */
export async function deletePlan(c: Queryable, planId: number, version: number, username: string): Promise<void> {
  const plan = await getPlanRow(c, planId, true);
  if (!plan) throw notFound('grid.plan.not_found', { id: planId });
  if (plan.version !== version) throw staleVersion('grid_plan', planId, plan.version, version);
  if (plan.status !== 'draft' && plan.status !== 'rejected')
    throw conflict('grid.plan.not_deletable', { id: planId, status: plan.status }, { status: plan.status });
  // Plans copied from this one keep their cells; only the pointer to their origin goes.
  await c.query(`UPDATE grid_plan SET based_on_plan_id = NULL WHERE based_on_plan_id = $1 AND county_code = ${planCounty('$1')}`, [planId]);
  await c.query(`DELETE FROM grid_plan WHERE id = $1 AND county_code = ${planCounty('$1')}`, [planId]);
  await audit(c, {
    username,
    action: 'delete',
    entity: 'grid_plan',
    entityId: String(planId),
    before: { name: plan.name, status: plan.status, version },
  });
}

/** The plan's edit log, oldest first; not found when there is no such plan. */
export async function editLog(c: Queryable, planId: number): Promise<LoggedEdit[]> {
  if (!(await getPlanRow(c, planId))) throw notFound('grid.plan.not_found', { id: planId });
  const { rows } = await c.query<LoggedEdit>(
    `SELECT seq, op, undone, username, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at,
            jsonb_array_length(diff -> 'moves')::int AS "movedBuildings"
       FROM grid_plan_edit WHERE plan_id = $1 ORDER BY seq`,
    [planId],
  );
  return rows;
}

/** The plan community's buildings as GeoJSON, each with its cell in this plan (label) or null. */
export async function planBuildings(c: Queryable, planId: number): Promise<BuildingCollection> {
  const plan = await getPlanRow(c, planId);
  if (!plan) throw notFound('grid.plan.not_found', { id: planId });
  const { rows } = await c.query<{ fc: BuildingCollection }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', b.code, 'geometry', ST_AsGeoJSON(b.geom, 6)::json,
              'properties', json_build_object('code', b.code, 'name', b.name, 'address', b.address, 'households', b.households,
                'residents', b.residents, 'compound', b.compound_code, 'cell', g.label, 'locked', coalesce(g.locked, false),
                'point', json_build_array(round(ST_X(ST_PointOnSurface(b.geom))::numeric, 7), round(ST_Y(ST_PointOnSurface(b.geom))::numeric, 7))))
              ORDER BY b.code), '[]'::json)) AS fc
       FROM building b
       LEFT JOIN cell_building cb ON cb.building_code = b.code AND cb.county_code = b.county_code AND cb.plan_id = $1
       LEFT JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code
      WHERE b.community_code = $2`,
    [planId, plan.communityCode],
  );
  return rows[0].fc;
}
