/**
 * Grid plans and their cells: reading a plan with per-cell figures, the editable state of a
 * draft, the buildings and atom adjacency the automatic tools need, and creating plans. A cell's
 * outline is the union of its buildings' atoms, adjusted by drawn outlines (rebuildCellGeometry).
 */
import { planCounty } from './distribution';
import type { Queryable } from './pool';
import type { Generation, MultiPolygon, PlanListItem, PlanRow } from '../contract/grid-plans';
import { notFound } from '../domain/errors';
import { type CommunityRow, getCommunity } from './communities';
import type { Edge, Unit } from '../domain/grid/types';
import type { Adjacency } from '../domain/grid-edit/ops';
import { localProjector } from '../domain/grid-edit/project';
import { type PlanState, cellLabel, compareLabels } from '../domain/grid-edit/state';
import { cellNumberOf } from '../domain/grid/codes';

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const PLAN_COLUMNS = `p.id::int AS id, p.community_code AS "communityCode", p.name, p.status,
  p.min_households AS "minHouseholds", p.max_households AS "maxHouseholds", p.based_on_plan_id::int AS "basedOnPlanId",
  p.created_by AS "createdBy", ${ts('p.created_at')} AS "createdAt", ${ts('p.submitted_at')} AS "submittedAt",
  p.approved_by AS "approvedBy", ${ts('p.approved_at')} AS "approvedAt", ${ts('p.published_at')} AS "publishedAt",
  ${ts('p.archived_at')} AS "archivedAt", p.notes, p.generation, p.version`;

/** One plan's row; `forUpdate` locks it for the rest of the transaction. */
export async function getPlanRow(c: Queryable, id: number, forUpdate = false): Promise<PlanRow | undefined> {
  const { rows } = await c.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM grid_plan p WHERE p.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

/** The community a plan request names; not found when there is none with this code. */
export async function requireCommunity(c: Queryable, code: string): Promise<CommunityRow> {
  const community = await getCommunity(c, code);
  if (!community) throw notFound('grid.community.not_found', { code });
  return community;
}

/** A community's plans, published first. */
export async function listPlans(c: Queryable, communityCode: string): Promise<PlanListItem[]> {
  await requireCommunity(c, communityCode);
  const { rows } = await c.query<PlanListItem>(
    `SELECT ${PLAN_COLUMNS},
            (SELECT count(*)::int FROM grid_cell g WHERE g.plan_id = p.id AND g.county_code = p.county_code) AS "cellCount",
            (SELECT count(*)::int FROM cell_building cb WHERE cb.plan_id = p.id AND cb.county_code = p.county_code) AS "assignedBuildings"
       FROM grid_plan p WHERE p.community_code = $1
      ORDER BY CASE p.status WHEN 'published' THEN 0 WHEN 'approved' THEN 1 WHEN 'submitted' THEN 2 WHEN 'draft' THEN 3 ELSE 4 END, p.id DESC`,
    [communityCode],
  );
  return rows;
}

export interface CellRow {
  id: number;
  label: string;
  name: string;
  /** The stored code: set on publish, null for drafts. */
  code: string | null;
  locked: boolean;
  households: number;
  residents: number;
  buildingCount: number;
  buildingCodes: string[];
  areaM2: number;
  perimeterM: number;
  /** Mean position of the cell's buildings (lng, lat): what code order is computed from. */
  buildingCentre: [number, number] | null;
  geometry: MultiPolygon | null;
  validFrom: string | null;
  validTo: string | null;
}

/** The cells of a plan with their figures, geometry (6 decimals, ~0.1 m) and buildings. */
export async function planCells(c: Queryable, planId: number): Promise<CellRow[]> {
  const { rows } = await c.query<CellRow>(
    `SELECT g.id::int AS id, g.label, g.name, g.code, g.locked,
            coalesce(s.households, 0)::int AS households, coalesce(s.residents, 0)::int AS residents,
            coalesce(s.n, 0)::int AS "buildingCount", coalesce(s.codes, ARRAY[]::text[]) AS "buildingCodes",
            coalesce(ST_Area(g.geom::geography), 0)::float8 AS "areaM2",
            coalesce(ST_Perimeter(g.geom::geography), 0)::float8 AS "perimeterM",
            CASE WHEN s.n > 0 THEN ARRAY[s.lng, s.lat]::float8[] END AS "buildingCentre",
            ST_AsGeoJSON(g.geom, 6)::json AS geometry,
            g.valid_from::text AS "validFrom", g.valid_to::text AS "validTo"
       FROM grid_cell g
       LEFT JOIN LATERAL (
         SELECT sum(b.households) AS households, sum(b.residents) AS residents, count(*) AS n,
                array_agg(b.code ORDER BY b.code) AS codes,
                avg(ST_X(ST_Centroid(b.geom))) AS lng, avg(ST_Y(ST_Centroid(b.geom))) AS lat
           FROM cell_building cb JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code
          WHERE cb.cell_id = g.id AND cb.county_code = g.county_code) s ON true
      WHERE g.plan_id = $1`,
    [planId],
  );
  return rows.sort((a, b) => compareLabels(a.label, b.label));
}

/** Labels of every cell the community has ever published (current and retired): never given to a new cell. */
export async function reservedLabels(c: Queryable, communityCode: string): Promise<Set<string>> {
  const { rows } = await c.query<{ code: string }>(
    `SELECT DISTINCT g.code FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code WHERE p.community_code = $1 AND g.code IS NOT NULL`,
    [communityCode],
  );
  const numbers = rows.map((r) => cellNumberOf(r.code)).filter((n): n is number => n !== null);
  return new Set(numbers.map(cellLabel));
}

/**
 * Holds the community's numbering row until the caller's transaction ends, and answers the labels
 * a new cell of plan `planId` must not take: every number ever published in the community and
 * every label of its other open plans. Two drafts choosing new numbers at once thus take turns,
 * and the second sees what the first chose.
 */
export async function lockNumbering(c: Queryable, communityCode: string, planId: number): Promise<Set<string>> {
  await c.query(
    `INSERT INTO grid_cell_numbering (community_code, county_code) VALUES ($1, left($1, 6))
     ON CONFLICT (community_code, county_code) DO UPDATE SET chosen_at = now()`,
    [communityCode],
  );
  const taken = await reservedLabels(c, communityCode);
  const { rows } = await c.query<{ label: string }>(
    `SELECT DISTINCT g.label FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
      WHERE p.community_code = $1 AND p.id <> $2 AND p.status IN ('draft', 'submitted', 'approved', 'rejected')`,
    [communityCode, planId],
  );
  for (const r of rows) taken.add(r.label);
  return taken;
}

/**
 * The editable state of a plan: cells by label and the cell of each building. The labels new cells
 * may not take come from whoever picks numbers (`lockNumbering` for an edit, `reservedLabels` for a proposal).
 */
export async function loadState(c: Queryable, planId: number): Promise<PlanState> {
  const cells = await c.query<{ label: string; locked: boolean; name: string }>(
    'SELECT label, locked, name FROM grid_cell WHERE plan_id = $1',
    [planId],
  );
  const members = await c.query<{ building: string; label: string }>(
    `SELECT cb.building_code AS building, g.label FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code WHERE cb.plan_id = $1`,
    [planId],
  );
  return {
    cells: new Map(cells.rows.map((r) => [r.label, r.name === '' ? { locked: r.locked } : { locked: r.locked, name: r.name }])),
    cellOf: new Map(members.rows.map((r) => [r.building, r.label])),
  };
}

export interface CommunityUnits {
  units: Unit[];
  /** Edges by unit index, for the partitioner. */
  edges: Edge[];
  /** The same edges by building code, for the hand edits. */
  adjacency: Adjacency[];
  /** lng/lat of each unit (its building's centroid), same order as `units`. */
  positions: [number, number][];
}

/** The community's buildings as partition units (metres around the community) and their atom adjacency. */
export async function communityUnits(c: Queryable, communityCode: string): Promise<CommunityUnits> {
  const buildings = await c.query<{
    code: string;
    compound: string | null;
    households: number;
    residents: number;
    lng: number;
    lat: number;
  }>(
    `SELECT b.code, b.compound_code AS compound, b.households, b.residents,
            ST_X(ST_Centroid(b.geom))::float8 AS lng, ST_Y(ST_Centroid(b.geom))::float8 AS lat
       FROM building b WHERE b.community_code = $1 ORDER BY b.code`,
    [communityCode],
  );
  const pairs = await c.query<{ a: string; b: string; shared: number; road: boolean }>(
    'SELECT a, b, shared_metres::float8 AS shared, crosses_road AS road FROM atom_adjacency WHERE community_code = $1 ORDER BY a, b',
    [communityCode],
  );
  const rows = buildings.rows;
  const mean = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + pick(r), 0) / Math.max(1, rows.length);
  const project = localProjector(
    mean((r) => r.lng),
    mean((r) => r.lat),
  );
  const index = new Map(rows.map((r, i) => [r.code, i]));
  const units: Unit[] = rows.map((r) => ({
    code: r.code,
    households: r.households,
    residents: r.residents,
    compoundId: r.compound,
    ...project(r.lng, r.lat),
  }));
  const known = pairs.rows.filter((p) => index.has(p.a) && index.has(p.b));
  return {
    units,
    edges: known.map((p) => ({ a: index.get(p.a)!, b: index.get(p.b)!, sharedMetres: p.shared, crossesRoad: p.road })),
    adjacency: known.map((p) => ({ a: p.a, b: p.b, sharedMetres: p.shared })),
    positions: rows.map((r) => [r.lng, r.lat]),
  };
}

export interface NewPlan {
  communityCode: string;
  name: string;
  minHouseholds: number;
  maxHouseholds: number;
  basedOnPlanId: number | null;
  username: string | null;
  generation?: Generation;
}

export async function insertPlan(c: Queryable, plan: NewPlan): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO grid_plan (community_code, county_code, name, status, min_households, max_households, based_on_plan_id, created_by, generation)
     VALUES ($1, left($1, 6), $2, 'draft', $3, $4, $5, $6, $7::jsonb) RETURNING id::int AS id`,
    [
      plan.communityCode,
      plan.name,
      plan.minHouseholds,
      plan.maxHouseholds,
      plan.basedOnPlanId,
      plan.username,
      plan.generation === undefined ? null : JSON.stringify(plan.generation),
    ],
  );
  return rows[0].id;
}

/** Writes a whole state into an empty plan (a new draft), then builds the cells' outlines. */
export async function writeState(c: Queryable, planId: number, state: PlanState): Promise<void> {
  const cells = [...state.cells].map(([label, cell]) => ({ label, locked: cell.locked, name: cell.name ?? '' }));
  await c.query(
    `INSERT INTO grid_cell (plan_id, county_code, label, locked, name)
     SELECT $1, ${planCounty('$1')}, r.label, r.locked, r.name FROM json_to_recordset($2::json) AS r(label text, locked boolean, name text)`,
    [planId, JSON.stringify(cells)],
  );
  const members = [...state.cellOf].map(([building, label]) => ({ building, label }));
  await c.query(
    `INSERT INTO cell_building (plan_id, building_code, cell_id, county_code)
     SELECT $1, r.building, g.id, g.county_code FROM json_to_recordset($2::json) AS r(building text, label text)
       JOIN grid_cell g ON g.plan_id = $1 AND g.label = r.label`,
    [planId, JSON.stringify(members)],
  );
  await rebuildCellGeometry(c, planId, null);
}

/**
 * Overlay operations (union, difference, intersection) run on a fixed grid of 1e-9° (~0.1 mm).
 * Without one, GEOS retries a hard overlay through an exception, which PGlite's WebAssembly
 * build loses: the statement then answers no rows at all instead of failing. Snap-rounding on a
 * fixed grid needs no retry, and 0.1 mm is far below any area the checks report.
 */
export const OVERLAY_GRID_DEGREES = 1e-9;

/**
 * Recomputes the outline of the plan's cells (those with `labels`, or all when null): the atoms of
 * its buildings, minus the areas other cells claim, plus its own claim (see grid-claims.ts). The
 * pieces are unioned in a fixed order: GEOS gives the same shape in any order, but for a large cell
 * not always the same vertex order, and the stored outline (its bytes, the tiles' ETags, an export)
 * should depend on the cell alone, not on the order the atoms happen to lie on disk.
 */
export async function rebuildCellGeometry(c: Queryable, planId: number, labels: readonly string[] | null): Promise<void> {
  const params = [planId, labels === null ? null : JSON.stringify(labels)];
  const scope = `g.plan_id = $1 AND g.county_code = ${planCounty('$1')} AND ($2::json IS NULL OR g.label IN (SELECT json_array_elements_text($2::json)))`;
  const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM grid_cell g WHERE ${scope}`, params);
  const updated = await c.query<{ id: number }>(
    `UPDATE grid_cell g
        SET geom = (SELECT ST_Multi(ST_CollectionExtract(ST_Union(s.geom, ${OVERLAY_GRID_DEGREES} ORDER BY s.piece), 3)) FROM (
                      SELECT a.building_code AS piece,
                             CASE WHEN o.geom IS NULL THEN a.geom ELSE ST_Difference(a.geom, o.geom, ${OVERLAY_GRID_DEGREES}) END AS geom
                        FROM cell_building cb JOIN building_atom a ON a.building_code = cb.building_code AND a.county_code = cb.county_code,
                             LATERAL (SELECT ST_Union(k.geom, ${OVERLAY_GRID_DEGREES} ORDER BY k.cell_id) AS geom
                                        FROM grid_cell_claim k JOIN grid_cell o ON o.id = k.cell_id AND o.county_code = k.county_code
                                       WHERE o.plan_id = g.plan_id AND o.county_code = g.county_code AND o.id <> g.id AND k.geom && a.geom) o
                       WHERE cb.cell_id = g.id AND cb.county_code = g.county_code
                      UNION ALL
                      SELECT '' AS piece, k.geom FROM grid_cell_claim k WHERE k.cell_id = g.id AND k.county_code = g.county_code) s),
            updated_at = now()
      WHERE ${scope}
      RETURNING g.id::int AS id`,
    params,
  );
  // A PostGIS failure, not something a user can cause: it stays an internal error.
  if (updated.rows.length !== rows[0].n) {
    throw new Error(
      `cell outlines of plan ${planId} were not rebuilt (${updated.rows.length} of ${rows[0].n}): PostGIS failed on the union of atoms`,
    );
  }
}
