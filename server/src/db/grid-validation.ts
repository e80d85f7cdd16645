/**
 * The integrity checks of a grid plan, run in PostGIS on the stored cells: every building in
 * exactly one cell, cells within the household range and in one piece, and the cells tiling
 * the community with no gap, no overlap and nothing outside. Each problem carries what a map
 * needs to zoom to it. A plan with any error cannot be submitted, approved or published.
 */
import type { Queryable } from './pool';
import type { Problem, ProblemKind, Validation } from '../contract/grid-plans';
import { msg } from '../contract/messages';
import { notFound } from '../domain/errors';
import { components } from '../domain/grid/graph';
import { unitGraph } from '../domain/grid/contract';
import { OVERLAY_GRID_DEGREES, communityUnits, getPlanRow } from './grid-plans';
import { getSettings } from './settings';
import { polsbyPopper } from '../domain/grid/metrics';

/** Gap, overlap and outside parts smaller than this are floating-point slivers of the atom clipping. */
export const AREA_TOLERANCE_M2 = 1;
/** Problems listed per kind; the counts always cover all of them. */
const LIST_LIMIT = 100;

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

interface Located {
  lng: number;
  lat: number;
  bbox: [number, number, number, number];
}

const BBOX = (g: string) => `ARRAY[ST_XMin(${g}), ST_YMin(${g}), ST_XMax(${g}), ST_YMax(${g})]::float8[] AS bbox`;
const SPOT = (g: string) => `ST_X(ST_PointOnSurface(${g}))::float8 AS lng, ST_Y(ST_PointOnSurface(${g}))::float8 AS lat`;

async function buildingProblems(c: Queryable, planId: number, communityCode: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const unassigned = await c.query<Located & { code: string; place: string; households: number }>(
    `SELECT b.code, coalesce(nullif(b.address, ''), nullif(b.name, ''), b.code) AS place, b.households, ${SPOT('b.geom')}, ${BBOX('b.geom')}
       FROM building b
      WHERE b.community_code = $2
        AND NOT EXISTS (SELECT 1 FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code
                         WHERE cb.building_code = b.code AND cb.county_code = b.county_code AND cb.plan_id = $1 AND g.plan_id = $1)
      ORDER BY b.code`,
    [planId, communityCode],
  );
  for (const r of unassigned.rows) {
    problems.push({
      kind: 'unassigned',
      severity: 'error',
      // Shown by address (what a planner recognises); the code stays for zoom-to and lookups.
      ...msg('grid.problem.unassigned', { building: r.code, address: r.place, households: r.households }),
      buildings: [r.code],
      households: r.households,
      location: [r.lng, r.lat],
      bbox: r.bbox,
    });
  }
  const wrong = await c.query<Located & { code: string; labels: string[]; n: number; foreign: boolean; mismatch: boolean; atom: boolean }>(
    `SELECT cb.building_code AS code, array_agg(DISTINCT g.label) AS labels, count(*)::int AS n,
            bool_or(b.community_code <> $2) AS foreign, bool_or(cb.plan_id <> g.plan_id) AS mismatch,
            bool_and(EXISTS (SELECT 1 FROM building_atom a WHERE a.building_code = b.code AND a.county_code = b.county_code)) AS atom,
            ${SPOT('(array_agg(b.geom))[1]')}, ${BBOX('(array_agg(b.geom))[1]')}
       FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code
      WHERE cb.plan_id = $1 OR g.plan_id = $1
      GROUP BY cb.building_code
     HAVING count(*) > 1 OR bool_or(b.community_code <> $2) OR bool_or(cb.plan_id <> g.plan_id)
         OR NOT bool_and(EXISTS (SELECT 1 FROM building_atom a WHERE a.building_code = b.code AND a.county_code = b.county_code))`,
    [planId, communityCode],
  );
  for (const r of wrong.rows) {
    const at = { buildings: [r.code], cells: r.labels, location: [r.lng, r.lat] as [number, number], bbox: r.bbox };
    const params = { building: r.code, cells: r.labels };
    if (r.n > 1 || r.mismatch)
      problems.push({ kind: 'double_assigned', severity: 'error', ...msg('grid.problem.double_assigned', params), ...at });
    if (r.foreign) problems.push({ kind: 'foreign_building', severity: 'error', ...msg('grid.problem.foreign_building', params), ...at });
    if (!r.atom) problems.push({ kind: 'missing_atom', severity: 'error', ...msg('grid.problem.missing_atom', params), ...at });
  }
  return problems;
}

interface CellFacts extends Located {
  label: string;
  areaM2: number;
  perimeterM: number;
  households: number;
  n: number;
  parts: number;
  codes: string[];
  pieces: { areaM2: number; lng: number; lat: number }[] | null;
}

async function cellProblems(
  c: Queryable,
  planId: number,
  communityCode: string,
  min: number,
  max: number,
  minCompactness: number,
): Promise<Problem[]> {
  const { rows } = await c.query<CellFacts>(
    `SELECT g.label, coalesce(s.households, 0)::int AS households, coalesce(s.n, 0)::int AS n, coalesce(s.codes, ARRAY[]::text[]) AS codes,
            coalesce(ST_NumGeometries(g.geom), 0)::int AS parts,
            coalesce(ST_Area(g.geom::geography), 0)::float8 AS "areaM2", coalesce(ST_Perimeter(g.geom::geography), 0)::float8 AS "perimeterM",
            CASE WHEN ST_NumGeometries(g.geom) > 1 THEN
              (SELECT json_agg(json_build_object('areaM2', ST_Area(d.geom::geography), 'lng', ST_X(ST_PointOnSurface(d.geom)), 'lat', ST_Y(ST_PointOnSurface(d.geom))))
                 FROM ST_Dump(g.geom) d) END AS pieces,
            coalesce(ST_X(ST_PointOnSurface(g.geom)), 0)::float8 AS lng, coalesce(ST_Y(ST_PointOnSurface(g.geom)), 0)::float8 AS lat,
            ${BBOX('g.geom')}
       FROM grid_cell g
       LEFT JOIN LATERAL (SELECT sum(b.households) AS households, count(*) AS n, array_agg(b.code ORDER BY b.code) AS codes
                            FROM cell_building cb JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code WHERE cb.cell_id = g.id AND cb.county_code = g.county_code) s ON true
      WHERE g.plan_id = $1`,
    [planId],
  );
  const problems: Problem[] = [];
  const outOfRange = rows.filter((r) => r.n > 0 && (r.households < min || r.households > max));
  const exempt = outOfRange.length > 0 ? await unavoidable(c, communityCode, outOfRange, min, max) : new Map<string, Unavoidable>();
  for (const r of rows) {
    const at = { cells: [r.label], location: [r.lng, r.lat] as [number, number], bbox: r.bbox, households: r.households };
    if (r.n === 0) {
      problems.push({ kind: 'empty_cell', severity: 'error', ...msg('grid.problem.empty_cell', { cell: r.label }), cells: [r.label] });
      continue;
    }
    if (r.households < min || r.households > max) {
      const why = exempt.get(r.label);
      const params = { cell: r.label, households: r.households, min, max };
      problems.push({
        kind: 'out_of_range',
        severity: why ? 'warning' : 'error',
        ...(why ? msg(`grid.problem.out_of_range_${why.kind}`, { ...params, ...why.params }) : msg('grid.problem.out_of_range', params)),
        ...at,
      });
    }
    const compactness = polsbyPopper(r.areaM2, r.perimeterM);
    if (r.parts === 1 && compactness < minCompactness) {
      problems.push({
        kind: 'low_compactness',
        severity: 'warning',
        ...msg('grid.problem.low_compactness', { cell: r.label, compactness: round(compactness, 2), min: minCompactness }),
        ...at,
      });
    }
    if (r.parts > 1) {
      const pieces = (r.pieces ?? []).sort((a, b) => b.areaM2 - a.areaM2);
      const small = pieces[pieces.length - 1];
      problems.push({
        kind: 'non_contiguous',
        severity: 'error',
        ...msg('grid.problem.non_contiguous', { cell: r.label, pieces: r.parts, areasM2: pieces.map((p) => round(p.areaM2, 0)) }),
        ...at,
        areaM2: round(small?.areaM2 ?? 0),
        location: small ? [small.lng, small.lat] : at.location,
      });
    }
  }
  return problems;
}

/** Why a cell cannot be in range: its one building is over the maximum, or its buildings are all there is. */
interface Unavoidable {
  kind: 'building_over_max' | 'whole_community' | 'cut_off';
  params: { building?: string };
}

/**
 * Out-of-range cells no plan could avoid, with why: a single building above the maximum, or a
 * whole connected group of buildings (cut off from the rest) holding fewer than the minimum.
 */
async function unavoidable(
  c: Queryable,
  communityCode: string,
  cells: readonly CellFacts[],
  min: number,
  max: number,
): Promise<Map<string, Unavoidable>> {
  const { units, edges } = await communityUnits(c, communityCode);
  const graph = unitGraph(units, edges);
  const groupOf = new Map<string, number>();
  components(graph).forEach((group, g) => group.forEach((i) => groupOf.set(units[i].code, g)));
  const groupSize = new Map<number, number>();
  for (const g of groupOf.values()) groupSize.set(g, (groupSize.get(g) ?? 0) + 1);
  const why = new Map<string, Unavoidable>();
  for (const cell of cells) {
    if (cell.n === 1 && cell.households > max) why.set(cell.label, { kind: 'building_over_max', params: { building: cell.codes[0] } });
    const groups = new Set(cell.codes.map((code) => groupOf.get(code)));
    const [only] = groups;
    if (groups.size === 1 && only !== undefined && groupSize.get(only) === cell.n && cell.households < min) {
      why.set(cell.label, { kind: groupSize.size === 1 ? 'whole_community' : 'cut_off', params: {} });
    }
  }
  return why;
}

interface Part extends Located {
  kind: 'gap' | 'outside' | 'overlap';
  areaM2: number;
  cells: string[] | null;
}

async function tilingProblems(
  c: Queryable,
  planId: number,
  communityCode: string,
): Promise<{ problems: Problem[]; slivers: Validation['slivers'] }> {
  const grid = OVERLAY_GRID_DEGREES;
  const { rows } = await c.query<Part>(
    `WITH area AS (SELECT geom FROM community WHERE code = $2),
          cell AS (SELECT id, label, geom FROM grid_cell WHERE plan_id = $1 AND geom IS NOT NULL AND NOT ST_IsEmpty(geom)),
          covered AS (SELECT coalesce(ST_Union(geom, ${grid}), ST_GeomFromText('POLYGON EMPTY', 4326)) AS geom FROM cell),
          part AS (
            SELECT 'gap' AS kind, d.geom, NULL::text[] AS cells
              FROM area, covered, ST_Dump(ST_CollectionExtract(ST_Difference(area.geom, covered.geom, ${grid}), 3)) d
            UNION ALL
            SELECT 'outside', d.geom, NULL FROM area, covered, ST_Dump(ST_CollectionExtract(ST_Difference(covered.geom, area.geom, ${grid}), 3)) d
            UNION ALL
            SELECT 'overlap', d.geom, ARRAY[x.label, y.label]
              FROM cell x JOIN cell y ON x.id < y.id AND x.geom && y.geom AND ST_Relate(x.geom, y.geom, '2********'),
                   ST_Dump(ST_CollectionExtract(ST_Intersection(x.geom, y.geom, ${grid}), 3)) d)
     SELECT kind, cells, ST_Area(geom::geography)::float8 AS "areaM2", ${SPOT('geom')}, ${BBOX('geom')} FROM part
      WHERE NOT ST_IsEmpty(geom)
     UNION ALL
     -- A statement that silently produced nothing (see OVERLAY_GRID_DEGREES) must not read as "no gaps".
     SELECT 'done', NULL, 0, 0, 0, NULL`,
    [planId, communityCode],
  );
  if (!rows.some((r) => (r.kind as string) === 'done')) throw new Error(`the tiling check of plan ${planId} produced no answer`);
  const problems: Problem[] = [];
  const slivers = { count: 0, areaM2: 0 };
  for (const r of rows.filter((x) => (x.kind as string) !== 'done').sort((a, b) => b.areaM2 - a.areaM2)) {
    if (r.areaM2 < AREA_TOLERANCE_M2) {
      slivers.count++;
      slivers.areaM2 += r.areaM2;
      continue;
    }
    const areaM2 = round(r.areaM2, 1);
    const message =
      r.kind === 'overlap' ? msg('grid.problem.overlap', { cells: r.cells!, areaM2 }) : msg(`grid.problem.${r.kind}`, { areaM2 });
    problems.push({
      kind: r.kind,
      severity: 'error',
      ...message,
      areaM2: round(r.areaM2),
      location: [r.lng, r.lat],
      bbox: r.bbox,
      ...(r.cells ? { cells: r.cells } : {}),
    });
  }
  slivers.areaM2 = round(slivers.areaM2, 3);
  return { problems, slivers };
}

/** Runs every integrity check on a plan; not found when there is no such plan. */
export async function validatePlan(c: Queryable, planId: number): Promise<Validation> {
  const started = performance.now();
  const plan = await getPlanRow(c, planId);
  if (!plan) throw notFound('grid.plan.not_found', { id: planId });
  const tiling = await tilingProblems(c, planId, plan.communityCode);
  const all = [
    ...(await buildingProblems(c, planId, plan.communityCode)),
    ...(await cellProblems(
      c,
      planId,
      plan.communityCode,
      plan.minHouseholds,
      plan.maxHouseholds,
      (await getSettings(c))['grid.minCompactness'],
    )),
    ...tiling.problems,
  ];
  const counts: Validation['counts'] = {};
  for (const p of all) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  const listed: Problem[] = [];
  const perKind = new Map<ProblemKind, number>();
  for (const p of all) {
    const n = perKind.get(p.kind) ?? 0;
    perKind.set(p.kind, n + 1);
    if (n < LIST_LIMIT) listed.push(p);
  }
  const errors = all.filter((p) => p.severity === 'error').length;
  return {
    ok: errors === 0,
    errors,
    warnings: all.length - errors,
    counts,
    problems: listed,
    toleranceM2: AREA_TOLERANCE_M2,
    slivers: tiling.slivers,
    durationMs: round(performance.now() - started, 1),
  };
}
