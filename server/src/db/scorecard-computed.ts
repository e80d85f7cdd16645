/**
 * Indicators Gridplan computes from its own registers instead of asking staff to enter them.
 * They describe the registers as they are now, so they stand for the current plan year only.
 */
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
                 WHERE a.cell_id = g.id AND a.valid_to IS NULL AND a.role IN ('grid_leader', 'grid_worker')))::int AS staffed
         FROM grid_plan p JOIN grid_cell g ON g.plan_id = p.id
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
 * Mediation rate and mediation success rate per community for a year, to be computed from the
 * dispute register. The register does not exist yet, so every community answers null and the
 * scorecard uses the entered values; once it exists this function computes the rates from it
 * and the two keys join COMPUTED_KEYS.
 */
export async function computedMediationRates(c: Queryable, year: number): Promise<Map<string, MediationRates>> {
  void year;
  const { rows } = await c.query<{ code: string }>('SELECT code FROM community ORDER BY code');
  return new Map(rows.map((r) => [r.code, { mediation_rate: null, mediation_success_rate: null }]));
}
