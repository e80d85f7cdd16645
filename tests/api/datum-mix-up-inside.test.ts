/**
 * A GCJ-02 mix-up deep inside the town: 春江社区's neighbour 321012100012 lies 2 km from the town
 * edge, so its outline read 500 m off still lies inside the town and the parent check sees
 * nothing. The buildings already filed under it (and under its compounds) say which reading fits:
 * the demo outline, compounds and buildings shifted to GCJ-02 numbers with gcoord (as a web map's
 * export would be) are refused naming the feature and suggesting crs=gcj02; the same files
 * imported with crs=gcj02, and the whole town's demo exports as they are, pass. All imports are
 * dry runs.
 */
import gcoord from 'gcoord';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { inDatum } from '../helpers/datum';

const COMMUNITY = '321012100012';

type Problem = { feature: number; code: string; params: Record<string, unknown> };
let planner: string;

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
  const db = await testDb();
  // the premise: deep inside the town, which has an outline of its own
  const { rows } = await db.withClient((c) =>
    c.query<{ metres: number }>(
      `SELECT ST_Distance(ST_Boundary(t.geom)::geography, m.geom::geography)::float8 AS metres
         FROM community m JOIN town t ON t.code = m.town_code WHERE m.code = $1 AND NOT t.outline_from_communities`,
      [COMMUNITY],
    ),
  );
  expect(rows[0].metres).toBeGreaterThan(1500);
});

/** A layer's export: of the community, or of the whole town. */
async function exported(layer: string, community: string | null = COMMUNITY): Promise<FeatureCollection> {
  const res = await call('GET', `/api/export/${layer}${community ? `?community=${community}` : ''}`, undefined, planner);
  expect(res.status).toBe(200);
  return (await res.json()) as FeatureCollection;
}

const toGcj02 = (file: FeatureCollection) => inDatum(file, gcoord.GCJ02);

async function dryRun(layer: string, file: FeatureCollection, crs = ''): Promise<{ status: number; problems: Problem[] }> {
  const res = await (
    await testApp()
  ).request(`/api/import/${layer}?dryRun=true&name=mix-up-inside${crs ? `&crs=${crs}` : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Cookie: planner },
    body: JSON.stringify(file),
  });
  const body = (await res.json()) as { error?: { details: { problems: Problem[] } } };
  return { status: res.status, problems: body.error?.details.problems ?? [] };
}

async function storedCount(sql: string, params: unknown[]): Promise<number> {
  const db = await testDb();
  const { rows } = await db.withClient((c) => c.query<{ n: number }>(sql, params));
  return rows[0].n;
}

describe('GCJ-02 numbers read as WGS84 deep inside the town', () => {
  it("accepts the whole demo town's communities, compounds and buildings as exported", async () => {
    for (const layer of ['communities', 'compounds', 'buildings']) {
      const res = await dryRun(layer, await exported(layer, null));
      expect([layer, res.problems]).toEqual([layer, []]);
      expect(res.status).toBe(200);
    }
  });

  it('refuses the community outline in GCJ-02 numbers with both shares and crs=gcj02, and takes it with crs=gcj02', async () => {
    const shifted = toGcj02(await exported('communities'));
    expect(shifted.features).toHaveLength(1);
    const res = await dryRun('communities', shifted);
    expect(res.status).toBe(400);
    const buildings = await storedCount('SELECT count(*)::int AS n FROM building WHERE community_code = $1', [COMMUNITY]);
    // named once, at the feature, instead of the overlaps with its neighbours the shift causes
    expect(res.problems.map((p) => [p.feature, p.code])).toEqual([[0, 'import.datum_mix_up_buildings']]);
    const { params } = res.problems[0];
    expect(params).toMatchObject({ crs: 'wgs84', better: 'gcj02', code: COMMUNITY, count: buildings });
    expect(params.insidePercent).toBeLessThan(90);
    expect(params.betterInsidePercent).toBeGreaterThan(99);
    expect(await dryRun('communities', shifted, 'gcj02')).toEqual({ status: 200, problems: [] });
  });

  it('refuses a compound outline in GCJ-02 numbers naming the feature', async () => {
    const all = await exported('compounds');
    // the compound with the most buildings filed under it
    const db = await testDb();
    const { rows } = await db.withClient((c) =>
      c.query<{ code: string; n: number }>(
        `SELECT compound_code AS code, count(*)::int AS n FROM building WHERE community_code = $1 AND compound_code IS NOT NULL
          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
        [COMMUNITY],
      ),
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(10);
    const at = all.features.findIndex((f) => f.properties!.code === rows[0].code);
    const shifted = toGcj02({ ...all, features: [all.features[at]] });
    const res = await dryRun('compounds', shifted);
    expect(res.status).toBe(400);
    const mixUps = res.problems.filter((p) => p.code === 'import.datum_mix_up_buildings');
    expect(mixUps.map((p) => [p.feature, p.params.code, p.params.count, p.params.better])).toEqual([[0, rows[0].code, rows[0].n, 'gcj02']]);
    expect(await dryRun('compounds', shifted, 'gcj02')).toEqual({ status: 200, problems: [] });
  });

  it('refuses the buildings in GCJ-02 numbers with one problem for their community, and takes them with crs=gcj02', async () => {
    const shifted = toGcj02(await exported('buildings'));
    const res = await dryRun('buildings', shifted);
    expect(res.status).toBe(400);
    const mixUps = res.problems.filter((p) => p.code === 'import.datum_mix_up_community');
    expect(mixUps.map((p) => [p.feature, p.params.community, p.params.crs, p.params.better])).toEqual([[0, COMMUNITY, 'wgs84', 'gcj02']]);
    expect(mixUps[0].params.insidePercent).toBeLessThan(90);
    expect(mixUps[0].params.betterInsidePercent).toBeGreaterThan(99);
    // the buildings that land outside their community are still named, each
    expect(res.problems.filter((p) => p.code === 'import.building_outside_community').length).toBeGreaterThan(0);
    expect(await dryRun('buildings', shifted, 'gcj02')).toEqual({ status: 200, problems: [] });
  });
});
