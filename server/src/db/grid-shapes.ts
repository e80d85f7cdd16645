/**
 * The spatial questions the hand edits ask: which buildings a drawn outline holds, how a line
 * divides a cell's buildings, and which buildings a selection of codes or compounds names. Drawn
 * shapes arrive as checked coordinate arrays and reach PostGIS as WKT built from numbers only;
 * an invalid shape is refused with PostGIS's own reason and location (never repaired).
 */
import type { Queryable } from './pool';
import { invalid, unprocessable } from '../domain/errors';
import { OVERLAY_GRID_DEGREES } from './grid-plans';
import { type Position, type ShapeCheck, checkLine, checkPolygonRings } from '../domain/grid-edit/outline';

/** Footprint area on each side of an outline above which the outline cuts the building. */
const CUT_TOLERANCE_M2 = 1;

const pos = (p: Position) => `${p[0]} ${p[1]}`;

function polygonWkt(rings: readonly (readonly Position[])[]): string {
  return `POLYGON(${rings.map((ring) => `(${ring.map(pos).join(',')})`).join(',')})`;
}

function lineWkt(positions: readonly Position[]): string {
  return `LINESTRING(${positions.map(pos).join(',')})`;
}

/** Refuses a shape PostGIS finds invalid, naming the reason and where (lng, lat). */
async function requireValid(c: Queryable, wkt: string, field: string): Promise<void> {
  const { rows } = await c.query<{ valid: boolean; reason: string | null; lng: number | null; lat: number | null }>(
    `SELECT (d).valid, (d).reason, ST_X((d).location)::float8 AS lng, ST_Y((d).location)::float8 AS lat
       FROM (SELECT ST_IsValidDetail(ST_GeomFromText($1, 4326)) AS d) s`,
    [wkt],
  );
  const r = rows[0];
  if (!r.valid) {
    // PostGIS names the problem in English ("Self-intersection"): a name, passed on as is.
    const location = r.lng !== null && r.lat !== null ? [+r.lng.toFixed(7), +r.lat.toFixed(7)] : null;
    throw invalid('grid.shape.invalid', { field, reason: r.reason ?? 'invalid', location }, { field, reason: r.reason, location });
  }
}

/** Refuses a shape that breaks one of the structural rules, naming the rule and where. */
function requireShape(check: ShapeCheck): void {
  if (!check.valid) throw invalid(`grid.shape.${check.reason}`, check.params, { field: check.where, reason: check.reason });
}

/** Checks a drawn outline and returns the community's buildings whose point-on-surface lies inside it. */
export async function buildingsInsideOutline(
  c: Queryable,
  communityCode: string,
  rings: readonly (readonly Position[])[],
  field: string,
): Promise<string[]> {
  requireShape(checkPolygonRings(rings, `${field}.coordinates`));
  const wkt = polygonWkt(rings);
  await requireValid(c, wkt, field);
  const { rows } = await c.query<{ inside: boolean; codes: string[] | null }>(
    `WITH outline AS (SELECT ST_GeomFromText($2, 4326) AS geom)
     SELECT ST_Intersects(outline.geom, c.geom) AS inside,
            (SELECT array_agg(b.code ORDER BY b.code) FROM building b
              WHERE b.community_code = c.code AND b.geom && outline.geom AND ST_Within(ST_PointOnSurface(b.geom), outline.geom)) AS codes
       FROM community c, outline WHERE c.code = $1`,
    [communityCode, wkt],
  );
  if (!rows[0]?.inside) throw invalid('grid.shape.outside_community', { field, community: communityCode }, { field });
  return rows[0].codes ?? [];
}

/** Most buildings an outline-cut refusal names in its message (details list them all). */
const CUT_LISTED = 10;

/**
 * Refuses an outline (already checked by buildingsInsideOutline) that cuts a building of the
 * community: more than 1 m² of its footprint on each side. Cells never cut buildings, and a drawn
 * outline becomes a cell's boundary. Returns the outline as WKT.
 */
export async function requireWholeBuildings(c: Queryable, communityCode: string, rings: readonly (readonly Position[])[]): Promise<string> {
  const wkt = polygonWkt(rings);
  const { rows } = await c.query<{ code: string; place: string }>(
    `WITH outline AS (SELECT ST_GeomFromText($2, 4326) AS geom)
     SELECT b.code, coalesce(nullif(b.address, ''), nullif(b.name, ''), b.code) AS place
       FROM building b, outline
      WHERE b.community_code = $1 AND b.geom && outline.geom AND NOT ST_Within(b.geom, outline.geom)
        AND ST_Area(ST_Intersection(b.geom, outline.geom, ${OVERLAY_GRID_DEGREES})::geography) > ${CUT_TOLERANCE_M2}
        AND ST_Area(ST_Difference(b.geom, outline.geom, ${OVERLAY_GRID_DEGREES})::geography) > ${CUT_TOLERANCE_M2}
      ORDER BY b.code`,
    [communityCode, wkt],
  );
  if (rows.length > 0) {
    throw unprocessable(
      'grid.edit.outline_cuts_buildings',
      { buildings: rows.slice(0, CUT_LISTED).map((r) => r.place), count: rows.length },
      { buildings: rows.map((r) => r.code) },
    );
  }
  return wkt;
}

/**
 * Divides the buildings of cell `label` by a line: the cell's outline is split along it and each
 * building goes with the piece holding its point-on-surface. Groups come largest (households) first.
 */
export async function splitGroups(
  c: Queryable,
  planId: number,
  label: string,
  positions: readonly Position[],
  field: string,
): Promise<string[][]> {
  requireShape(checkLine(positions, `${field}.coordinates`));
  const wkt = lineWkt(positions);
  await requireValid(c, wkt, field);
  const { rows } = await c.query<{ code: string; households: number; piece: number | null }>(
    `WITH cell AS (SELECT id, geom FROM grid_cell WHERE plan_id = $1 AND label = $2),
          piece AS (SELECT row_number() OVER () AS n, d.geom FROM cell, ST_Dump(ST_Split(cell.geom, ST_GeomFromText($3, 4326))) d)
     SELECT b.code, b.households,
            (SELECT n FROM piece ORDER BY ST_Distance(piece.geom, ST_PointOnSurface(b.geom)), n LIMIT 1)::int AS piece
       FROM cell JOIN cell_building cb ON cb.cell_id = cell.id JOIN building b ON b.code = cb.building_code
      ORDER BY b.code`,
    [planId, label, wkt],
  );
  if (rows.length === 0) {
    const { rows: held } = await c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id WHERE g.plan_id = $1 AND g.label = $2',
      [planId, label],
    );
    // A PostGIS failure, not something the line's author can fix: an internal error.
    if (held[0].n > 0) throw new Error(`PostGIS could not split cell ${label} of plan ${planId}`);
  }
  const groups = new Map<number, { codes: string[]; households: number }>();
  for (const r of rows) {
    const g = groups.get(r.piece ?? 0) ?? { codes: [], households: 0 };
    g.codes.push(r.code);
    g.households += r.households;
    groups.set(r.piece ?? 0, g);
  }
  return [...groups.values()].sort((a, b) => b.households - a.households || a.codes[0].localeCompare(b.codes[0])).map((g) => g.codes);
}

/** The buildings named by codes and by compounds, all of which must be in the community. */
export async function selectedBuildings(
  c: Queryable,
  communityCode: string,
  buildings: readonly string[],
  compounds: readonly string[],
): Promise<string[]> {
  const { rows } = await c.query<{ code: string; community: string | null; kind: 'building' | 'compound'; members: string[] | null }>(
    `SELECT r.code, b.community_code AS community, 'building' AS kind, NULL::text[] AS members
       FROM json_array_elements_text($1::json) AS r(code) LEFT JOIN building b ON b.code = r.code
     UNION ALL
     SELECT r.code, k.community_code, 'compound',
            (SELECT array_agg(b.code ORDER BY b.code) FROM building b WHERE b.compound_code = r.code AND b.community_code = $3)
       FROM json_array_elements_text($2::json) AS r(code) LEFT JOIN compound k ON k.code = r.code`,
    [JSON.stringify(buildings), JSON.stringify(compounds), communityCode],
  );
  const foreign = rows.filter((r) => r.community !== communityCode);
  if (foreign.length > 0) {
    // The first ten of each kind name the problem; details list them all.
    const codesOf = (kind: 'building' | 'compound') =>
      foreign
        .filter((r) => r.kind === kind)
        .slice(0, 10)
        .map((r) => r.code);
    throw invalid(
      'grid.edit.not_in_community',
      { community: communityCode, buildings: codesOf('building'), compounds: codesOf('compound'), count: foreign.length },
      { unknown: foreign.map((r) => ({ kind: r.kind, code: r.code })) },
    );
  }
  const codes = new Set<string>();
  for (const r of rows) {
    if (r.kind === 'building') codes.add(r.code);
    else for (const code of r.members ?? []) codes.add(code);
  }
  return [...codes].sort();
}
