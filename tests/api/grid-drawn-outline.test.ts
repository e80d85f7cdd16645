/**
 * A drawn outline stays the cell's boundary (clipped to the community): the cells still tile the
 * community, every building lies in its own cell, undo and redo put the shapes back, an outline
 * that cuts a building is refused, and a plan with a drawn cell can be published. The expected
 * shapes are the drawn outlines themselves, measured by PostGIS in the test's own SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import {
  type ErrorAnswer,
  type PlanAnswer,
  cleanUpDrafts,
  communityWithValidPublishedPlan,
  draftFrom,
  edit,
  generated,
  getPlan,
  json,
  official,
  planner,
} from './grid-plans-helpers';

const GRID = 1e-9;
type Polygon = { type: 'Polygon'; coordinates: number[][][] };

let community: string;

beforeAll(async () => {
  await testApp();
  ({ code: community } = await communityWithValidPublishedPlan());
});
afterAll(cleanUpDrafts);

async function one<R>(sql: string, params: unknown[]): Promise<R> {
  const db = await testDb();
  const { rows } = await db.withClient((c) => c.query<R>(sql, params));
  if (!rows[0]) throw new Error(`no row from ${sql}`);
  return rows[0];
}

async function ok(res: Response): Promise<PlanAnswer> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return json<PlanAnswer>(res);
}

/** m² by which cell `label` differs from the outline clipped to the community. */
async function differenceFromOutline(planId: number, label: string, outline: Polygon): Promise<number> {
  const r = await one<{ m2: number }>(
    `SELECT ST_Area(ST_SymDifference(g.geom, ST_Intersection(ST_GeomFromGeoJSON($3), m.geom, ${GRID}), ${GRID})::geography)::float8 AS m2
       FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id JOIN community m ON m.code = p.community_code
      WHERE g.plan_id = $1 AND g.label = $2`,
    [planId, label, JSON.stringify(outline)],
  );
  return r.m2;
}

/** The tiling as the test measures it: overlap between cells, community not covered, buildings outside their cell (m²). */
async function tiling(planId: number): Promise<{ overlapM2: number; gapM2: number; strayFootprintM2: number }> {
  return one(
    `SELECT
       (SELECT coalesce(sum(ST_Area(ST_Intersection(x.geom, y.geom, ${GRID})::geography)), 0) FROM grid_cell x JOIN grid_cell y
          ON x.plan_id = y.plan_id AND x.id < y.id AND x.geom && y.geom WHERE x.plan_id = $1)::float8 AS "overlapM2",
       (SELECT ST_Area(ST_Difference(m.geom, (SELECT ST_Union(geom, ${GRID}) FROM grid_cell WHERE plan_id = $1), ${GRID})::geography)
          FROM grid_plan p JOIN community m ON m.code = p.community_code WHERE p.id = $1)::float8 AS "gapM2",
       (SELECT coalesce(sum(ST_Area(ST_Difference(b.geom, g.geom, ${GRID})::geography)), 0)
          FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id JOIN building b ON b.code = cb.building_code
         WHERE cb.plan_id = $1)::float8 AS "strayFootprintM2"`,
    [planId],
  );
}

async function expectTiles(planId: number): Promise<void> {
  const t = await tiling(planId);
  expect(t.overlapM2).toBeLessThan(0.01);
  expect(t.gapM2).toBeLessThan(0.01);
  expect(t.strayFootprintM2).toBeLessThan(0.01);
}

/** A building clear of all others by more than `metres`, and an outline `metres` around its footprint. */
async function ringAroundBuilding(metres: number): Promise<{ code: string; outline: Polygon }> {
  return one(
    `SELECT b.code, ST_AsGeoJSON(ST_Buffer(b.geom::geography, $2, 'quad_segs=2')::geometry, 9)::json AS outline
       FROM building b
      WHERE b.community_code = $1
        AND NOT EXISTS (SELECT 1 FROM building o WHERE o.community_code = $1 AND o.code <> b.code
                          AND ST_DWithin(o.geom::geography, b.geom::geography, $2 * 2))
      ORDER BY b.code LIMIT 1`,
    [community, metres],
  );
}

const areas = (plan: PlanAnswer) => Object.fromEntries(plan.cells.map((c) => [c.label, Math.round(c.areaM2 * 10) / 10]));

describe('op=draw keeps the drawn outline as the cell boundary', () => {
  it('a new cell drawn tightly around one building is exactly the outline; undo and redo restore the shapes', async () => {
    const plan = await generated(community);
    const { code, outline } = await ringAroundBuilding(3);
    const drawn = await ok(await edit(plan, { op: 'draw', cell: null, outline }));
    const label = drawn.edit!.createdCells[0];
    expect(drawn.cells.find((c) => c.label === label)!.buildingCodes).toEqual([code]);
    expect(await differenceFromOutline(drawn.id, label, outline)).toBeLessThan(0.01);
    // The building's atom reaches well beyond 3 m: the rest of it went to the cells around.
    const atom = await one<{ m2: number }>('SELECT ST_Area(geom::geography)::float8 AS m2 FROM building_atom WHERE building_code = $1', [
      code,
    ]);
    const cellArea = drawn.cells.find((c) => c.label === label)!.areaM2;
    expect(atom.m2).toBeGreaterThan(cellArea + 1);
    await expectTiles(drawn.id);
    expect(drawn.validation.counts.gap ?? 0).toBe(0);
    expect(drawn.validation.counts.overlap ?? 0).toBe(0);

    const undone = await ok(await call('POST', `/api/grid-plans/${plan.id}/undo`, { version: drawn.version }, await planner()));
    expect(areas(undone)).toEqual(areas(plan));
    await expectTiles(plan.id);
    const redone = await ok(await call('POST', `/api/grid-plans/${plan.id}/redo`, { version: undone.version }, await planner()));
    expect(areas(redone)).toEqual(areas(drawn));
    expect(await differenceFromOutline(plan.id, label, outline)).toBeLessThan(0.01);
  });

  it('a building painted out of a drawn cell takes its whole atom along, and the tiling holds', async () => {
    const plan = await generated(community);
    const { code, outline } = await ringAroundBuilding(3);
    const drawn = await ok(await edit(plan, { op: 'draw', cell: null, outline }));
    const label = drawn.edit!.createdCells[0];
    const other = plan.cells.find((c) => c.buildingCodes.includes(code))!.label;
    // Painting the single building back empties the drawn cell, which disappears.
    const painted = await ok(await edit(drawn, { op: 'move', buildings: [code], to: other }));
    expect(painted.cells.map((c) => c.label)).not.toContain(label);
    await expectTiles(plan.id);
    expect(painted.validation.counts.gap ?? 0).toBe(0);
  });

  it('answers 422 naming the buildings an outline cuts, and leaves the draft unchanged', async () => {
    const plan = await generated(community);
    // The western half of a building's bounding box, widened 2 m north, south and west.
    const cut = await one<{ code: string; outline: Polygon }>(
      `SELECT b.code, ST_AsGeoJSON(ST_MakeEnvelope(ST_XMin(b.geom) - 0.00002, ST_YMin(b.geom) - 0.00002,
                                                  (ST_XMin(b.geom) + ST_XMax(b.geom)) / 2, ST_YMax(b.geom) + 0.00002, 4326), 9)::json AS outline
         FROM building b WHERE b.community_code = $1 AND ST_Area(b.geom::geography) > 100 ORDER BY b.code LIMIT 1`,
      [community],
    );
    const res = await edit(plan, { op: 'draw', cell: plan.cells[0].label, outline: cut.outline });
    expect(res.status).toBe(422);
    const body = await json<ErrorAnswer>(res);
    expect(body.error.code).toBe('grid.edit.outline_cuts_buildings');
    expect((body.error.details as { buildings: string[] }).buildings).toContain(cut.code);
    const after = await getPlan(plan.id);
    expect(after.version).toBe(plan.version);
    expect(areas(after)).toEqual(areas(plan));
  });

  it('a cell redrawn 2 m inside its edge with replace keeps that outline through publishing', async () => {
    const draft = await draftFrom(community, 'published');
    // A one-piece cell whose outline, pulled 2 m in, still holds each building whole.
    const pick = await one<{ label: string; outline: Polygon }>(
      `SELECT g.label, ST_AsGeoJSON(ST_Buffer(g.geom::geography, -2, 'quad_segs=2')::geometry, 9)::json AS outline
         FROM grid_cell g
        WHERE g.plan_id = $1 AND ST_NumGeometries(g.geom) = 1
          AND ST_GeometryType(ST_Buffer(g.geom::geography, -2, 'quad_segs=2')::geometry) = 'ST_Polygon'
          AND NOT EXISTS (SELECT 1 FROM building b WHERE b.community_code = $2
                            AND ST_Intersects(b.geom, ST_Boundary(ST_Buffer(g.geom::geography, -2, 'quad_segs=2')::geometry)))
        ORDER BY g.label LIMIT 1`,
      [draft.id, community],
    );
    const before = draft.cells.find((c) => c.label === pick.label)!;
    const drawn = await ok(await edit(draft, { op: 'draw', cell: pick.label, replace: true, outline: pick.outline }));
    const after = drawn.cells.find((c) => c.label === pick.label)!;
    expect(after.buildingCodes).toEqual(before.buildingCodes);
    expect(after.areaM2).toBeLessThan(before.areaM2 - 2 * 2 * 10); // a 2 m strip of at least 20 m of edge
    expect(await differenceFromOutline(draft.id, pick.label, pick.outline)).toBeLessThan(0.01);
    await expectTiles(draft.id);
    expect(drawn.validation.ok).toBe(true);

    const step = async (plan: { id: number; version: number }, action: string, who: string) =>
      ok(await call('POST', `/api/grid-plans/${plan.id}/${action}`, { version: plan.version }, who));
    const approved = await step(await step(drawn, 'submit', await planner()), 'approve', await official());
    const published = await step(approved, 'publish', await official());
    expect(published.status).toBe('published');
    expect(await differenceFromOutline(draft.id, pick.label, pick.outline)).toBeLessThan(0.01);
    await expectTiles(draft.id);
    // A revision of the published plan starts with the drawn outline.
    const revision = await draftFrom(community, 'published');
    expect(await differenceFromOutline(revision.id, pick.label, pick.outline)).toBeLessThan(0.01);
    await expectTiles(revision.id);
  });
});
