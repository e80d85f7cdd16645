/**
 * The integrity checks of a grid plan, run in PostGIS on the stored cells: every building in
 * exactly one cell, cells within the household range and in one piece, and the cells tiling
 * the community with no gap, no overlap and nothing outside. Each problem carries what a map
 * needs to zoom to it. A plan with any error cannot be submitted, approved or published.
 */
import type { Queryable } from './pool';
import { components } from '../domain/grid/graph';
import { unitGraph } from '../domain/grid/contract';
import { OVERLAY_GRID_DEGREES, communityUnits, getPlanRow } from './grid-plans';

/** Gap, overlap and outside parts smaller than this are floating-point slivers of the atom clipping. */
export const AREA_TOLERANCE_M2 = 1;
/** Problems listed per kind; the counts always cover all of them. */
const LIST_LIMIT = 100;

export type ProblemKind =
  | 'unassigned'
  | 'double_assigned'
  | 'foreign_building'
  | 'missing_atom'
  | 'empty_cell'
  | 'out_of_range'
  | 'non_contiguous'
  | 'gap'
  | 'overlap'
  | 'outside';

export interface Problem {
  kind: ProblemKind;
  severity: 'error' | 'warning';
  message: string;
  /** Labels of the cells concerned. */
  cells?: string[];
  buildings?: string[];
  areaM2?: number;
  households?: number;
  /** A point inside the problem, for zoom-to. */
  location?: [number, number];
  bbox?: [number, number, number, number];
}

export interface Validation {
  ok: boolean;
  errors: number;
  warnings: number;
  counts: Partial<Record<ProblemKind, number>>;
  problems: Problem[];
  toleranceM2: number;
  /** Parts below the tolerance, ignored: count and total area. */
  slivers: { count: number; areaM2: number };
  durationMs: number;
}

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
  const unassigned = await c.query<Located & { code: string; households: number }>(
    `SELECT b.code, b.households, ${SPOT('b.geom')}, ${BBOX('b.geom')}
       FROM building b
      WHERE b.community_code = $2
        AND NOT EXISTS (SELECT 1 FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id
                         WHERE cb.building_code = b.code AND cb.plan_id = $1 AND g.plan_id = $1)
      ORDER BY b.code`,
    [planId, communityCode],
  );
  for (const r of unassigned.rows) {
    problems.push({ kind: 'unassigned', severity: 'error', message: `Building ${r.code} (${r.households} households) is in no cell`, buildings: [r.code], households: r.households, location: [r.lng, r.lat], bbox: r.bbox });
  }
  const wrong = await c.query<Located & { code: string; labels: string[]; n: number; foreign: boolean; mismatch: boolean; atom: boolean }>(
    `SELECT cb.building_code AS code, array_agg(DISTINCT g.label) AS labels, count(*)::int AS n,
            bool_or(b.community_code <> $2) AS foreign, bool_or(cb.plan_id <> g.plan_id) AS mismatch,
            bool_and(EXISTS (SELECT 1 FROM building_atom a WHERE a.building_code = b.code)) AS atom,
            ${SPOT('(array_agg(b.geom))[1]')}, ${BBOX('(array_agg(b.geom))[1]')}
       FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id JOIN building b ON b.code = cb.building_code
      WHERE cb.plan_id = $1 OR g.plan_id = $1
      GROUP BY cb.building_code
     HAVING count(*) > 1 OR bool_or(b.community_code <> $2) OR bool_or(cb.plan_id <> g.plan_id)
         OR NOT bool_and(EXISTS (SELECT 1 FROM building_atom a WHERE a.building_code = b.code))`,
    [planId, communityCode],
  );
  for (const r of wrong.rows) {
    const at = { buildings: [r.code], cells: r.labels, location: [r.lng, r.lat] as [number, number], bbox: r.bbox };
    if (r.n > 1 || r.mismatch) problems.push({ kind: 'double_assigned', severity: 'error', message: `Building ${r.code} is in more than one cell (${r.labels.join(', ')})`, ...at });
    if (r.foreign) problems.push({ kind: 'foreign_building', severity: 'error', message: `Building ${r.code} belongs to another community`, ...at });
    if (!r.atom) problems.push({ kind: 'missing_atom', severity: 'error', message: `Building ${r.code} has no atom, so cell ${r.labels.join(', ')} cannot cover it; rebuild the community's atoms`, ...at });
  }
  return problems;
}

interface CellFacts extends Located {
  label: string;
  households: number;
  n: number;
  parts: number;
  codes: string[];
  pieces: { areaM2: number; lng: number; lat: number }[] | null;
}

async function cellProblems(c: Queryable, planId: number, communityCode: string, min: number, max: number): Promise<Problem[]> {
  const { rows } = await c.query<CellFacts>(
    `SELECT g.label, coalesce(s.households, 0)::int AS households, coalesce(s.n, 0)::int AS n, coalesce(s.codes, ARRAY[]::text[]) AS codes,
            coalesce(ST_NumGeometries(g.geom), 0)::int AS parts,
            CASE WHEN ST_NumGeometries(g.geom) > 1 THEN
              (SELECT json_agg(json_build_object('areaM2', ST_Area(d.geom::geography), 'lng', ST_X(ST_PointOnSurface(d.geom)), 'lat', ST_Y(ST_PointOnSurface(d.geom))))
                 FROM ST_Dump(g.geom) d) END AS pieces,
            coalesce(ST_X(ST_PointOnSurface(g.geom)), 0)::float8 AS lng, coalesce(ST_Y(ST_PointOnSurface(g.geom)), 0)::float8 AS lat,
            ${BBOX('g.geom')}
       FROM grid_cell g
       LEFT JOIN LATERAL (SELECT sum(b.households) AS households, count(*) AS n, array_agg(b.code ORDER BY b.code) AS codes
                            FROM cell_building cb JOIN building b ON b.code = cb.building_code WHERE cb.cell_id = g.id) s ON true
      WHERE g.plan_id = $1`,
    [planId],
  );
  const problems: Problem[] = [];
  const outOfRange = rows.filter((r) => r.n > 0 && (r.households < min || r.households > max));
  const exempt = outOfRange.length > 0 ? await unavoidable(c, communityCode, outOfRange, min, max) : new Map<string, string>();
  for (const r of rows) {
    const at = { cells: [r.label], location: [r.lng, r.lat] as [number, number], bbox: r.bbox, households: r.households };
    if (r.n === 0) {
      problems.push({ kind: 'empty_cell', severity: 'error', message: `Cell ${r.label} has no building`, cells: [r.label] });
      continue;
    }
    if (r.households < min || r.households > max) {
      const why = exempt.get(r.label);
      problems.push({
        kind: 'out_of_range',
        severity: why ? 'warning' : 'error',
        message: `Cell ${r.label} has ${r.households} households (range ${min}–${max})${why ? `; unavoidable: ${why}` : ''}`,
        ...at,
      });
    }
    if (r.parts > 1) {
      const pieces = (r.pieces ?? []).sort((a, b) => b.areaM2 - a.areaM2);
      const small = pieces[pieces.length - 1];
      problems.push({
        kind: 'non_contiguous',
        severity: 'error',
        message: `Cell ${r.label} is in ${r.parts} separate pieces (${pieces.map((p) => `${round(p.areaM2, 0)} m²`).join(', ')})`,
        ...at,
        areaM2: round(small?.areaM2 ?? 0),
        location: small ? [small.lng, small.lat] : at.location,
      });
    }
  }
  return problems;
}

/**
 * Out-of-range cells no plan could avoid, with why: a single building above the maximum, or a
 * whole connected group of buildings (cut off from the rest) holding fewer than the minimum.
 */
async function unavoidable(c: Queryable, communityCode: string, cells: readonly CellFacts[], min: number, max: number): Promise<Map<string, string>> {
  const { units, edges } = await communityUnits(c, communityCode);
  const graph = unitGraph(units, edges);
  const groupOf = new Map<string, number>();
  components(graph).forEach((group, g) => group.forEach((i) => groupOf.set(units[i].code, g)));
  const groupSize = new Map<number, number>();
  for (const g of groupOf.values()) groupSize.set(g, (groupSize.get(g) ?? 0) + 1);
  const why = new Map<string, string>();
  for (const cell of cells) {
    if (cell.n === 1 && cell.households > max) why.set(cell.label, `building ${cell.codes[0]} alone exceeds the maximum`);
    const groups = new Set(cell.codes.map((code) => groupOf.get(code)));
    const [only] = groups;
    if (groups.size === 1 && only !== undefined && groupSize.get(only) === cell.n && cell.households < min) {
      why.set(cell.label, groupSize.size === 1 ? 'the whole community is one cell' : 'its buildings are cut off from all others');
    }
  }
  return why;
}

interface Part extends Located {
  kind: 'gap' | 'outside' | 'overlap';
  areaM2: number;
  cells: string[] | null;
}

async function tilingProblems(c: Queryable, planId: number, communityCode: string): Promise<{ problems: Problem[]; slivers: Validation['slivers'] }> {
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
    const area = `${round(r.areaM2, 1)} m²`;
    const message =
      r.kind === 'gap' ? `A gap of ${area} is covered by no cell`
      : r.kind === 'outside' ? `${area} of the cells lie outside the community`
      : `Cells ${r.cells!.join(' and ')} overlap by ${area}`;
    problems.push({ kind: r.kind, severity: 'error', message, areaM2: round(r.areaM2), location: [r.lng, r.lat], bbox: r.bbox, ...(r.cells ? { cells: r.cells } : {}) });
  }
  slivers.areaM2 = round(slivers.areaM2, 3);
  return { problems, slivers };
}

/** Runs every integrity check on a plan; throws if the plan does not exist. */
export async function validatePlan(c: Queryable, planId: number): Promise<Validation> {
  const started = performance.now();
  const plan = await getPlanRow(c, planId);
  if (!plan) throw new Error(`grid plan ${planId} does not exist`);
  const tiling = await tilingProblems(c, planId, plan.communityCode);
  const all = [
    ...(await buildingProblems(c, planId, plan.communityCode)),
    ...(await cellProblems(c, planId, plan.communityCode, plan.minHouseholds, plan.maxHouseholds)),
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
