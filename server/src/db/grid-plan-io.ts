/**
 * Queries of grid plans as a layer (data/grid-plan-layer.ts): the cells of the plans to export,
 * with their buildings; the community of each building a file names; and a new plan written
 * with its cells, their codes, their buildings and their drawn outlines (claims).
 */
import type { Queryable } from './pool';
import { OVERLAY_GRID_DEGREES as GRID, rebuildCellGeometry } from './grid-plans';

/** Plans that travel: the one in force and those still being worked on. */
export const EXPORTED_STATUSES = ['published', 'approved', 'submitted', 'draft'] as const;

export interface ExportedCell {
  communityCode: string;
  planId: number;
  planName: string;
  planStatus: string;
  minHouseholds: number;
  maxHouseholds: number;
  code: string | null;
  label: string;
  households: number;
  buildingCodes: string[];
  /** GeoJSON text, 9 decimals; null for a cell without buildings. */
  geometry: string | null;
  /** The cell's claim (drawn outline) as GeoJSON text, 9 decimals like the claims' own grid; null when it has none. */
  drawnOutline: string | null;
}

/** Cells of the exported plans of one community (or all), the published plan of each community first. */
export async function exportedCells(c: Queryable, community: string | null): Promise<ExportedCell[]> {
  const { rows } = await c.query<ExportedCell>(
    `SELECT p.community_code AS "communityCode", p.id::int AS "planId", p.name AS "planName", p.status AS "planStatus",
            p.min_households AS "minHouseholds", p.max_households AS "maxHouseholds", g.code, g.label, coalesce(s.households, 0)::int AS households, coalesce(s.codes, ARRAY[]::text[]) AS "buildingCodes",
            ST_AsGeoJSON(g.geom, 9) AS geometry, ST_AsGeoJSON(k.geom, 9) AS "drawnOutline"
       FROM grid_plan p JOIN grid_cell g ON g.plan_id = p.id AND g.county_code = p.county_code
       LEFT JOIN grid_cell_claim k ON k.cell_id = g.id AND k.county_code = g.county_code
       LEFT JOIN LATERAL (
         SELECT sum(b.households) AS households, array_agg(b.code ORDER BY b.code) AS codes
           FROM cell_building cb JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code WHERE cb.cell_id = g.id AND cb.county_code = g.county_code
       ) s ON true
      WHERE p.status = ANY($2::text[]) AND ($1::text IS NULL OR p.community_code = $1)
      ORDER BY p.community_code, p.status <> 'published', p.id, g.id`,
    [community, EXPORTED_STATUSES],
  );
  return rows;
}

/** The community of each of `codes` that exists. */
export async function communitiesOfBuildings(c: Queryable, codes: string[]): Promise<Map<string, string>> {
  const { rows } = await c.query<{ code: string; community: string }>(
    'SELECT code, community_code AS community FROM building WHERE code = ANY($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.community]));
}

export interface NewPlanCell {
  label: string;
  code: string | null;
  buildings: string[];
  /** The cell's drawn outline as GeoJSON text (checked), or null. */
  drawnOutline: string | null;
}

/**
 * Writes a new draft plan with its cells, buildings and drawn outlines (clipped to the community,
 * as drawing does), then draws the cells from their atoms and claims; returns its id and version.
 */
export async function insertPlanWithCells(
  c: Queryable,
  plan: { communityCode: string; name: string; minHouseholds: number; maxHouseholds: number; username: string | null },
  cells: NewPlanCell[],
): Promise<{ id: number; version: number }> {
  const { rows } = await c.query<{ id: number; version: number }>(
    `INSERT INTO grid_plan (community_code, county_code, name, min_households, max_households, created_by)
     VALUES ($1, left($1, 6), $2, $3, $4, $5) RETURNING id::int AS id, version`,
    [plan.communityCode, plan.name, plan.minHouseholds, plan.maxHouseholds, plan.username],
  );
  const { id } = rows[0];
  await c.query(
    `INSERT INTO grid_cell (plan_id, county_code, label, code)
     SELECT $1, left($3, 6), r.label, r.code FROM json_to_recordset($2::json) AS r(label text, code text)`,
    [id, JSON.stringify(cells.map(({ label, code }) => ({ label, code }))), plan.communityCode],
  );
  await c.query(
    `INSERT INTO cell_building (plan_id, building_code, county_code, cell_id)
     SELECT $1, r.building, g.county_code, g.id FROM json_to_recordset($2::json) AS r(building text, label text)
       JOIN grid_cell g ON g.plan_id = $1 AND g.county_code = left($3, 6) AND g.label = r.label`,
    [id, JSON.stringify(cells.flatMap((cell) => cell.buildings.map((building) => ({ building, label: cell.label })))), plan.communityCode],
  );
  const outlines = cells.filter((cell) => cell.drawnOutline !== null).map(({ label, drawnOutline }) => ({ label, outline: drawnOutline }));
  if (outlines.length > 0) {
    await c.query(
      `INSERT INTO grid_cell_claim (cell_id, county_code, geom)
       SELECT g.id, g.county_code, s.geom
         FROM json_to_recordset($2::json) AS r(label text, outline text)
         JOIN grid_cell g ON g.plan_id = $1 AND g.label = r.label AND g.county_code = left($3, 6)
         JOIN community m ON m.code = $3 AND m.county_code = g.county_code,
              LATERAL (SELECT ST_Multi(ST_CollectionExtract(
                                ST_Intersection(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(r.outline)), 4326), m.geom, ${GRID}), 3)) AS geom) s
        WHERE NOT ST_IsEmpty(s.geom)`,
      [id, JSON.stringify(outlines), plan.communityCode],
    );
  }
  await rebuildCellGeometry(c, id, null);
  return rows[0];
}

/** Marks an imported plan approved by `username`, ready for the publish transaction; returns its new version. */
export async function approveImported(c: Queryable, planId: number, username: string | null): Promise<number> {
  const { rows } = await c.query<{ version: number }>(
    `UPDATE grid_plan SET status = 'approved', submitted_at = now(), approved_by = $2, approved_at = now(),
                          version = version + 1, updated_at = now()
      WHERE id = $1 RETURNING version`,
    [planId, username],
  );
  return rows[0].version;
}

/** A drawn outline of a file's cell, as GeoJSON text. */
export interface FileOutline {
  feature: number;
  label: string;
  outline: string;
}

/** The outlines PostGIS finds invalid, with its reason and where (lng, lat). */
export async function invalidDrawnOutlines(
  c: Queryable,
  outlines: readonly FileOutline[],
): Promise<{ feature: number; reason: string; location: [number, number] | null }[]> {
  const { rows } = await c.query<{ feature: number; reason: string | null; lng: number | null; lat: number | null }>(
    `SELECT r.feature, (v.d).reason, ST_X((v.d).location)::float8 AS lng, ST_Y((v.d).location)::float8 AS lat
       FROM json_to_recordset($1::json) AS r(feature int, outline text),
            LATERAL (SELECT ST_IsValidDetail(ST_GeomFromGeoJSON(r.outline)) AS d) v
      WHERE NOT (v.d).valid ORDER BY r.feature`,
    [JSON.stringify(outlines)],
  );
  // PostGIS names the problem in English ("Self-intersection"): a name, passed on as is.
  return rows.map((r) => ({
    feature: r.feature,
    reason: r.reason ?? 'invalid',
    location: r.lng !== null && r.lat !== null ? [+r.lng.toFixed(7), +r.lat.toFixed(7)] : null,
  }));
}

/** Footprint area (m²) of a building another cell's drawn outline may cover, as an outline may cut a building by. */
const COVERED_TOLERANCE_M2 = 1;
/** Area (m²) by which two drawn outlines of one plan may overlap: the rounding of the file's coordinates. */
const OVERLAP_TOLERANCE_M2 = 0.01;

/**
 * Two (valid) outlines of one plan that overlap, and outlines covering a building another cell of
 * the plan holds (building set): the feature, its cell, the other cell and the area in m².
 */
export async function drawnOutlineConflicts(
  c: Queryable,
  community: string,
  outlines: readonly FileOutline[],
  cells: readonly { label: string; buildings: string[] }[],
): Promise<{ feature: number; label: string; otherLabel: string; building: string | null; areaM2: number }[]> {
  const { rows } = await c.query<{ feature: number; label: string; otherLabel: string; building: string | null; areaM2: number }>(
    `WITH k AS (SELECT r.feature, r.label, ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(r.outline)), 4326) AS geom
                  FROM json_to_recordset($2::json) AS r(feature int, label text, outline text)),
          held AS (SELECT r.label, b.building FROM json_to_recordset($3::json) AS r(label text, buildings json),
                          json_array_elements_text(r.buildings) AS b(building)),
          conflict AS (
            SELECT x.feature, x.label, y.label AS other, NULL::text AS building,
                   ST_Area(ST_Intersection(x.geom, y.geom, ${GRID})::geography) AS m2
              FROM k x JOIN k y ON x.feature < y.feature AND x.geom && y.geom
            UNION ALL
            SELECT k.feature, k.label, held.label, b.code, ST_Area(ST_Intersection(b.geom, k.geom, ${GRID})::geography)
              FROM k JOIN building b ON b.community_code = $1 AND b.county_code = left($1, 6) AND b.geom && k.geom
              JOIN held ON held.building = b.code AND held.label <> k.label)
     SELECT feature, label, other AS "otherLabel", building, round(m2::numeric, 2)::float8 AS "areaM2" FROM conflict
      WHERE m2 > CASE WHEN building IS NULL THEN ${OVERLAP_TOLERANCE_M2} ELSE ${COVERED_TOLERANCE_M2} END
      ORDER BY feature, building NULLS FIRST, other`,
    [community, JSON.stringify(outlines), JSON.stringify(cells.map(({ label, buildings }) => ({ label, buildings })))],
  );
  return rows;
}
