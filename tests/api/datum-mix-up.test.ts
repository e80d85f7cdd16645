/**
 * A GCJ-02 outline imported as WGS84 under a WGS84 parent sits about 500 m off. For a county
 * (here a 1,450 km² outline the size of 丰县) that leaves under 2 % outside its city, which the
 * 95 % rule lets through; the import must refuse it and say that read as GCJ-02 it fits. A
 * community on the county's edge is refused and told the same. The shifted copies are made with gcoord, as a
 * web map's export would be. An outline from another source that differs from its parent by
 * tens of metres in no particular direction is still accepted.
 */
import gcoord from 'gcoord';
import type { Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const CITY = '3203';
const COUNTY = '320321';
const COMMUNITY = '320321100001';
const CENTRE: Position = [116.6, 34.7];
/** Mean radius of the county outline: π × 21.5² ≈ 1,450 km². */
const RADIUS_KM = 21.5;

let db: Db;
let planner: string;
let existingDivisions: string[];
beforeAll(async () => {
  await testApp();
  db = await testDb();
  planner = await loginAs('planner');
  existingDivisions = (await q<{ code: string }>(`SELECT code FROM division WHERE code LIKE '32%'`)).map((r) => r.code);
});
afterAll(async () => {
  await db.withTransaction(async (c) => {
    await c.query(`DELETE FROM community WHERE code LIKE '320321%'`);
    await c.query(`DELETE FROM town WHERE code LIKE '320321%'`);
    await c.query(`DELETE FROM division WHERE code LIKE '32%' AND NOT code = ANY($1::text[])`, [existingDivisions]);
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id LIKE 'mix-up-test%'`);
  });
});

const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;

/** A point `km` from the centre at angle `theta` (east = 0, counter-clockwise), in WGS84. */
function at(theta: number, km: number): Position {
  const [lng, lat] = CENTRE;
  const x = km * Math.cos(theta);
  const y = km * Math.sin(theta);
  return [lng + x / (111.32 * Math.cos((lat * Math.PI) / 180)), lat + y / 110.574];
}
/** The county's edge: an irregular outline, as real ones are. */
const edgeKm = (theta: number) => RADIUS_KM * (1 + 0.12 * Math.sin(3 * theta) + 0.07 * Math.cos(7 * theta) + 0.03 * Math.sin(17 * theta));
const STEPS = 720;
const angles = (from: number, to: number, steps: number) => Array.from({ length: steps + 1 }, (_, k) => from + ((to - from) * k) / steps);
const close = (ring: Position[]) => [...ring, ring[0]];

const countyRing = close(angles(0, 2 * Math.PI, STEPS - 1).map((t) => at(t, edgeKm(t))));
/** The city's outline from another survey: the county's edge give or take 100 m, back and forth 37 times. */
const cityRing = close(angles(0, 2 * Math.PI, STEPS - 1).map((t) => at(t, edgeKm(t) + 0.1 * Math.sin(37 * t))));
/** A rural community on the county's northern edge, where the GCJ-02 offset runs nearly along it: 3.7 km along, 3 km deep. */
const north = angles((85 * Math.PI) / 180, (95 * Math.PI) / 180, 40);
const communityRing = close([...north.map((t) => at(t, edgeKm(t) - 0.02)), ...[...north].reverse().map((t) => at(t, edgeKm(t) - 3))]);

const toGcj02 = (ring: Position[]) => ring.map((p) => gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02) as Position);
const polygonFile = (properties: Record<string, string>, ring: Position[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } }],
  });

type Problem = { feature: number; code: string; params: Record<string, unknown> };
async function post(layer: string, query: string, body: string) {
  const res = await (
    await testApp()
  ).request(`/api/import/${layer}?name=mix-up-test${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Cookie: planner },
    body,
  });
  const json = (await res.json()) as { problems: Problem[] } & { error: { details: { problems: Problem[] } } };
  return { status: res.status, problems: res.status === 200 ? [] : json.error.details.problems };
}

describe('a GCJ-02 outline read as WGS84 under a WGS84 parent', () => {
  it('accepts a county whose WGS84 outline differs from its city by up to 100 m either way', async () => {
    expect((await post('divisions', '', polygonFile({ code: CITY, name: '徐州市' }, cityRing))).status).toBe(200);
    const res = await post('divisions', '', polygonFile({ code: COUNTY, name: '丰县' }, countyRing));
    expect(res.problems).toEqual([]);
    expect(res.status).toBe(200);
  });

  it('refuses the same county in GCJ-02 numbers, suggesting crs=gcj02, though over 95 % of it lies inside', async () => {
    const [before] = await q<{ hash: string }>(`SELECT md5(ST_AsEWKB(geom)::text) AS hash FROM division WHERE code = $1`, [COUNTY]);
    const res = await post('divisions', '', polygonFile({ code: COUNTY, name: '丰县' }, toGcj02(countyRing)));
    expect(res.status).toBe(400);
    expect(res.problems).toHaveLength(1);
    const [mixUp] = res.problems;
    expect(mixUp).toMatchObject({
      feature: 0,
      code: 'import.datum_mix_up',
      params: { crs: 'wgs84', better: 'gcj02', parent: CITY, parentName: '徐州市' },
    });
    // the old rule alone (at least 95 % inside) would have let it through
    expect(mixUp.params.outsidePercent).toBeLessThan(5);
    expect(mixUp.params.betterOutsidePercent).toBeLessThan(Number(mixUp.params.outsidePercent) / 4);
    expect(await q(`SELECT md5(ST_AsEWKB(geom)::text) AS hash FROM division WHERE code = $1`, [COUNTY])).toEqual([before]);
    // told the coordinate system, the file imports
    expect((await post('divisions', '&crs=gcj02', polygonFile({ code: COUNTY, name: '丰县' }, toGcj02(countyRing)))).status).toBe(200);
  });

  it('refuses a community on the county edge in GCJ-02 numbers and takes it with crs=gcj02', async () => {
    const file = polygonFile({ code: COMMUNITY, name: '边界村' }, toGcj02(communityRing));
    const res = await post('communities', '', file);
    expect(res.status).toBe(400);
    // refused for the share outside as before, and now told which reading fits
    expect(res.problems.map((p) => [p.code, p.params.parent])).toEqual([
      ['import.outside_parent', COUNTY],
      ['import.datum_mix_up', COUNTY],
    ]);
    expect(res.problems[1].params).toMatchObject({ crs: 'wgs84', better: 'gcj02', betterOutsidePercent: 0 });
    expect(await q(`SELECT code FROM community WHERE code = $1`, [COMMUNITY])).toEqual([]);
    expect((await post('communities', '&crs=gcj02', file)).status).toBe(200);
    expect(await q(`SELECT code FROM community WHERE code = $1`, [COMMUNITY])).toEqual([{ code: COMMUNITY }]);
  });

  it('accepts the community in WGS84 numbers', async () => {
    const res = await post('communities', '', polygonFile({ code: COMMUNITY, name: '边界村' }, communityRing));
    expect(res.problems).toEqual([]);
    expect(res.status).toBe(200);
  });
});
