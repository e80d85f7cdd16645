/**
 * Indicators Gridplan computes from its own registers instead of asking staff to enter them.
 * They describe the registers as they are now, so they stand for the current plan year only.
 */
import { mediationRatesByCommunity } from './dispute-rates';
import type { Queryable } from './pool';

export interface ComputedValues {
  housing_standard: number | null;
  volunteer_categories: number | null;
  grid_staffing: number | null;
}

/**
 * Per community: housing standard (1 when the facility area reaches the required area, from the
 * community_status view), how many of the 8 volunteer categories have a team, and the share (%)
 * of the published plan's cells with an open grid leader or grid worker assignment (null without
 * a published plan).
 */
export async function computedIndicators(c: Queryable): Promise<Map<string, ComputedValues>> {
  const { rows } = await c.query<{ code: string } & ComputedValues>(
    `WITH cells AS (
       SELECT p.community_code, count(*)::int AS total,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM cell_assignment a
                 WHERE a.cell_id = g.id AND a.county_code = g.county_code AND a.valid_to IS NULL AND a.role IN ('grid_leader', 'grid_worker')))::int AS staffed
         FROM grid_plan p JOIN grid_cell g ON g.plan_id = p.id AND g.county_code = p.county_code
        WHERE p.status = 'published' AND g.valid_to IS NULL
        GROUP BY p.community_code
     ), teams AS (
       SELECT community_code, count(DISTINCT category)::int AS categories FROM volunteer_team GROUP BY community_code
     )
     SELECT s.code,
            CASE WHEN s.current_area_m2 >= s.required_area_m2 THEN 1 ELSE 0 END::float8 AS housing_standard,
            coalesce(t.categories, 0)::float8 AS volunteer_categories,
            CASE WHEN cells.total > 0 THEN 100.0 * cells.staffed / cells.total END::float8 AS grid_staffing
       FROM community_status s
       LEFT JOIN teams t ON t.community_code = s.code
       LEFT JOIN cells ON cells.community_code = s.code`,
  );
  return new Map(rows.map(({ code, ...values }) => [code, values]));
}

export interface MediationRates {
  mediation_rate: number | null;
  mediation_success_rate: number | null;
}

/**
 * Mediation rate and mediation success rate per community for a year, in percent, from the
 * dispute register. A community with no disputes reported that year answers null for both (and
 * one with none mediated null for the success rate), so the scorecard falls back to entered values.
 */
export async function computedMediationRates(c: Queryable, year: number): Promise<Map<string, MediationRates>> {
  const percent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);
  const rows = await mediationRatesByCommunity(c, year);
  return new Map(
    rows.map((r) => [r.communityCode, { mediation_rate: percent(r.mediationRate), mediation_success_rate: percent(r.successRate) }]),
  );
}
