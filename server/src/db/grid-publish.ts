/**
 * The life of a plan after drafting: submit → approve → publish (or reject, and reopen). Publishing
 * is one transaction: outlines rebuilt from atoms and every integrity check passed, each cell's
 * code taken from its number (第N网格 → …00N, so no cell is renumbered; a cell of an older draft
 * with a letter label gets the next free number, in reading order), the previous plan archived and its cells closed, lineage recorded, and
 * each open responsibility of a retired cell moved to the new cell that took most of its households.
 */
import { planCounty } from './distribution';
import type { Queryable } from './pool';
import type { PlanRow, PlanStatus, PublishReport, RepointedResponsibility, Validation } from '../contract/grid-plans';
import { msg } from '../contract/messages';
import { conflict, forbidden, notFound, staleVersion, unprocessable } from '../domain/errors';
import { audit } from './audit';
import { townToday } from './town-time';
import { touchVersioned } from './write';
import { getPlanRow, planCells, rebuildCellGeometry, reservedLabels } from './grid-plans';
import { codeOfLabel, publishedLabels } from './grid-plan-view';
import { validatePlan } from './grid-validation';

export type Transition = 'submit' | 'approve' | 'reject' | 'reopen';

const FROM: Record<Transition, PlanStatus[]> = {
  submit: ['draft'],
  approve: ['submitted'],
  reject: ['submitted', 'approved'],
  reopen: ['submitted', 'rejected'],
};

async function lockPlan(
  c: Queryable,
  planId: number,
  version: number,
  allowed: PlanStatus[],
  action: Transition | 'publish',
): Promise<PlanRow> {
  const plan = await getPlanRow(c, planId, true);
  if (!plan) throw notFound('grid.plan.not_found', { id: planId });
  if (plan.version !== version) throw staleVersion('grid_plan', planId, plan.version, version);
  if (!allowed.includes(plan.status))
    throw conflict('grid.plan.wrong_status', { id: planId, status: plan.status, action, allowed }, { status: plan.status });
  return plan;
}

/** Refuses a plan with integrity errors, listing them (details.problems) for the screen to show. */
function requirePassing(validation: Validation, action: 'submit' | 'approve' | 'publish'): void {
  if (validation.ok) return;
  throw unprocessable(
    'grid.plan.integrity_failed',
    { count: validation.errors, action },
    {
      problems: validation.problems.filter((p) => p.severity === 'error'),
      counts: validation.counts,
    },
  );
}

/** Moves a plan along the workflow (not publishing); refuses stale versions and wrong states. */
export async function transitionPlan(
  c: Queryable,
  planId: number,
  version: number,
  username: string,
  action: Transition,
  reason?: string,
): Promise<void> {
  const plan = await lockPlan(c, planId, version, FROM[action], action);
  const submittedBy = await submitterOf(c, planId);
  // Separation of duties: whoever submitted a plan cannot approve it, whatever their role.
  if (action === 'approve' && submittedBy === username) throw forbidden('grid.plan.self_approval', { id: planId, username });
  if (action === 'submit' || action === 'approve') {
    await rebuildCellGeometry(c, planId, null);
    requirePassing(await validatePlan(c, planId), action);
  }
  switch (action) {
    case 'submit':
      await c.query(
        `UPDATE grid_plan SET status = 'submitted', submitted_at = now(), submitted_by = $2 WHERE id = $1 AND county_code = ${planCounty('$1')}`,
        [planId, username],
      );
      break;
    case 'approve':
      await c.query(
        `UPDATE grid_plan SET status = 'approved', approved_by = $2, approved_at = now() WHERE id = $1 AND county_code = ${planCounty('$1')}`,
        [planId, username],
      );
      break;
    case 'reject':
      await c.query(`UPDATE grid_plan SET status = 'rejected', notes = $2 WHERE id = $1 AND county_code = ${planCounty('$1')}`, [
        planId,
        reason ?? plan.notes,
      ]);
      break;
    case 'reopen':
      await c.query(
        "UPDATE grid_plan SET status = 'draft', submitted_at = NULL, submitted_by = NULL, approved_by = NULL, approved_at = NULL WHERE id = $1",
        [planId],
      );
      break;
  }
  await touchVersioned(c, 'grid_plan', String(planId), version);
  await audit(c, {
    username,
    action: `grid_plan.${action}`,
    entity: 'grid_plan',
    entityId: String(planId),
    before: { status: plan.status, version },
    after: { status: (await getPlanRow(c, planId))!.status, reason, ...(action === 'approve' ? { submittedBy } : {}) },
  });
}

/** Who submitted the plan (null for a draft, or one submitted before this was recorded). */
async function submitterOf(c: Queryable, planId: number): Promise<string | null> {
  const { rows } = await c.query<{ submitted_by: string | null }>('SELECT submitted_by FROM grid_plan WHERE id = $1', [planId]);
  return rows[0]?.submitted_by ?? null;
}

/**
 * Publishes an approved plan in the caller's transaction; unprocessable, with the failures, when a
 * check fails. Asked again with the version it was published from (a retry whose answer was lost),
 * it answers that publish's report again and changes nothing.
 */
export async function publishPlan(c: Queryable, planId: number, version: number, username: string): Promise<PublishReport> {
  const earlier = await earlierPublish(c, planId, version);
  if (earlier) return earlier;
  const plan = await lockPlan(c, planId, version, ['approved'], 'publish');
  await rebuildCellGeometry(c, planId, null);
  requirePassing(await validatePlan(c, planId), 'publish');
  const today = await townToday(c); // old cells end and new ones start on the town's date

  const cells = await planCells(c, planId);
  const labels = publishedLabels(plan.communityCode, cells, await reservedLabels(c, plan.communityCode));
  const assigned = cells.map((cell, i) => ({ label: labels[i]!, code: codeOfLabel(plan.communityCode, labels[i])!, cellId: cell.id }));
  const { rows: old } = await c.query<{ id: number }>(
    "SELECT id::int AS id FROM grid_plan WHERE community_code = $1 AND status = 'published' AND id <> $2 FOR UPDATE",
    [plan.communityCode, planId],
  );
  const oldId = old[0]?.id ?? null;
  const retired =
    oldId === null
      ? []
      : (
          await c.query<{ id: number; code: string | null; label: string }>(
            'SELECT id::int AS id, code, label FROM grid_cell WHERE plan_id = $1 AND valid_to IS NULL ORDER BY code, id',
            [oldId],
          )
        ).rows;
  if (oldId !== null) {
    await c.query(
      `UPDATE grid_plan SET status = 'archived', archived_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND county_code = ${planCounty('$1')}`,
      [oldId],
    );
    await c.query(
      `UPDATE grid_cell SET valid_to = $2::date, version = version + 1, updated_at = now()
        WHERE plan_id = $1 AND county_code = ${planCounty('$1')} AND valid_to IS NULL`,
      [oldId, today],
    );
    await audit(c, {
      username,
      action: 'grid_plan.archive',
      entity: 'grid_plan',
      entityId: String(oldId),
      after: { status: 'archived', supersededBy: planId },
    });
  }
  await c.query(
    `UPDATE grid_cell g SET code = r.code, label = r.label, valid_from = $3::date, valid_to = NULL, version = g.version + 1, updated_at = now()
       FROM json_to_recordset($2::json) AS r(cell_id bigint, code text, label text)
      WHERE g.plan_id = $1 AND g.county_code = ${planCounty('$1')} AND g.id = r.cell_id`,
    [planId, JSON.stringify(assigned.map((a) => ({ cell_id: a.cellId, code: a.code, label: a.label }))), today],
  );
  await c.query(`UPDATE grid_plan SET status = 'published', published_at = now() WHERE id = $1 AND county_code = ${planCounty('$1')}`, [
    planId,
  ]);
  await touchVersioned(c, 'grid_plan', String(planId), version);

  const lineage = oldId === null ? [] : await recordLineage(c, oldId, planId);
  const responsibilities = oldId === null ? [] : await repoint(c, retired, lineage);
  const volunteerAreas = oldId === null ? [] : await repointVolunteerAreas(c, retired, lineage);
  const report: PublishReport = {
    codes: assigned,
    archivedPlanId: oldId,
    retiredCells: retired,
    lineage,
    responsibilities,
    volunteerAreas,
  };
  await c.query(
    `UPDATE grid_plan SET published_from_version = $2, publish_report = $3::jsonb WHERE id = $1 AND county_code = ${planCounty('$1')}`,
    [planId, version, JSON.stringify(report)],
  );
  await audit(c, {
    username,
    action: 'grid_plan.publish',
    entity: 'grid_plan',
    entityId: String(planId),
    before: { status: 'approved', version },
    after: { status: 'published', codes: assigned.map((a) => a.code), archivedPlanId: oldId, repointed: responsibilities.length },
  });
  return report;
}

/** The report of the publish this plan got from `version`, if it is still the published plan. */
async function earlierPublish(c: Queryable, planId: number, version: number): Promise<PublishReport | null> {
  // FOR UPDATE waits for a publish still running on the same plan and then sees its outcome.
  const { rows } = await c.query<{ report: PublishReport }>(
    `SELECT publish_report AS report FROM grid_plan
      WHERE id = $1 AND status = 'published' AND published_from_version = $2 AND publish_report IS NOT NULL FOR UPDATE`,
    [planId, version],
  );
  return rows[0]?.report ?? null;
}

async function recordLineage(c: Queryable, oldId: number, newId: number): Promise<PublishReport['lineage']> {
  const { rows } = await c.query<PublishReport['lineage'][number]>(
    `INSERT INTO cell_lineage (parent_cell_id, child_cell_id, county_code, building_count, households)
     SELECT o.cell_id, n.cell_id, o.county_code, count(*), coalesce(sum(b.households), 0)
       FROM cell_building o JOIN cell_building n ON n.building_code = o.building_code AND n.county_code = o.county_code AND n.plan_id = $2
       JOIN building b ON b.code = o.building_code AND b.county_code = o.county_code
      WHERE o.plan_id = $1
      GROUP BY o.cell_id, n.cell_id, o.county_code
     RETURNING parent_cell_id::int AS "parentCellId", child_cell_id::int AS "childCellId", building_count AS "buildingCount", households`,
    [oldId, newId],
  );
  const codes = new Map(
    (
      await c.query<{ id: number; code: string }>('SELECT id::int AS id, code FROM grid_cell WHERE plan_id IN ($1, $2)', [oldId, newId])
    ).rows.map((r) => [r.id, r.code]),
  );
  return rows
    .map((r) => ({ ...r, parentCode: codes.get(r.parentCellId) ?? null, childCode: codes.get(r.childCellId)! }))
    .sort((a, b) => (a.parentCode ?? '').localeCompare(b.parentCode ?? '') || b.households - a.households);
}

/** The child that took most of each parent's households (then most buildings, then lowest code). */
export function heirs(lineage: PublishReport['lineage']): Map<number, { id: number; code: string }> {
  const best = new Map<number, PublishReport['lineage'][number]>();
  for (const l of lineage) {
    const current = best.get(l.parentCellId);
    if (
      !current ||
      l.households > current.households ||
      (l.households === current.households &&
        (l.buildingCount > current.buildingCount || (l.buildingCount === current.buildingCount && l.childCode < current.childCode)))
    ) {
      best.set(l.parentCellId, l);
    }
  }
  return new Map([...best].map(([parent, l]) => [parent, { id: l.childCellId, code: l.childCode }]));
}

async function repoint(
  c: Queryable,
  retired: PublishReport['retiredCells'],
  lineage: PublishReport['lineage'],
): Promise<RepointedResponsibility[]> {
  const heirOf = heirs(lineage);
  const { rows } = await c.query<{ id: number; cellId: number; personId: number; role: string; name: string; county: string }>(
    `SELECT a.id::int AS id, a.cell_id::int AS "cellId", a.person_id::int AS "personId", a.role, p.name, a.county_code AS county
       FROM cell_assignment a JOIN person p ON p.id = a.person_id AND p.county_code = a.county_code
      WHERE a.valid_to IS NULL AND a.cell_id IN (SELECT json_array_elements_text($1::json)::bigint)
      ORDER BY a.cell_id, a.role, a.id`,
    [JSON.stringify(retired.map((r) => r.id))],
  );
  const codeOf = new Map(retired.map((r) => [r.id, r.code]));
  const out: RepointedResponsibility[] = [];
  const today = await townToday(c);
  for (const a of rows) {
    await c.query(
      'UPDATE cell_assignment SET valid_to = $2::date, version = version + 1, updated_at = now() WHERE id = $1 AND county_code = $3',
      [a.id, today, a.county],
    );
    const heir = heirOf.get(a.cellId) ?? null;
    const entry: RepointedResponsibility = {
      assignmentId: a.id,
      personId: a.personId,
      personName: a.name,
      role: a.role,
      fromCell: { id: a.cellId, code: codeOf.get(a.cellId) ?? null },
      toCell: heir,
      newAssignmentId: null,
    };
    if (heir === null) {
      entry.note = msg('grid.publish.no_successor');
    } else {
      const inserted = await c.query<{ id: number }>(
        `INSERT INTO cell_assignment (cell_id, county_code, person_id, role, valid_from)
         SELECT $1, $5, $2, $3, $4::date
          WHERE NOT EXISTS (SELECT 1 FROM cell_assignment
                             WHERE cell_id = $1 AND county_code = $5 AND person_id = $2 AND role = $3 AND valid_to IS NULL)
         RETURNING id::int AS id`,
        [heir.id, a.personId, a.role, today, a.county],
      );
      entry.newAssignmentId = inserted.rows[0]?.id ?? null;
      if (!inserted.rows[0]) entry.note = msg('grid.publish.already_assigned', { role: a.role, cell: heir.code });
    }
    out.push(entry);
  }
  return out;
}

async function repointVolunteerAreas(
  c: Queryable,
  retired: PublishReport['retiredCells'],
  lineage: PublishReport['lineage'],
): Promise<PublishReport['volunteerAreas']> {
  const heirOf = heirs(lineage);
  const heirByCode = new Map(retired.filter((r) => r.code !== null).map((r) => [r.code!, heirOf.get(r.id)?.code ?? null]));
  if (heirByCode.size === 0) return [];
  const { rows } = await c.query<{ teamId: number; code: string }>(
    `SELECT team_id::int AS "teamId", cell_code AS code FROM volunteer_team_area WHERE cell_code IN (SELECT json_array_elements_text($1::json)) ORDER BY team_id, cell_code`,
    [JSON.stringify([...heirByCode.keys()])],
  );
  const moves = rows.map((r) => ({ teamId: r.teamId, fromCode: r.code, toCode: heirByCode.get(r.code) ?? null }));
  const changed = moves.filter((m) => m.toCode !== null && m.toCode !== m.fromCode);
  // One statement, so a chain (001 → 002, 002 → 003) moves each area once, from its old code.
  if (changed.length > 0) {
    await c.query(
      `UPDATE volunteer_team_area v SET cell_code = m.to_code
         FROM json_to_recordset($1::json) AS m(team_id bigint, from_code text, to_code text)
        WHERE v.team_id = m.team_id AND v.cell_code = m.from_code`,
      [JSON.stringify(changed.map((m) => ({ team_id: m.teamId, from_code: m.fromCode, to_code: m.toCode })))],
    );
  }
  return moves;
}
