// One published grid plan per community: the buildings and their atom adjacency are read
// back from the database, partitioned into cells of 300–500 households, and written as
// cells whose outline is the union of their buildings' atoms.
import type { Queryable } from '../../server/src/db/pool';
import { feasiblePartition, type FeasiblePartition } from '../../server/src/domain/grid/feasible';
import { feasiblePartitions } from '../../server/src/threads/partition';
import { cellCodes } from '../../server/src/domain/grid/codes';
import type { Edge, Unit } from '../../server/src/domain/grid/types';
import type { Generation } from '../../server/src/contract/grid-plans';
import { type Message, msg } from '../../server/src/contract/messages';
import { fromLngLat } from '../generator/geo';
import { assignCells } from '../generator/assignments';
import type { DemoPerson, DemoTown } from '../generator/types';
import { insertJson } from './bulk';
import { OVERLAY_GRID_DEGREES } from '../../server/src/db/atoms';

/** From this many communities on, the partitions are computed on threads (one per core). */
const THREADED_FROM_COMMUNITIES = 200;

/** The day the demo plans took effect: the plan is the 2008 community work plan. */
export const PLAN_DATE = '2008-01-01';

export interface GridSummary {
  plans: number;
  cells: number;
  assignments: number;
  /** Communities whose partition reported problems, with the reasons. */
  infeasible: { communityCode: string; reasons: Message[] }[];
}

interface UnitRow {
  code: string;
  community_code: string;
  compound_code: string | null;
  households: number;
  residents: number;
  lng: number;
  lat: number;
}

interface EdgeRow {
  community_code: string;
  a: string;
  b: string;
  shared_metres: number;
  crosses_road: boolean;
}

async function householdRange(c: Queryable): Promise<{ min: number; max: number }> {
  const { rows } = await c.query<{ key: string; value: number }>(
    "SELECT key, (value #>> '{}')::int AS value FROM setting WHERE key IN ('grid.minHouseholds', 'grid.maxHouseholds')",
  );
  const get = (key: string, fallback: number) => rows.find((r) => r.key === key)?.value ?? fallback;
  return { min: get('grid.minHouseholds', 300), max: get('grid.maxHouseholds', 500) };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

interface GridRows {
  plans: { id: number; community_code: string; name: string; min: number; max: number; day: string; generation: Generation }[];
  cells: { id: number; plan_id: number; code: string; label: string; day: string }[];
  members: { plan_id: number; building_code: string; cell_id: number }[];
  assignments: { id: number; cell_id: number; person_id: number; role: string; day: string; county_code: string }[];
  infeasible: GridSummary['infeasible'];
  /** Communities given their own, wider maximum because the town's range has no plan for them. */
  widened: { code: string; max: number }[];
}

interface CommunityInput {
  code: string;
  name: string;
  units: UnitRow[];
  edges: EdgeRow[];
  people: DemoPerson[];
}

/** A community's buildings and their adjacency as the partition reads them. */
function partitionInput(community: CommunityInput): { units: Unit[]; edges: Edge[] } {
  const index = new Map(community.units.map((r, i) => [r.code, i]));
  const units: Unit[] = community.units.map((r) => ({
    code: r.code,
    households: r.households,
    residents: r.residents,
    compoundId: r.compound_code,
    ...fromLngLat(r.lng, r.lat),
  }));
  const edges: Edge[] = community.edges.map((e) => ({
    a: index.get(e.a) ?? -1,
    b: index.get(e.b) ?? -1,
    sharedMetres: e.shared_metres,
    crossesRoad: e.crosses_road,
  }));
  return { units, edges };
}

/** Appends one community's plan, cells, members and assignments, from its partition, to `out`. */
function planCommunity(
  town: DemoTown,
  community: CommunityInput,
  units: readonly Unit[],
  { result, max }: FeasiblePartition,
  range: { min: number; max: number },
  out: GridRows,
): void {
  const planId = out.plans.length + 1;
  if (!result.feasible) out.infeasible.push({ communityCode: community.code, reasons: result.reasons });
  const reasons = [...result.reasons];
  if (max !== range.max) {
    // What an office does when its buildings can't make 300–500: it sets the community's own
    // grid size, so the published plan passes its checks under the range it was made for.
    out.widened.push({ code: community.code, max });
    reasons.unshift(msg('grid.partition.range_widened', { min: range.min, max, requestedMax: range.max }));
  }
  // The partition's findings stay with the plan, where a planner reviewing it will look.
  const generation: Generation = { minHouseholds: range.min, maxHouseholds: max, feasible: result.feasible, reasons };
  out.plans.push({
    id: planId,
    community_code: community.code,
    name: `${community.name}2008年网格划分`,
    min: range.min,
    max,
    day: PLAN_DATE,
    generation,
  });

  const centroids = result.cells.map((cell) => ({
    x: cell.reduce((t, i) => t + units[i].x, 0) / cell.length,
    y: cell.reduce((t, i) => t + units[i].y, 0) / cell.length,
  }));
  const codes = cellCodes(community.code, centroids);
  // Cells are stored in code order so cell ids read like their codes.
  const order = result.cells.map((_, k) => k).sort((p, q) => codes[p].localeCompare(codes[q]));
  const firstCellId = out.cells.length + 1;
  order.forEach((k, n) => {
    const id = firstCellId + n;
    out.cells.push({ id, plan_id: planId, code: codes[k], label: `第${n + 1}网格`, day: PLAN_DATE });
    for (const i of result.cells[k]) out.members.push({ plan_id: planId, building_code: units[i].code, cell_id: id });
  });
  for (const d of assignCells(town.seed, community.code, order.length, community.people, town.workerPersonId)) {
    out.assignments.push({
      id: out.assignments.length + 1,
      cell_id: firstCellId + d.cellIndex,
      person_id: d.personId,
      role: d.role,
      day: PLAN_DATE,
      county_code: community.code.slice(0, 6),
    });
  }
}

async function writeGridRows(c: Queryable, rows: GridRows): Promise<void> {
  await insertJson(
    c,
    `INSERT INTO grid_plan (id, community_code, county_code, name, status, min_households, max_households, created_by, approved_by,
                            submitted_at, approved_at, published_at, created_at, generation)
     SELECT r.id, r.community_code, left(r.community_code, 6), r.name, 'published', r.min, r.max, 'planner', 'official', r.day, r.day, r.day, r.day, r.generation
     FROM json_to_recordset($1::json) AS r(id bigint, community_code text, name text, min int, max int, day date, generation jsonb)`,
    rows.plans,
  );
  await insertJson(
    c,
    `INSERT INTO grid_cell (id, plan_id, county_code, code, label, valid_from)
     SELECT r.id, r.plan_id, left(r.code, 6), r.code, r.label, r.day FROM json_to_recordset($1::json) AS r(id bigint, plan_id bigint, code text, label text, day date)`,
    rows.cells,
  );
  await insertJson(
    c,
    `INSERT INTO cell_building (plan_id, building_code, county_code, cell_id)
     SELECT r.plan_id, r.building_code, left(r.building_code, 6), r.cell_id FROM json_to_recordset($1::json) AS r(plan_id bigint, building_code text, cell_id bigint)`,
    rows.members,
  );
}

/** Draws the cells of each county's plans (one county at a time, as a sharded database keeps them). */
async function drawCells(c: Queryable, counties: readonly string[], expected: number): Promise<void> {
  let drawn = 0;
  for (const county of counties) {
    const { rowCount } = await c.query(
      `UPDATE grid_cell g SET geom = u.geom
         FROM (SELECT cb.cell_id, cb.county_code, ST_Multi(ST_CollectionExtract(ST_Union(a.geom, ${OVERLAY_GRID_DEGREES}), 3)) AS geom
                 FROM cell_building cb JOIN building_atom a ON a.building_code = cb.building_code AND a.county_code = cb.county_code
                WHERE cb.county_code = $1
                GROUP BY cb.cell_id, cb.county_code) u
        WHERE g.id = u.cell_id AND g.county_code = u.county_code AND g.county_code = $1`,
      [county],
    );
    drawn += rowCount;
  }
  // A silently failed overlay updates nothing (see OVERLAY_GRID_DEGREES).
  if (drawn !== expected) throw new Error(`drew ${drawn} of ${expected} cell outlines`);
}

/** Partitions every community of the loaded town into a published plan with people assigned to its cells. */
export async function insertGridPlans(
  c: Queryable,
  town: DemoTown,
  log: (line: string) => void,
  threads = town.communities.length < THREADED_FROM_COMMUNITIES ? 1 : undefined,
): Promise<GridSummary> {
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s into the grid plans`;
  const range = await householdRange(c);
  const units = groupBy(
    (
      await c.query<UnitRow>(
        `SELECT b.code, b.community_code, b.compound_code, b.households, b.residents,
              ST_X(ST_Centroid(b.geom)) AS lng, ST_Y(ST_Centroid(b.geom)) AS lat
       FROM building b ORDER BY b.code`,
      )
    ).rows,
    (r) => r.community_code,
  );
  const edges = groupBy(
    (await c.query<EdgeRow>('SELECT community_code, a, b, shared_metres, crosses_road FROM atom_adjacency ORDER BY a, b')).rows,
    (r) => r.community_code,
  );
  const people = groupBy(town.people, (p) => p.communityCode);
  const rows: GridRows = { plans: [], cells: [], members: [], assignments: [], infeasible: [], widened: [] };
  const communities: CommunityInput[] = town.communities.map(({ code, name }) => ({
    code,
    name,
    units: units.get(code) ?? [],
    edges: edges.get(code) ?? [],
    people: people.get(code) ?? [],
  }));
  const inputs = communities.map(partitionInput);
  // A large town partitions for many minutes: on every core, saying how far it has got every
  // tenth of the way. A small one is done in place before a thread would have started.
  const step = Math.max(1, Math.ceil(communities.length / 10));
  let said = 0;
  const partitions =
    threads === 1
      ? inputs.map((p) => feasiblePartition(p.units, p.edges, range, town.seed))
      : await feasiblePartitions(inputs, range, town.seed, {
          threads,
          onDone: (done) => {
            if (done - said < step || done >= communities.length) return;
            said = done;
            log(`partitioned ${done}/${communities.length} communities (${seconds()})`);
          },
        });
  communities.forEach((community, i) => planCommunity(town, community, inputs[i].units, partitions[i], range, rows));
  log(
    `partitioned ${rows.plans.length} communities into ${rows.cells.length} cells (${rows.widened.length} with a wider grid size, ${rows.infeasible.length} with problems) in ${seconds()}`,
  );
  await writeGridRows(c, rows);
  await insertJson(
    c,
    `UPDATE community m SET max_households_per_cell = r.max FROM json_to_recordset($1::json) AS r(code text, max int)
      WHERE m.code = r.code AND m.county_code = left(r.code, 6)`,
    rows.widened,
  );
  log(`wrote cells and their buildings (${seconds()})`);
  await drawCells(c, [...new Set(rows.plans.map((p) => p.community_code.slice(0, 6)))], rows.cells.length);
  log(`drew cell outlines from atoms (${seconds()})`);
  await insertJson(
    c,
    `INSERT INTO cell_assignment (id, cell_id, person_id, role, valid_from, county_code)
     SELECT r.id, r.cell_id, r.person_id, r.role, r.day, r.county_code
       FROM json_to_recordset($1::json) AS r(id bigint, cell_id bigint, person_id bigint, role text, day date, county_code text)`,
    rows.assignments,
  );
  return { plans: rows.plans.length, cells: rows.cells.length, assignments: rows.assignments.length, infeasible: rows.infeasible };
}
