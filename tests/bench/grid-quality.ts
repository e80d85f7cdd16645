/**
 * Quality of the automatic grid next to the capacitated k-means baseline, judged on real cell
 * geometry in PostGIS: both partitions of each community are written as draft plans (outlines =
 * unions of atoms), then measured and deleted.
 */
import type { Db } from '../../server/src/db/pool';
import { communityUnits, insertPlan, writeState } from '../../server/src/db/grid-plans';
import { partition } from '../../server/src/domain/grid/partition';
import { PROOF_CODES } from '../../server/src/domain/grid/explain';
import { baselinePartition } from '../helpers/grid/baseline';
import type { Unit } from '../../server/src/domain/grid/types';
import { labelAt, type PlanState } from '../../server/src/domain/grid-edit/state';

export interface Quality {
  /** Worst |households − target| / target over all cells of all communities, %. */
  maxDeviationPct: number;
  /** Mean Polsby-Popper 4πA/P² of the cells' real outlines. */
  meanPolsbyPopper: number;
  /** Share of compounds that fit one cell (≤ max households) but are spread over several. */
  compoundsSplitShare: number;
  cells: number;
  outOfRangeCells: number;
}

/** Communities whose proposal has a cell out of range: proved impossible, or missed by the search. */
export interface RangeMisses {
  communities: number;
  proved: number;
  missed: number;
}

const MIN = 300;
const MAX = 500;

function toState(units: readonly Unit[], cells: readonly number[][]): PlanState {
  const state: PlanState = { cells: new Map(), cellOf: new Map() };
  cells.forEach((cell, k) => {
    state.cells.set(labelAt(k), { locked: false });
    for (const i of cell) state.cellOf.set(units[i].code, labelAt(k));
  });
  return state;
}

async function measurePlans(db: Db, planIds: number[]): Promise<Quality> {
  const { rows } = await db.withClient((c) =>
    c.query<{ households: number; area: number; perimeter: number }>(
      `SELECT (SELECT coalesce(sum(b.households), 0) FROM cell_building cb JOIN building b ON b.code = cb.building_code WHERE cb.cell_id = g.id)::int AS households,
              ST_Area(g.geom::geography)::float8 AS area, ST_Perimeter(g.geom::geography)::float8 AS perimeter
         FROM grid_cell g WHERE g.plan_id IN (SELECT json_array_elements_text($1::json)::bigint)`,
      [JSON.stringify(planIds)],
    ),
  );
  const split = await db.withClient((c) =>
    c.query<{ fits: number; split: number }>(
      `SELECT count(*)::int AS fits, count(*) FILTER (WHERE cells > 1)::int AS split FROM (
         SELECT cb.plan_id, b.compound_code, sum(b.households) AS households, count(DISTINCT cb.cell_id) AS cells
           FROM cell_building cb JOIN building b ON b.code = cb.building_code
          WHERE cb.plan_id IN (SELECT json_array_elements_text($1::json)::bigint) AND b.compound_code IS NOT NULL
          GROUP BY cb.plan_id, b.compound_code) s
        WHERE households <= $2`,
      [JSON.stringify(planIds), MAX],
    ),
  );
  const target = (MIN + MAX) / 2;
  return {
    maxDeviationPct: (100 * Math.max(...rows.map((r) => Math.abs(r.households - target)))) / target,
    meanPolsbyPopper: rows.reduce((s, r) => s + (4 * Math.PI * r.area) / (r.perimeter * r.perimeter), 0) / rows.length,
    compoundsSplitShare: split.rows[0].fits > 0 ? split.rows[0].split / split.rows[0].fits : 0,
    cells: rows.length,
    outOfRangeCells: rows.filter((r) => r.households < MIN || r.households > MAX).length,
  };
}

/** Partitions every community with both methods, writes them, measures them in PostGIS, deletes them. */
export async function compareWithBaseline(db: Db): Promise<{ ours: Quality; baseline: Quality; misses: RangeMisses }> {
  const { rows: communities } = await db.withClient((c) => c.query<{ code: string }>('SELECT code FROM community ORDER BY code'));
  const ours: number[] = [];
  const base: number[] = [];
  const misses: RangeMisses = { communities: 0, proved: 0, missed: 0 };
  for (const { code } of communities) {
    const { units, edges } = await db.withClient((c) => communityUnits(c, code));
    if (units.length === 0) continue;
    const options = { minHouseholds: MIN, maxHouseholds: MAX, seed: 1 };
    const result = partition(units, edges, options);
    misses.communities++;
    const outOfRange = result.cells.some((cell) => {
      const households = cell.reduce((sum, i) => sum + units[i].households, 0);
      return households < MIN || households > MAX;
    });
    if (outOfRange && result.reasons.some((r) => PROOF_CODES.includes(r.code))) misses.proved++;
    else if (outOfRange) misses.missed++;
    const plans: [number[][], number[]][] = [
      [result.cells, ours],
      [baselinePartition(units, edges, options), base],
    ];
    for (const [cells, into] of plans) {
      const id = await db.withTransaction(async (c) => {
        const planId = await insertPlan(c, {
          communityCode: code,
          name: 'bench',
          minHouseholds: MIN,
          maxHouseholds: MAX,
          basedOnPlanId: null,
          username: null,
        });
        await writeState(c, planId, toState(units, cells));
        return planId;
      });
      into.push(id);
    }
  }
  const measured = { ours: await measurePlans(db, ours), baseline: await measurePlans(db, base), misses };
  await db.withClient((c) =>
    c.query('DELETE FROM grid_plan WHERE id IN (SELECT json_array_elements_text($1::json)::bigint)', [JSON.stringify([...ours, ...base])]),
  );
  return measured;
}
