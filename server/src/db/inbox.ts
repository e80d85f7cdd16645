/** The queries behind the to-do inbox: plans waiting on someone, unstaffed cells, projects due. */
import type { InboxItem } from '../contract/inbox';
import type { Queryable } from './pool';
import { PROJECT_FINISH_SQL } from './projects';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';

const STAMP = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

/** Grid plans in one status (submitted: waiting for approval; rejected: returned to the planners), oldest first. */
export async function plansWaiting(c: Queryable, status: 'submitted' | 'rejected', scope: Scope = null): Promise<InboxItem[]> {
  const { rows } = await c.query<InboxItem>(
    `SELECT CASE WHEN $1 = 'submitted' THEN 'plan_submitted' ELSE 'plan_returned' END AS kind,
            p.community_code AS "communityCode", c.name AS "communityName", p.id::int AS "planId",
            NULL::int AS "projectId", p.name, 1 AS count,
            to_char(COALESCE(p.submitted_at, p.updated_at) AT TIME ZONE 'UTC', ${STAMP}) AS since
       FROM grid_plan p JOIN community c ON c.code = p.community_code AND c.county_code = p.county_code
      WHERE p.status = $1 AND ${scopeSql('p.community_code', '$2', '$3')}
      ORDER BY COALESCE(p.submitted_at, p.updated_at), p.id`,
    [status, ...scopeParams(scope)],
  );
  return rows;
}

/** Per community, the current cells of its published plan that have no grid worker today. */
export async function unstaffedCells(c: Queryable, today: string, scope: Scope = null): Promise<InboxItem[]> {
  const { rows } = await c.query<InboxItem>(
    `SELECT 'cells_unstaffed' AS kind, p.community_code AS "communityCode", c.name AS "communityName",
            p.id::int AS "planId", NULL::int AS "projectId", '' AS name, count(*)::int AS count, NULL AS since
       FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code JOIN community c ON c.code = p.community_code AND c.county_code = p.county_code
      WHERE p.status = 'published' AND g.valid_to IS NULL AND ${scopeSql('p.community_code', '$2', '$3')}
        AND NOT EXISTS (SELECT 1 FROM cell_assignment a
                         WHERE a.cell_id = g.id AND a.county_code = g.county_code AND a.role = 'grid_worker' AND a.valid_from <= $1::date
                           AND (a.valid_to IS NULL OR a.valid_to > $1::date))
      GROUP BY p.community_code, c.name, p.id
      ORDER BY p.community_code`,
    [today, ...scopeParams(scope)],
  );
  return rows;
}

/**
 * Projects not yet delivered whose planned finish (or, without one, the end of the planned
 * year) falls in the town's current year (due) or has passed (overdue).
 */
export async function projectsDue(c: Queryable, today: string, scope: Scope = null): Promise<InboxItem[]> {
  const { rows } = await c.query<InboxItem>(
    `SELECT CASE WHEN f.finish < $1::date THEN 'project_overdue' ELSE 'project_due' END AS kind,
            p.community_code AS "communityCode", c.name AS "communityName", NULL::int AS "planId",
            p.id::int AS "projectId", o.name, 1 AS count, p.planned_year::text AS since
       FROM facility_project p JOIN facility_option o ON o.id = p.option_id AND o.county_code = p.county_code JOIN community c ON c.code = p.community_code AND c.county_code = p.county_code
            CROSS JOIN LATERAL (SELECT ${PROJECT_FINISH_SQL} AS finish) f
      WHERE p.status IN ('planned', 'in_progress') AND extract(year FROM f.finish) <= extract(year FROM $1::date)
        AND ${scopeSql('p.community_code', '$2', '$3')}
      ORDER BY f.finish, p.community_code, o.code`,
    [today, ...scopeParams(scope)],
  );
  return rows;
}
