/** Where every community's grid plans stand (the community picker's badges), in one statement. */
import type { Queryable } from './pool';
import type { CommunityPlanStatus } from '../contract/grid-plans';
import type { Scope } from '../domain/access/scope';
import { scopeParams, scopeSql } from './scope';

/** Per community: open plans by status, and the published plan's out-of-range cells and unassigned buildings. */
export async function communityPlanStatuses(c: Queryable, scope: Scope = null): Promise<CommunityPlanStatus[]> {
  const { rows } = await c.query<CommunityPlanStatus>(
    `WITH plans AS (
       SELECT county_code, community_code,
              count(*) FILTER (WHERE status = 'draft')::int AS drafts,
              count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
              count(*) FILTER (WHERE status = 'approved')::int AS approved,
              count(*) FILTER (WHERE status = 'rejected')::int AS returned,
              max(id) FILTER (WHERE status = 'published') AS published
         FROM grid_plan WHERE ${scopeSql('community_code', '$1', '$2')} GROUP BY county_code, community_code),
     cell_households AS (
       SELECT g.county_code, g.plan_id, coalesce(sum(b.households), 0) AS households
         FROM grid_cell g JOIN plans ON plans.published = g.plan_id AND plans.county_code = g.county_code
         LEFT JOIN cell_building cb ON cb.cell_id = g.id AND cb.county_code = g.county_code
         LEFT JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code
        GROUP BY g.county_code, g.id, g.plan_id),
     out_of_range AS (
       SELECT h.county_code, h.plan_id, count(*)::int AS n
         FROM cell_households h JOIN grid_plan p ON p.id = h.plan_id AND p.county_code = h.county_code
        WHERE h.households < p.min_households OR h.households > p.max_households GROUP BY h.county_code, h.plan_id),
     unassigned AS (
       SELECT b.county_code, b.community_code, count(*)::int AS n FROM building b
         LEFT JOIN plans ON plans.community_code = b.community_code AND plans.county_code = b.county_code
        WHERE ${scopeSql('b.community_code', '$1', '$2')} AND NOT EXISTS (SELECT 1 FROM cell_building cb
                           WHERE cb.plan_id = plans.published AND cb.building_code = b.code AND cb.county_code = b.county_code)
        GROUP BY b.county_code, b.community_code)
     SELECT m.code AS "communityCode", coalesce(p.drafts, 0) AS drafts, coalesce(p.submitted, 0) AS submitted,
            coalesce(p.approved, 0) AS approved, coalesce(p.returned, 0) AS returned,
            p.published::int AS "publishedPlanId", coalesce(o.n, 0) AS "outOfRangeCells", coalesce(u.n, 0) AS "unassignedBuildings"
       FROM community m
       LEFT JOIN plans p ON p.community_code = m.code AND p.county_code = m.county_code
       LEFT JOIN out_of_range o ON o.plan_id = p.published AND o.county_code = p.county_code
       LEFT JOIN unassigned u ON u.community_code = m.code AND u.county_code = m.county_code
      WHERE ${scopeSql('m.code', '$1', '$2')}
      ORDER BY m.code`,
    scopeParams(scope),
  );
  return rows;
}
