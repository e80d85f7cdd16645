/**
 * After a boundary change every building of a published plan goes to the cell whose outline
 * holds it, in one statement, and the cells' outlines follow the community's new atoms.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import type { Queryable } from '../../server/src/db/pool';
import { rebuildAtomsOf } from '../../server/src/db/atoms';
import { followBoundaryChange, reassignBuildingsToCells } from '../../server/src/db/grid-reassign';

interface Plan {
  id: number;
  community: string;
}

let plan: Plan;
beforeAll(async () => {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<Plan>(
      `SELECT id::int AS id, community_code AS community FROM grid_plan WHERE status = 'published' ORDER BY community_code LIMIT 1`,
    ),
  );
  plan = rows[0];
});

/** Each building of the plan's community with the one current cell whose outline holds its point (PostGIS, brute force). */
async function holders(c: Queryable, p: Plan): Promise<Map<string, number>> {
  const { rows } = await c.query<{ code: string; cell: number }>(
    `SELECT b.code, min(g.id)::int AS cell FROM building b
       JOIN grid_cell g ON g.plan_id = $1 AND g.valid_to IS NULL AND ST_Within(ST_PointOnSurface(b.geom), g.geom)
      WHERE b.community_code = $2 GROUP BY b.code HAVING count(*) = 1`,
    [p.id, p.community],
  );
  return new Map(rows.map((r) => [r.code, r.cell]));
}

async function members(c: Queryable, p: Plan): Promise<Map<string, number>> {
  const { rows } = await c.query<{ code: string; cell: number }>(
    'SELECT building_code AS code, cell_id::int AS cell FROM cell_building WHERE plan_id = $1',
    [p.id],
  );
  return new Map(rows.map((r) => [r.code, r.cell]));
}

describe('reassigning buildings to the cells holding them', () => {
  it('puts a building back in the cell holding it and gives a building without a cell its cell, changing nothing else', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const holding = await holders(c, plan);
        const before = await members(c, plan);
        expect(holding.size).toBeGreaterThan(10);
        const [strayed, dropped] = [...holding.keys()].sort();
        const otherCell = [...new Set(holding.values())].find((cell) => cell !== holding.get(strayed))!;
        await c.query('UPDATE cell_building SET cell_id = $3 WHERE plan_id = $1 AND building_code = $2', [plan.id, strayed, otherCell]);
        await c.query('DELETE FROM cell_building WHERE plan_id = $1 AND building_code = $2', [plan.id, dropped]);

        const result = await reassignBuildingsToCells(c, [plan.id]);

        expect(result).toEqual({ moved: 1, added: 1, planIds: [plan.id] });
        const after = await members(c, plan);
        expect(after.get(strayed)).toBe(holding.get(strayed));
        expect(after.get(dropped)).toBe(holding.get(dropped));
        expect(after).toEqual(before);
        expect(await reassignBuildingsToCells(c, [plan.id])).toEqual({ moved: 0, added: 0, planIds: [] });
      }),
    );
  });

  it('redraws the published cells from the atoms when the community outline grows, keeping every building in its cell', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const before = await members(c, plan);
        // About 30 m wider on every side.
        await c.query('UPDATE community SET geom = ST_Multi(ST_Buffer(geom, 0.0003, 2)) WHERE code = $1', [plan.community]);
        await rebuildAtomsOf(c, [plan.community]);

        expect(await followBoundaryChange(c, [plan.community])).toEqual({ moved: 0, added: 0 });

        const { rows } = await c.query<{ cells: number; community: number; outside: number }>(
          `SELECT ST_Area(ST_Union(g.geom)::geography)::float8 AS cells, ST_Area(m.geom::geography)::float8 AS community,
                  ST_Area(ST_Difference(ST_Union(g.geom), m.geom)::geography)::float8 AS outside
             FROM grid_cell g JOIN community m ON m.code = $2 WHERE g.plan_id = $1 AND g.valid_to IS NULL GROUP BY m.geom`,
          [plan.id, plan.community],
        );
        expect(rows[0].cells / rows[0].community).toBeCloseTo(1, 4);
        expect(rows[0].outside).toBeLessThan(1);
        expect(await members(c, plan)).toEqual(before);
      }),
    );
  });
});
