/**
 * What publishing a plan would change, computed the way publishPlan does it but written nowhere:
 * the published cells that close, the buildings that change cell and the responsibilities that
 * move to another cell. The confirmation before publishing shows it.
 */
import type { Queryable } from './pool';
import type { PublishPreview, PublishReport } from '../contract/grid-plans';
import { notFound } from '../domain/errors';
import { getPlanRow, planCells, reservedLabels } from './grid-plans';
import { codeOfLabel, publishedLabels } from './grid-plan-view';
import { heirs } from './grid-publish';

/** The changes publishing `planId` would make now; not found when there is no such plan. */
export async function publishPreview(c: Queryable, planId: number): Promise<PublishPreview> {
  const plan = await getPlanRow(c, planId);
  if (!plan) throw notFound('grid.plan.not_found', { id: planId });
  const cells = await planCells(c, planId);
  const labels = publishedLabels(plan.communityCode, cells, await reservedLabels(c, plan.communityCode));
  const newCode = new Map(cells.map((cell, i) => [cell.id, codeOfLabel(plan.communityCode, labels[i])]));
  const { rows: old } = await c.query<{ id: number }>(
    "SELECT id::int AS id FROM grid_plan WHERE community_code = $1 AND status = 'published' AND id <> $2",
    [plan.communityCode, planId],
  );
  const oldId = old[0]?.id ?? null;
  const oldCells =
    oldId === null
      ? []
      : (
          await c.query<{ id: number; code: string; label: string; name: string }>(
            'SELECT id::int AS id, code, label, name FROM grid_cell WHERE plan_id = $1 AND valid_to IS NULL AND code IS NOT NULL ORDER BY code',
            [oldId],
          )
        ).rows;
  const keptCodes = new Set([...newCode.values()].filter((code): code is string => code !== null));
  const oldCodes = new Set(oldCells.map((cell) => cell.code));

  // Buildings whose cell code differs between the published plan and this one.
  const { rows: members } = await c.query<{ households: number; oldCode: string | null; newCell: number | null }>(
    `SELECT b.households, og.code AS "oldCode", n.cell_id::int AS "newCell"
       FROM building b
       LEFT JOIN cell_building o ON o.building_code = b.code AND o.county_code = b.county_code AND o.plan_id = $2
       LEFT JOIN grid_cell og ON og.id = o.cell_id AND og.county_code = o.county_code
       LEFT JOIN cell_building n ON n.building_code = b.code AND n.county_code = b.county_code AND n.plan_id = $1
      WHERE b.community_code = $3 AND (o.cell_id IS NOT NULL OR n.cell_id IS NOT NULL)`,
    [planId, oldId, plan.communityCode],
  );
  const moved = members.filter((m) => m.newCell !== null && (newCode.get(m.newCell) ?? null) !== m.oldCode);

  const lineage =
    oldId === null
      ? []
      : (
          await c.query<Omit<PublishReport['lineage'][number], 'parentCode' | 'childCode'>>(
            `SELECT o.cell_id::int AS "parentCellId", n.cell_id::int AS "childCellId", count(*)::int AS "buildingCount",
                    coalesce(sum(b.households), 0)::int AS households
               FROM cell_building o JOIN cell_building n ON n.building_code = o.building_code AND n.county_code = o.county_code AND n.plan_id = $2
               JOIN building b ON b.code = o.building_code AND b.county_code = o.county_code
              WHERE o.plan_id = $1 GROUP BY o.cell_id, n.cell_id`,
            [oldId, planId],
          )
        ).rows;
  const oldCode = new Map(oldCells.map((cell) => [cell.id, cell.code]));
  const heirOf = heirs(
    lineage.map((l) => ({ ...l, parentCode: oldCode.get(l.parentCellId) ?? null, childCode: newCode.get(l.childCellId) ?? '' })),
  );
  const { rows: open } = await c.query<{ cellId: number }>(
    `SELECT a.cell_id::int AS "cellId" FROM cell_assignment a
      WHERE a.valid_to IS NULL AND a.cell_id IN (SELECT json_array_elements_text($1::json)::bigint)`,
    [JSON.stringify(oldCells.map((cell) => cell.id))],
  );
  const withoutSuccessor = open.filter((a) => !heirOf.has(a.cellId)).length;
  const repointed = open.filter((a) => heirOf.has(a.cellId) && heirOf.get(a.cellId)!.code !== oldCode.get(a.cellId)).length;

  return {
    planId,
    archivedPlanId: oldId,
    closingCells: oldCells.filter((cell) => !keptCodes.has(cell.code)).map(({ code, label, name }) => ({ code, label, name })),
    newCells: cells
      .map((cell, i) => ({ code: newCode.get(cell.id) ?? null, label: labels[i] ?? cell.label, name: cell.name }))
      .filter((cell): cell is { code: string; label: string; name: string } => cell.code !== null && !oldCodes.has(cell.code)),
    keptCells: oldCells.filter((cell) => keptCodes.has(cell.code)).length,
    movedBuildings: moved.length,
    movedHouseholds: moved.reduce((s, m) => s + m.households, 0),
    responsibilities: { total: open.length, repointed, withoutSuccessor },
  };
}
