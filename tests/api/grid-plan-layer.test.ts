/**
 * Grid plans as a layer: 春江社区's published plan exported, imported back by a planner (a draft
 * with the same cells, codes, buildings and outlines) and by an admin (published again through
 * the ordinary publish: the plan in force archived), exported again unchanged, and the lookup
 * answering the same cell for its buildings. Expected values come from the database's own
 * tables, read by SQL of this file, before anything is imported.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const COMMUNITY = '321012100022';

let db: Db;
let original: FeatureCollection;
const created: number[] = [];
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
async function post(body: string, role: 'planner' | 'admin'): Promise<Response> {
  const cookie = await loginAs(role);
  return (await testApp()).request('/api/import/grid-plans?name=grid-plan-test.geojson', {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Cookie: cookie },
    body,
  });
}
async function exported(): Promise<FeatureCollection> {
  const res = await call('GET', `/api/export/grid-plans?community=${COMMUNITY}`, undefined, await loginAs('planner'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="gridplan-grid-plans-${COMMUNITY}.geojson"`);
  return (await res.json()) as FeatureCollection;
}
const props = (f: Feature) => f.properties as Record<string, unknown>;

beforeAll(async () => {
  await testApp();
  db = await testDb();
  expect(await q(`SELECT id FROM grid_plan WHERE community_code = $1 AND status <> 'published'`, [COMMUNITY])).toEqual([]);
});
afterAll(async () => {
  await db.withClient((c) => c.query(`DELETE FROM grid_plan WHERE id = ANY($1::bigint[]) AND status = 'draft'`, [created]));
  await db.withClient((c) => c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id = 'grid-plan-test.geojson'`));
});

describe('GET /api/export/grid-plans', () => {
  it('writes one feature per cell of the published plan with its code, label, households and buildings', async () => {
    original = await exported();
    const cells = await q<{ code: string; label: string; households: number; buildings: string }>(
      `SELECT g.code, g.label, sum(b.households)::int AS households, string_agg(b.code, ';' ORDER BY b.code) AS buildings
         FROM grid_plan p JOIN grid_cell g ON g.plan_id = p.id JOIN cell_building cb ON cb.cell_id = g.id JOIN building b ON b.code = cb.building_code
        WHERE p.community_code = $1 AND p.status = 'published' GROUP BY g.code, g.label ORDER BY g.code`,
      [COMMUNITY],
    );
    expect(cells.length).toBeGreaterThan(1);
    expect(
      original.features
        .map((f) => ({ code: props(f).code, label: props(f).label, households: props(f).households, buildings: props(f).building_codes }))
        .sort((a, b) => String(a.code).localeCompare(String(b.code))),
    ).toEqual(cells.map((c) => ({ code: c.code, label: c.label, households: c.households, buildings: c.buildings })));
    expect(new Set(original.features.map((f) => `${props(f).community_code} ${props(f).plan_no} ${props(f).plan_status}`))).toEqual(
      new Set([`${COMMUNITY} 1 published`]),
    );
  });
});

describe('POST /api/import/grid-plans', () => {
  it("makes a planner's import of a published plan a draft with the same cells, codes, buildings and outlines", async () => {
    const res = await post(JSON.stringify(original), 'planner');
    const report = (await res.json()) as { plans: { planId: number; status: string; cells: number }[]; notes: { code: string }[] };
    expect(res.status).toBe(200);
    expect(report.plans.map((p) => [p.status, p.cells])).toEqual([['draft', original.features.length]]);
    expect(report.notes.map((n) => n.code)).toEqual(['grid_import.note.published_as_draft']);
    const draft = report.plans[0].planId;
    created.push(draft);
    const differing = await q(
      `SELECT d.label FROM grid_cell d
         JOIN grid_plan p ON p.community_code = $2 AND p.status = 'published'
         LEFT JOIN grid_cell o ON o.plan_id = p.id AND o.label = d.label
        WHERE d.plan_id = $1
          AND (o.id IS NULL OR o.code IS DISTINCT FROM d.code OR NOT ST_Equals(o.geom, d.geom)
               OR ARRAY(SELECT building_code FROM cell_building WHERE cell_id = o.id ORDER BY 1)
                  <> ARRAY(SELECT building_code FROM cell_building WHERE cell_id = d.id ORDER BY 1))`,
      [draft, COMMUNITY],
    );
    expect(differing).toEqual([]);
  });

  it("publishes an admin's import, archiving the plan in force; the export is then unchanged and the lookup answers the same cells", async () => {
    const [before] = await q<{ id: number }>(`SELECT id::int AS id FROM grid_plan WHERE community_code = $1 AND status = 'published'`, [
      COMMUNITY,
    ]);
    const sample = await q<{ code: string; lng: number; lat: number; cell: string }>(
      `SELECT b.code, ST_X(ST_PointOnSurface(b.geom)) AS lng, ST_Y(ST_PointOnSurface(b.geom)) AS lat, g.code AS cell
         FROM building b JOIN cell_building cb ON cb.building_code = b.code JOIN grid_cell g ON g.id = cb.cell_id
        WHERE cb.plan_id = $1 ORDER BY b.code LIMIT 3`,
      [before.id],
    );
    const res = await post(JSON.stringify(original), 'admin');
    const report = (await res.json()) as { plans: { planId: number; status: string }[]; notes: { code: string }[] };
    expect(res.status).toBe(200);
    expect(report.plans.map((p) => p.status)).toEqual(['published']);
    expect(await q(`SELECT status FROM grid_plan WHERE id = $1`, [before.id])).toEqual([{ status: 'archived' }]);

    const again = await exported();
    // the planner's draft from the test before is plan 2 now; plan 1 is the published plan, as before
    expect(again.features.filter((f) => props(f).plan_no === 1)).toEqual(original.features);
    const draftCells = again.features.filter((f) => props(f).plan_no === 2);
    expect(draftCells.map((f) => ({ ...f, properties: { ...props(f), plan_no: 1, plan_status: 'published' } }))).toEqual(original.features);

    const worker = await loginAs('planner');
    for (const b of sample) {
      const lookup = await call('GET', `/api/lookup?lng=${b.lng}&lat=${b.lat}`, undefined, worker);
      const body = (await lookup.json()) as { building: { code: string }; cell: { code: string; planId: number } };
      expect([body.building.code, body.cell.code, body.cell.planId]).toEqual([b.code, b.cell, report.plans[0].planId]);
    }
  });

  it('refuses unknown buildings, buildings in two cells and unknown communities, naming cell and building, and writes nothing', async () => {
    const [a, b] = original.features;
    const bad: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { ...a, properties: { ...props(a), building_codes: `${props(a).building_codes};32101210002299999` } },
        {
          ...b,
          properties: {
            ...props(b),
            building_codes: `${String(props(b).building_codes)};${String(props(a).building_codes).split(';')[0]}`,
          },
        },
        { ...b, properties: { ...props(b), community_code: '321012100099', code: null } },
      ],
    };
    const plansBefore = await q(`SELECT id FROM grid_plan WHERE community_code = $1 ORDER BY id`, [COMMUNITY]);
    const res = await post(JSON.stringify(bad), 'admin');
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { details: { problems: { feature: number; code: string; params: Record<string, unknown> }[] } };
    };
    expect(
      body.error.details.problems.map((p) => [p.feature, p.code, p.params.label ?? p.params.community, p.params.building ?? null]),
    ).toEqual([
      [0, 'grid_import.building_unknown', props(a).label, '32101210002299999'],
      [1, 'grid_import.building_twice', props(b).label, String(props(a).building_codes).split(';')[0]],
      [2, 'grid_import.community_unknown', '321012100099', null],
    ]);
    expect(await q(`SELECT id FROM grid_plan WHERE community_code = $1 ORDER BY id`, [COMMUNITY])).toEqual(plansBefore);
  });
});
