/**
 * Cells never cut a building: every footprint lies in exactly one cell. Checked in PostGIS by
 * SQL of its own on every published demo plan and on a freshly generated draft of the community
 * with the most buildings: a footprint counts as cut when more than 1 m² of it lies outside the
 * cell that holds the building.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { cleanUpDrafts, generated } from '../api/grid-plans-helpers';

const CUT_M2 = 1;
const GRID = 1e-9;

beforeAll(testApp);
afterAll(cleanUpDrafts);

/** Footprints of the plans' buildings that more than 1 m² of lies outside their own cell, or that no cell holds. */
async function cutFootprints(planIds: readonly number[]): Promise<{ code: string; outsideM2: number | null }[]> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string; outsideM2: number | null }>(
      `SELECT b.code, ST_Area(ST_Difference(b.geom, g.geom, ${GRID})::geography)::float AS "outsideM2"
         FROM cell_building cb
         JOIN building b ON b.code = cb.building_code
         JOIN grid_cell g ON g.id = cb.cell_id
        WHERE cb.plan_id = ANY($1::bigint[])
          AND (g.geom IS NULL OR ST_Area(ST_Difference(b.geom, g.geom, ${GRID})::geography) > ${CUT_M2})
        ORDER BY b.code`,
      [planIds],
    ),
  );
  return rows;
}

/** Buildings whose footprint reaches more than 1 m² into another cell of the same plan. */
async function footprintsInTwoCells(planIds: readonly number[]): Promise<{ code: string; cells: number }[]> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string; cells: number }>(
      `SELECT b.code, count(*)::int AS cells
         FROM cell_building cb
         JOIN building b ON b.code = cb.building_code
         JOIN grid_cell g ON g.plan_id = cb.plan_id AND g.geom && b.geom
        WHERE cb.plan_id = ANY($1::bigint[]) AND ST_Area(ST_Intersection(b.geom, g.geom, ${GRID})::geography) > ${CUT_M2}
        GROUP BY b.code HAVING count(*) <> 1
        ORDER BY b.code`,
      [planIds],
    ),
  );
  return rows;
}

describe('cells follow building footprints', () => {
  it('no published demo plan cuts a building', async () => {
    const db = await testDb();
    const { rows } = await db.withClient((c) =>
      c.query<{ id: number; buildings: number }>(
        `SELECT p.id::int AS id, (SELECT count(*)::int FROM cell_building cb WHERE cb.plan_id = p.id) AS buildings
           FROM grid_plan p WHERE p.status = 'published' ORDER BY p.id`,
      ),
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.reduce((s, r) => s + r.buildings, 0)).toBeGreaterThan(1000);
    const ids = rows.map((r) => r.id);
    expect(await cutFootprints(ids)).toEqual([]);
    expect(await footprintsInTwoCells(ids)).toEqual([]);
  });

  it('a generated draft puts every footprint in exactly one cell', async () => {
    const db = await testDb();
    const { rows } = await db.withClient((c) =>
      c.query<{ code: string; households: number }>(
        'SELECT community_code AS code, sum(households)::int AS households FROM building GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1',
      ),
    );
    const plan = await generated(rows[0].code, { minHouseholds: 200, maxHouseholds: 400 });
    expect(plan.cells.length).toBeGreaterThan(1);
    expect(await cutFootprints([plan.id])).toEqual([]);
    expect(await footprintsInTwoCells([plan.id])).toEqual([]);
  });

  it('the atoms of every community still tile it exactly', async () => {
    const db = await testDb();
    const { rows } = await db.withClient((c) =>
      c.query<{ code: string; gapOrOverlapM2: number }>(
        `SELECT c.code, abs(ST_Area(c.geom::geography) - sum(ST_Area(a.geom::geography)))::float AS "gapOrOverlapM2"
           FROM community c JOIN building_atom a ON a.community_code = c.code
          GROUP BY c.code, c.geom ORDER BY c.code`,
      ),
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.gapOrOverlapM2, r.code).toBeLessThan(CUT_M2);
  });
});
