/**
 * Any place in China: administrative divisions imported from DataV GeoAtlas files as downloaded
 * and from the official code list, a community's town and divisions made from its code, and the
 * plausibility checks that refuse geometries in the wrong place (with the likely coordinate
 * system), overlapping communities and codes under the wrong town.
 */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { zipShapefile } from '../domain/io/shapefile-writer';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/divisions/${name}`, import.meta.url));
const fixtureJson = <T>(name: string) => JSON.parse(fixture(name).toString('utf8')) as T;
const CGCS2000_GK_CM_120E =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const GCS_WGS_1984 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const SHANGHAI = ['31', '3101', '310101', '310115', '310115005', '310115005001'];
const JIANGDU_TOWN = '321012100';

let db: Db;
let planner: string;
beforeAll(async () => {
  await testApp();
  db = await testDb();
  planner = await loginAs('planner');
});
afterAll(async () => {
  await db.withTransaction(async (c) => {
    await c.query(`DELETE FROM community WHERE code LIKE '310115%'`);
    await c.query(`DELETE FROM town WHERE code LIKE '310115%'`);
    await c.query('DELETE FROM division WHERE code = ANY($1)', [SHANGHAI]);
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id LIKE 'divisions-test%'`);
  });
});

async function post(path: string, body: BodyInit, contentType: string) {
  const res = await (await testApp()).request(path, { method: 'POST', headers: { 'Content-Type': contentType, Cookie: planner }, body });
  const json = await res.json();
  return { status: res.status, report: res.status === 200 ? json : json.error.details };
}
const geojson = (layer: string, query: string, body: BodyInit) =>
  post(`/api/import/${layer}?name=divisions-test${query ? `&${query}` : ''}`, body, 'application/geo+json');
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);
const jiangdu = () => fixtureJson<FeatureCollection>('jiangdu-community.geojson');
const withGeometry = (fc: FeatureCollection, geometry: GeoJSON.Geometry): FeatureCollection => ({
  ...fc,
  features: fc.features.map((f: Feature) => ({ ...f, geometry })),
});
const withCode = (fc: FeatureCollection, code: string, name = '测试社区'): FeatureCollection => ({
  ...fc,
  features: fc.features.map((f) => ({ ...f, properties: { code, name } })),
});

describe('divisions from DataV GeoAtlas files and the official code list', () => {
  it('imports a province FeatureCollection and a _full file in GCJ-02, shortening adcodes to their level', async () => {
    const province = await geojson('divisions', 'crs=gcj02', fixture('310000.json'));
    expect(province.status).toBe(200);
    expect(province.report.counts).toEqual({ records: 1, inserted: 1, updated: 0, unchanged: 0 });
    const full = await geojson('divisions', 'crs=gcj02', fixture('310000_full.json'));
    expect(full.status).toBe(200);
    expect(full.report.counts).toEqual({ records: 2, inserted: 2, updated: 0, unchanged: 0 });
    // the DataV extras are named as ignored, not refused
    const ignored = full.report.notes.find((n: { code: string }) => n.code === 'import.note.ignored_columns');
    expect(ignored.params.columns).toEqual(
      expect.arrayContaining(['center', 'centroid', 'childrenNum', 'parent', 'subFeatureIndex', 'acroutes']),
    );
    expect(await q('SELECT code, level, parent_code, name FROM division WHERE code = ANY($1) ORDER BY code', [SHANGHAI])).toEqual([
      { code: '31', level: 'province', parent_code: null, name: '上海市' },
      { code: '310101', level: 'county', parent_code: '3101', name: '黄浦区' },
      { code: '310115', level: 'county', parent_code: '3101', name: '浦东新区' },
    ]);
    // GCJ-02 → WGS84 moves Shanghai about 0.0045° west and 0.002° north
    const [pudong] = await q<{ xmin: number; ymax: number }>(
      `SELECT ST_XMin(geom) AS xmin, ST_YMax(geom) AS ymax FROM division WHERE code = '310115'`,
    );
    expect(121.5 - pudong.xmin).toBeGreaterThan(0.003);
    expect(121.5 - pudong.xmin).toBeLessThan(0.007);
    expect(pudong.ymax - 31.4).toBeGreaterThan(0.001);
    expect(pudong.ymax - 31.4).toBeLessThan(0.004);
  });

  it('reads a DataV county file as downloaded: a bare array of Features', async () => {
    const res = await geojson('divisions', 'crs=gcj02', fixture('310115.json'));
    expect(res.status).toBe(200);
    expect(res.report.counts).toEqual({ records: 1, inserted: 0, updated: 0, unchanged: 1 });
  });

  it('fills names by code from the official code list (12-digit codes, Chinese headers) and keeps outlines', async () => {
    const res = await post('/api/import/divisions?name=divisions-test-codes', fixture('shanghai-codes.csv'), 'text/csv');
    expect(res.status).toBe(200);
    expect(res.report.counts).toMatchObject({ records: 5, inserted: 3, unchanged: 2 });
    expect(
      await q('SELECT code, level, parent_code, name, geom IS NOT NULL AS outlined FROM division WHERE code = ANY($1) ORDER BY code', [
        SHANGHAI,
      ]),
    ).toEqual([
      { code: '31', level: 'province', parent_code: null, name: '上海市', outlined: true },
      { code: '3101', level: 'city', parent_code: '31', name: '市辖区', outlined: false },
      { code: '310101', level: 'county', parent_code: '3101', name: '黄浦区', outlined: true },
      { code: '310115', level: 'county', parent_code: '3101', name: '浦东新区', outlined: true },
      { code: '310115005', level: 'town', parent_code: '310115', name: '潍坊新村街道', outlined: false },
      { code: '310115005001', level: 'community', parent_code: '310115005', name: '潍坊一村社区居委会', outlined: false },
    ]);
    const exported = await (await call('GET', '/api/export/divisions?format=csv', undefined, planner)).text();
    expect(exported).toContain('310115005,潍坊新村街道');
  });

  it('refuses a level the code cannot have, naming the feature', async () => {
    const wrong = [{ type: 'Feature', properties: { adcode: 310115, name: '浦东新区', level: 'province' }, geometry: null }];
    const res = await geojson('divisions', '', JSON.stringify(wrong));
    expect(res.status).toBe(400);
    expect(res.report.problems).toEqual([expect.objectContaining({ feature: 0, field: 'level', code: 'import.division_level_mismatch' })]);
  });
});

describe("a community's town and divisions come from its code", () => {
  it('imports a Shanghai community: its town is created inside its county, named from the code list', async () => {
    const res = await geojson('communities', '', fixture('pudong-community.geojson'));
    expect(res.status).toBe(200);
    expect(res.report.counts).toEqual({ records: 1, inserted: 1, updated: 0, unchanged: 0 });
    const [town] = await q<{ name: string; derived: boolean; same: boolean }>(
      `SELECT t.name, t.outline_from_communities AS derived, ST_Equals(t.geom, c.geom) AS same
         FROM town t JOIN community c ON c.town_code = t.code WHERE t.code = '310115005'`,
    );
    expect(town).toEqual({ name: '潍坊新村街道', derived: true, same: true });
    // the square's true centroid is its centre
    const list = (await (await call('GET', '/api/communities', undefined, planner)).json()) as { code: string; centroid: number[] }[];
    expect(list.find((c) => c.code === '310115005001')!.centroid).toEqual([121.525, 31.225]);
  });

  it('refuses a Shanghai code filed under the Jiangdu town', async () => {
    const fc = fixtureJson<FeatureCollection>('pudong-community.geojson');
    fc.features[0].properties = { code: '310115005002', name: '错镇社区', town_code: JIANGDU_TOWN };
    const res = await geojson('communities', '', JSON.stringify(fc));
    expect(res.status).toBe(400);
    expect(res.report.problems).toEqual([
      expect.objectContaining({
        feature: 0,
        field: 'town_code',
        code: 'import.prefix_mismatch',
        params: { code: '310115005002', column: 'town_code', value: JIANGDU_TOWN },
      }),
    ]);
  });

  it("refuses a Shanghai community drawn in Jiangdu: it lies outside its county's outline", async () => {
    const res = await geojson('communities', '', JSON.stringify(withCode(jiangdu(), '310115005003')));
    expect(res.status).toBe(400);
    expect(res.report.problems[0]).toMatchObject({
      feature: 0,
      code: 'import.outside_parent',
      params: { crs: 'wgs84', insidePercent: 0, parent: '310115', parentName: '浦东新区' },
    });
    expect(await q(`SELECT code FROM community WHERE code = '310115005003'`)).toEqual([]);
  });
});

describe('plausibility before writing', () => {
  it('refuses a community read in the wrong coordinate system and names the one that fits', async () => {
    const before = await q(`SELECT version FROM community WHERE code = '321012100006'`);
    const res = await geojson('communities', 'crs=EPSG:4549', fixture('jiangdu-community.geojson'));
    expect(res.status).toBe(400);
    const [outside, ...hints] = res.report.problems;
    expect(outside).toMatchObject({ feature: 0, code: 'import.outside_china', params: { crs: 'EPSG:4549' } });
    expect(hints[0]).toMatchObject({
      feature: 0,
      code: 'import.crs_hint_parent',
      params: { crs: 'wgs84', parent: `${JIANGDU_TOWN} 仙女镇` },
    });
    expect(await q(`SELECT version FROM community WHERE code = '321012100006'`)).toEqual(before);
  });

  it('refuses a community overlapping another by more than the setting (1 %)', async () => {
    const res = await geojson('communities', 'dryRun=true', JSON.stringify(withCode(jiangdu(), '321012100950')));
    expect(res.status).toBe(400);
    expect(res.report.problems).toEqual([
      expect.objectContaining({
        feature: 0,
        code: 'import.community_overlap',
        params: { other: '321012100006', percent: 100, maximum: 1 },
      }),
    ]);
  });

  it('refuses a polygon without area', async () => {
    const tiny = [
      [
        [119.55, 32.43],
        [119.5500001, 32.43],
        [119.5500001, 32.4300001],
        [119.55, 32.4300001],
        [119.55, 32.43],
      ],
    ];
    const fc = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '321012100951', name: '点' }, geometry: { type: 'Polygon', coordinates: tiny } }],
    };
    const res = await geojson('communities', 'dryRun=true', JSON.stringify(fc));
    expect(res.status).toBe(400);
    expect(codes(res.report.problems)).toContain('import.zero_area');
  });

  it('asks whether longitude and latitude were swapped', async () => {
    const fc = jiangdu();
    const polygons = (fc.features[0].geometry as GeoJSON.MultiPolygon).coordinates;
    const swapped = polygons.map((p) => p.map((r) => r.map(([x, y]) => [y, x])));
    const res = await geojson(
      'communities',
      'dryRun=true',
      JSON.stringify(withGeometry(fc, { type: 'MultiPolygon', coordinates: swapped })),
    );
    expect(res.status).toBe(400);
    expect(res.report.problems).toEqual([expect.objectContaining({ feature: 0, code: 'import.coordinate_swapped' })]);
  });
});

describe('shapefiles in EPSG:4549, with and without .prj', () => {
  const projected = () => fixtureJson<FeatureCollection>('jiangdu-community-epsg4549.geojson').features;
  const zipped = (prj?: string) => zipShapefile(projected(), { cpg: 'UTF-8', ...(prj ? { prj } : {}) });
  const shapefile = (query: string, body: Uint8Array) =>
    post(
      `/api/import/communities?format=shapefile&dryRun=true&name=divisions-test${query}`,
      new Blob([new Uint8Array(body)]),
      'application/zip',
    );

  it('reads the ESRI .prj (CGCS2000_3_Degree_GK_CM_120E) and lands in the town', async () => {
    const res = await shapefile('', zipped(CGCS2000_GK_CM_120E));
    expect(res.status).toBe(200);
    expect(res.report.counts.records).toBe(1);
    expect(codes(res.report.notes)).toContain('import.note.prj_applied');
  });

  it('without .prj: refused as projected metres with the WGS84 assumption noted; with crs=EPSG:4549 accepted', async () => {
    const bare = await shapefile('', zipped());
    expect(bare.status).toBe(400);
    expect(codes(bare.report.notes)).toContain('import.note.assumed_wgs84');
    expect(bare.report.problems[0]).toMatchObject({ feature: 0, code: 'import.coordinate_projected' });
    const named = await shapefile('&crs=EPSG:4549', zipped());
    expect(named.status).toBe(200);
    expect(codes(named.report.notes)).not.toContain('import.note.assumed_wgs84');
  });

  it('notes a .prj that disagrees with the chosen crs (ESRI GCS_WGS_1984 recognised)', async () => {
    const fc = jiangdu();
    const res = await shapefile('&crs=gcj02', zipShapefile(fc.features, { cpg: 'UTF-8', prj: GCS_WGS_1984 }));
    const note = res.report.notes.find((n: { code: string }) => n.code === 'import.note.crs_over_declared');
    expect(note.params).toEqual({ declared: 'wgs84', crs: 'gcj02' });
  });
});

describe('GET /api/import/history', () => {
  it('lists the imports written, newest first, with who and what; dry runs and refusals are not there', async () => {
    const res = await call('GET', '/api/import/history?layer=divisions&limit=10', undefined, planner);
    expect(res.status).toBe(200);
    const { imports } = (await res.json()) as {
      imports: { username: string; layer: string; format: string; crs: string; counts: unknown }[];
    };
    // written above: the province, the _full file, the bare array and the code list; the refused level was not
    expect(imports.map((i) => [i.layer, i.format, i.crs, i.username])).toEqual([
      ['divisions', 'csv', 'wgs84', 'planner'],
      ['divisions', 'geojson', 'gcj02', 'planner'],
      ['divisions', 'geojson', 'gcj02', 'planner'],
      ['divisions', 'geojson', 'gcj02', 'planner'],
    ]);
    expect(imports[0].counts).toEqual({ records: 5, inserted: 3, updated: 0, unchanged: 2 });
    expect((await call('GET', '/api/import/history', undefined, await loginAs('worker'))).status).toBe(403);
  });
});
