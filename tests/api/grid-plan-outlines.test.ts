/**
 * Drawn outlines travel with a grid plan file: a cell drawn in the editor is exported with its
 * drawn outline (and the neighbours with the pieces they took), imported back as a new plan whose
 * cells have the same shapes and claims; a file without drawn outlines imports as before; bad
 * drawn outlines are refused naming the feature and nothing is written. Expected shapes are the
 * drawn plan's own cells and claims, measured by PostGIS in this file's SQL.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { type PlanAnswer, cleanUpDrafts, communityWithValidPublishedPlan, edit, generated, json } from './grid-plans-helpers';

const GRID = 1e-9;
type Polygon = { type: 'Polygon'; coordinates: number[][][] };
type Problem = { feature: number; code: string; field?: string; params: Record<string, unknown> };

let community: string;
let drawn: PlanAnswer;
let drawnLabel: string;
let file: FeatureCollection;
const imported: number[] = [];

async function rows<R>(sql: string, params: unknown[]): Promise<R[]> {
  const db = await testDb();
  return (await db.withClient((c) => c.query<R>(sql, params))).rows;
}

const props = (f: Feature) => f.properties as Record<string, unknown>;

async function post(body: FeatureCollection, role: 'planner' | 'admin' = 'planner'): Promise<Response> {
  return (await testApp()).request('/api/import/grid-plans?name=grid-plan-outlines.geojson', {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Cookie: await loginAs(role) },
    body: JSON.stringify(body),
  });
}

/** Per cell label, m² by which plan `b`'s cell differs from plan `a`'s, and likewise their claims. */
async function shapeDifferences(a: number, b: number): Promise<{ label: string; cellM2: number; claimM2: number | null }[]> {
  return rows(
    `SELECT x.label, ST_Area(ST_SymDifference(x.geom, y.geom, ${GRID})::geography)::float8 AS "cellM2",
            ST_Area(ST_SymDifference(kx.geom, ky.geom, ${GRID})::geography)::float8 AS "claimM2"
       FROM grid_cell x JOIN grid_cell y ON y.plan_id = $2 AND y.label = x.label
       LEFT JOIN grid_cell_claim kx ON kx.cell_id = x.id LEFT JOIN grid_cell_claim ky ON ky.cell_id = y.id
      WHERE x.plan_id = $1 ORDER BY x.label`,
    [a, b],
  );
}

async function claimedLabels(planId: number): Promise<string[]> {
  const found = await rows<{ label: string }>(
    'SELECT g.label FROM grid_cell_claim k JOIN grid_cell g ON g.id = k.cell_id WHERE g.plan_id = $1 ORDER BY g.label',
    [planId],
  );
  return found.map((r) => r.label);
}

beforeAll(async () => {
  await testApp();
  ({ code: community } = await communityWithValidPublishedPlan());
  const plan = await generated(community);
  // A building clear of every other by 6 m, and an outline 3 m around it: its atom reaches
  // further, so the cells around take the rest and get drawn outlines (claims) too.
  const [pick] = await rows<{ outline: Polygon }>(
    `SELECT ST_AsGeoJSON(ST_Buffer(b.geom::geography, 3, 'quad_segs=2')::geometry, 9)::json AS outline
       FROM building b
      WHERE b.community_code = $1
        AND NOT EXISTS (SELECT 1 FROM building o WHERE o.community_code = $1 AND o.code <> b.code
                          AND ST_DWithin(o.geom::geography, b.geom::geography, 6))
      ORDER BY b.code LIMIT 1`,
    [community],
  );
  const res = await edit(plan, { op: 'draw', cell: null, outline: pick.outline });
  expect(res.status).toBe(200);
  drawn = await json<PlanAnswer>(res);
  drawnLabel = drawn.edit!.createdCells[0];
});

afterAll(async () => {
  await cleanUpDrafts();
  await rows(`DELETE FROM grid_plan WHERE id = ANY($1::bigint[]) AND status = 'draft'`, [imported]);
  await rows(`DELETE FROM audit_log WHERE action = 'import' AND entity_id = 'grid-plan-outlines.geojson'`, []);
});

describe('GET /api/export/grid-plans with drawn outlines', () => {
  it("writes each cell's drawn outline as drawn_outline, null for cells without one, other columns as before", async () => {
    const res = await call('GET', `/api/export/grid-plans?community=${community}`, undefined, await loginAs('planner'));
    expect(res.status).toBe(200);
    const all = (await res.json()) as FeatureCollection;
    const [{ name }] = await rows<{ name: string }>('SELECT name FROM grid_plan WHERE id = $1', [drawn.id]);
    file = { type: 'FeatureCollection', features: all.features.filter((f) => props(f).plan_name === name) };
    expect(file.features.map((f) => props(f).label).sort()).toEqual(drawn.cells.map((c) => c.label).sort());
    for (const f of all.features)
      expect(Object.keys(props(f))).toEqual([
        'community_code',
        'plan_no',
        'plan_name',
        'plan_status',
        'plan_min_households',
        'plan_max_households',
        'code',
        'label',
        'households',
        'building_codes',
        'drawn_outline',
      ]);
    const claimed = await claimedLabels(drawn.id);
    expect(claimed).toContain(drawnLabel);
    expect(claimed.length).toBeGreaterThan(1);
    const outlined = file.features.filter((f) => props(f).drawn_outline !== null);
    expect(outlined.map((f) => props(f).label).sort()).toEqual(claimed);
    expect(outlined.map((f) => (props(f).drawn_outline as { type: string }).type)).toEqual(outlined.map(() => 'MultiPolygon'));
    // the published plan's cells carry drawn outlines exactly where it has claims (none, unless an
    // earlier test published a drawn cell in this community)
    const [published] = await rows<{ id: number }>(
      `SELECT id::int AS id FROM grid_plan WHERE community_code = $1 AND status = 'published'`,
      [community],
    );
    const publishedOutlined = all.features.filter((f) => props(f).plan_no === 1 && props(f).drawn_outline !== null);
    expect(publishedOutlined.map((f) => props(f).label).sort()).toEqual(await claimedLabels(published.id));
  });
});

describe('POST /api/import/grid-plans with drawn outlines', () => {
  it('imports the drawn plan as a new plan with the same cell shapes and drawn outlines (< 0.01 m²)', async () => {
    const res = await post(file);
    expect(res.status).toBe(200);
    const report = await json<{ plans: { planId: number; cells: number; drawnOutlines: number }[] }>(res);
    const claimed = await claimedLabels(drawn.id);
    expect(report.plans.map((p) => [p.cells, p.drawnOutlines])).toEqual([[drawn.cells.length, claimed.length]]);
    const copy = report.plans[0].planId;
    imported.push(copy);
    expect(await claimedLabels(copy)).toEqual(claimed);
    const differences = await shapeDifferences(drawn.id, copy);
    expect(differences.map((d) => d.label)).toEqual(drawn.cells.map((c) => c.label).sort());
    for (const d of differences) {
      expect(d.cellM2, `cell ${d.label}`).toBeLessThan(0.01);
      if (claimed.includes(d.label)) expect(d.claimM2, `claim ${d.label}`).toBeLessThan(0.01);
    }
  });

  it("publishes an admin's import of the drawn plan marked published through the integrity checks, shapes unchanged", async () => {
    // a range every cell meets (the one-building cell is small): what is checked is the tiling
    const marked: FeatureCollection = {
      ...file,
      features: file.features.map((f) => ({
        ...f,
        properties: { ...props(f), plan_status: 'published', plan_min_households: 1, plan_max_households: 100_000 },
      })),
    };
    const res = await post(marked, 'admin');
    expect(res.status).toBe(200);
    const report = await json<{ plans: { planId: number; status: string }[] }>(res);
    expect(report.plans.map((p) => p.status)).toEqual(['published']);
    const differences = await shapeDifferences(drawn.id, report.plans[0].planId);
    expect(differences).toHaveLength(drawn.cells.length);
    for (const d of differences) expect(d.cellM2, `cell ${d.label}`).toBeLessThan(0.01);
  });

  it('imports a file without drawn_outline (an older export) with cells drawn from their buildings, as before', async () => {
    const old: FeatureCollection = {
      ...file,
      features: file.features.map((f) => {
        const { drawn_outline: _dropped, ...rest } = props(f);
        return { ...f, properties: rest };
      }),
    };
    const res = await post(old);
    expect(res.status).toBe(200);
    const report = await json<{ plans: { planId: number; drawnOutlines: number }[] }>(res);
    expect(report.plans.map((p) => p.drawnOutlines)).toEqual([0]);
    const copy = report.plans[0].planId;
    imported.push(copy);
    expect(await claimedLabels(copy)).toEqual([]);
    // The drawn cell is its buildings' atoms again: larger than the 3 m outline by more than 1 m².
    const [d] = (await shapeDifferences(drawn.id, copy)).filter((x) => x.label === drawnLabel);
    expect(d.cellM2).toBeGreaterThan(1);
  });

  it('refuses overlapping, invalid and malformed drawn outlines naming the feature, and writes nothing', async () => {
    const outlinedAt = file.features.findIndex((f) => props(f).label === drawnLabel);
    const outline = props(file.features[outlinedAt]).drawn_outline as { coordinates: number[][][][] };
    const others = file.features.map((_, i) => i).filter((i) => i !== outlinedAt);
    const [x0, y0] = outline.coordinates[0][0][0];
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [x0, y0],
          [x0 + 1e-4, y0 + 1e-4],
          [x0 + 1e-4, y0],
          [x0, y0 + 1e-4],
          [x0, y0],
        ],
      ],
    };
    const withOutlines = (given: Map<number, unknown>): FeatureCollection => ({
      ...file,
      features: file.features.map((f, i) => (given.has(i) ? { ...f, properties: { ...props(f), drawn_outline: given.get(i) } } : f)),
    });
    const refused = async (body: FeatureCollection): Promise<Problem[]> => {
      const res = await post(body);
      expect(res.status).toBe(400);
      return (await json<{ error: { details: { problems: Problem[] } } }>(res)).error.details.problems;
    };
    const before = await rows('SELECT id FROM grid_plan WHERE community_code = $1 ORDER BY id', [community]);

    const shapes = await refused(
      withOutlines(
        new Map<number, unknown>([
          [others[1], bowTie],
          [others[2], 'a drawn outline'],
        ]),
      ),
    );
    expect(shapes.map((p) => [p.feature, p.code, p.field, p.params.reason ?? null])).toEqual([
      [others[1], 'grid.shape.invalid', 'drawn_outline', 'Self-intersection'],
      [others[2], 'grid_import.field_invalid', 'drawn_outline', null],
    ]);

    // another cell given the drawn cell's outline: the two overlap, and it covers that cell's building
    const copied = await refused(withOutlines(new Map([[others[0], outline]])));
    const [first, second] = [outlinedAt, others[0]].sort((a, b) => a - b);
    const labelAt = (i: number) => props(file.features[i]).label;
    const [building] = drawn.cells.find((c) => c.label === drawnLabel)!.buildingCodes;
    expect(copied.map((p) => [p.feature, p.code, p.params.label, p.params.otherLabel, p.params.building ?? null])).toEqual(
      [
        [first, 'grid_import.drawn_outlines_overlap', labelAt(first), labelAt(second), null],
        [others[0], 'grid_import.drawn_outline_covers_building', labelAt(others[0]), drawnLabel, building],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect(await rows('SELECT id FROM grid_plan WHERE community_code = $1 ORDER BY id', [community])).toEqual(before);
  });
});
