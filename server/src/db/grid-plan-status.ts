/** Where every community's grid plans stand (the community picker's badges), in one statement. */
import type { Queryable } from './pool';
import type { CommunityPlanStatus } from '../contract/grid-plans';
import type { Scope } from '../domain/access/scope';
import { scopeParams, scopeSql } from './scope';

/** Per community: open plans by status, and the published plan's out-of-range cells and unassigned buildings. */
export async function communityPlanStatuses(c: Queryable, scope: Scope = null): Promise<CommunityPlanStatus[]> {
  const { rows } = await c.query<CommunityPlanStatus>(
    `WITH plans AS (
       SELECT community_code,
              count(*) FILTER (WHERE status = 'draft')::int AS drafts,
              count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
              count(*) FILTER (WHERE status = 'approved')::int AS approved,
              count(*) FILTER (WHERE status = 'rejected')::int AS returned,
              max(id) FILTER (WHERE status = 'published') AS published
         FROM grid_plan WHERE ${scopeSql('community_code', '$1', '$2')} GROUP BY community_code),
     cell_households AS (
       SELECT g.plan_id, coalesce(sum(b.households), 0) AS households
         FROM grid_cell g JOIN plans ON plans.published = g.plan_id
         LEFT JOIN cell_building cb ON cb.cell_id = g.id LEFT JOIN building b ON b.code = cb.building_code
        GROUP BY g.id, g.plan_id),
     out_of_range AS (
       SELECT h.plan_id, count(*)::int AS n FROM cell_households h JOIN grid_plan p ON p.id = h.plan_id
        WHERE h.households < p.min_households OR h.households > p.max_households GROUP BY h.plan_id),
     unassigned AS (
       SELECT b.community_code, count(*)::int AS n FROM building b
         LEFT JOIN plans ON plans.community_code = b.community_code
        WHERE ${scopeSql('b.community_code', '$1', '$2')} AND NOT EXISTS (SELECT 1 FROM cell_building cb WHERE cb.plan_id = plans.published AND cb.building_code = b.code)
        GROUP BY b.community_code)
     SELECT m.code AS "communityCode", coalesce(p.drafts, 0) AS drafts, coalesce(p.submitted, 0) AS submitted,
            coalesce(p.approved, 0) AS approved, coalesce(p.returned, 0) AS returned,
            p.published::int AS "publishedPlanId", coalesce(o.n, 0) AS "outOfRangeCells", coalesce(u.n, 0) AS "unassignedBuildings"
       FROM community m
       LEFT JOIN plans p ON p.community_code = m.code
       LEFT JOIN out_of_range o ON o.plan_id = p.published
       LEFT JOIN unassigned u ON u.community_code = m.code
      WHERE ${scopeSql('m.code', '$1', '$2')}
      ORDER BY m.code`,
    scopeParams(scope),
  );
  return rows;
}
