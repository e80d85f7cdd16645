/**
 * What a community discloses publicly (居务公开): its published cells with their grid workers'
 * names, the office phone, the approved facility plan and the latest grade. Queries here select
 * only public columns: no resident, no personal phone, no case.
 */
import type { Queryable } from './pool';

export async function officeOf(c: Queryable, code: string): Promise<{ phone: string; address: string } | undefined> {
  const { rows } = await c.query<{ phone: string; address: string }>(
    'SELECT phone, address FROM community_office WHERE community_code = $1',
    [code],
  );
  return rows[0];
}

export interface PublicCellRow {
  code: string;
  label: string;
  households: number;
  gridWorkers: string[];
  geometry: string | null;
}

/** The cells of the community's published plan, outlines to 6 decimals. */
export async function publishedCells(c: Queryable, code: string): Promise<PublicCellRow[]> {
  const { rows } = await c.query<Omit<PublicCellRow, 'gridWorkers'> & { gridWorkers: string }>(
    `SELECT g.code, g.label,
            coalesce((SELECT sum(b.households) FROM cell_building cb JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code WHERE cb.cell_id = g.id AND cb.county_code = g.county_code), 0)::int AS households,
            coalesce((SELECT json_agg(pe.name ORDER BY CASE a.role WHEN 'grid_leader' THEN 0 ELSE 1 END, pe.name, pe.id)
                        FROM cell_assignment a JOIN person pe ON pe.id = a.person_id AND pe.county_code = a.county_code
                       WHERE a.cell_id = g.id AND a.county_code = g.county_code AND a.valid_to IS NULL AND a.role IN ('grid_leader', 'grid_worker')), '[]'::json)::text AS "gridWorkers",
            ST_AsGeoJSON(g.geom, 6) AS geometry
       FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code AND p.status = 'published'
      WHERE p.community_code = $1 AND g.valid_to IS NULL
      ORDER BY g.code`,
    [code],
  );
  return rows.map((r) => ({ ...r, gridWorkers: JSON.parse(r.gridWorkers) as string[] }));
}

export interface PublicProjectRow {
  name: string;
  method: string;
  plannedYear: number;
  status: 'planned' | 'in_progress' | 'delivered' | 'cancelled';
  netAreaM2: number;
}

/** The community's projects of the approved facility scenario (cancelled ones left out). */
export async function approvedProjects(c: Queryable, code: string): Promise<PublicProjectRow[]> {
  const { rows } = await c.query<PublicProjectRow>(
    `SELECT o.name, o.method, p.planned_year AS "plannedYear", p.status, (o.area_m2 - o.released_area_m2)::float8 AS "netAreaM2"
       FROM facility_project p JOIN facility_scenario s ON s.id = p.scenario_id AND s.status = 'approved'
       JOIN facility_option o ON o.id = p.option_id AND o.county_code = p.county_code
      WHERE p.community_code = $1 AND p.status <> 'cancelled'
      ORDER BY p.planned_year, o.code`,
    [code],
  );
  return rows;
}

/** The community's latest grade, if it has one. */
export async function latestGrade(
  c: Queryable,
  code: string,
): Promise<{ year: number; gradeClass: 'A' | 'B' | 'C'; gradeLevel: number } | undefined> {
  const { rows } = await c.query<{ year: number; gradeClass: 'A' | 'B' | 'C'; gradeLevel: number }>(
    `SELECT year, grade_class AS "gradeClass", grade_level AS "gradeLevel" FROM community_grade WHERE community_code = $1 ORDER BY year DESC LIMIT 1`,
    [code],
  );
  return rows[0];
}
