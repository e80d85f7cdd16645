/**
 * OpenStreetMap data as downloaded: OSMnx road edges with list-valued attributes, OSM buildings
 * without codes or households, and a register of buildings given as points. Expected values are
 * worked out by hand from the fixtures (areas on the WGS84 ellipsoid at 32.436° N: 0.0001° of
 * longitude is 9.404 m, of latitude 11.090 m).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { rebuildAtoms } from '../../server/src/db/atoms';
import { runImport, type ImportOptions } from '../../server/src/data/import';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const COMMUNITY = '321012100006';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/osm/${name}`, import.meta.url));
const FIXTURE_AREA = 'ST_MakeEnvelope(119.5199, 32.4359, 119.5216, 32.4367, 4326)';

let db: Db;
let highest: number;
beforeAll(async () => {
  await testApp();
  db = await testDb();
  highest = Number(
    (await q<{ code: string }>('SELECT max(code) AS code FROM building WHERE community_code = $1', [COMMUNITY]))[0].code.slice(12),
  );
});
afterAll(async () => {
  await db.withTransaction(async (c) => {
    await c.query(`DELETE FROM building WHERE ST_Intersects(geom, ${FIXTURE_AREA})`);
    await c.query(`DELETE FROM road WHERE osm_id IS NOT NULL`);
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id LIKE 'osm-test%'`);
    await rebuildAtoms(c, COMMUNITY);
  });
});

const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
const run = (bytes: Uint8Array, opts: Partial<ImportOptions>) =>
  runImport(db, bytes, {
    layer: 'buildings',
    format: 'geojson',
    mode: 'upsert',
    dryRun: false,
    fileName: 'osm-test',
    username: null,
    ...opts,
  });
const codeNo = (n: number) => `${COMMUNITY}${String(highest + n).padStart(5, '0')}`;

describe('roads from OSMnx', () => {
  it('reads list-valued strings as lists, derives the kind and the town, and serves the roads as tiles', async () => {
    const report = await run(fixture('roads-osmnx.csv'), { layer: 'roads', format: 'csv' });
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ records: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(report.notes.find((n) => n.code === 'import.note.ignored_columns')?.params).toEqual({
      layer: 'roads',
      columns: ['u', 'v', 'key', 'length'],
    });
    expect(
      await q(
        `SELECT osm_id, town_code, name, highway, kind, oneway, lanes, ST_NPoints(geom) AS points FROM road WHERE osm_id IS NOT NULL ORDER BY osm_id`,
      ),
    ).toEqual([
      {
        osm_id: '101;102',
        town_code: '321012100',
        name: '文昌路;文昌西路',
        highway: 'secondary;primary',
        kind: 'arterial',
        oneway: false,
        lanes: 3,
        points: 2,
      },
      { osm_id: '103', town_code: '321012100', name: '', highway: 'residential', kind: 'local', oneway: true, lanes: null, points: 2 },
      {
        osm_id: '104',
        town_code: '321012100',
        name: '龙川路',
        highway: 'tertiary_link',
        kind: 'secondary',
        oneway: true,
        lanes: 2,
        points: 3,
      },
    ]);
    // z16 tile over 119.52–119.53 E, 32.436 N
    const n = 2 ** 16;
    const x = Math.floor(((119.525 + 180) / 360) * n);
    const rad = (32.436 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
    const tile = await call('GET', `/api/tiles/roads/16/${x}/${y}.pbf`);
    expect(tile.status).toBe(200);
    const text = new TextDecoder().decode(new Uint8Array(await tile.arrayBuffer()));
    expect(text).toContain('secondary;primary');
  });

  it('refuses a road that runs through no town, naming its row, and writes nothing', async () => {
    const csv =
      'osmid,highway,geometry\n900,primary,"LINESTRING (116.40 39.90, 116.41 39.90)"\n901,primary,"LINESTRING (119.52 32.437, 119.521 32.437)"\n';
    const report = await run(new TextEncoder().encode(csv), { layer: 'roads', format: 'csv' });
    expect(report.problems.map((p) => ({ row: p.row, code: p.code }))).toEqual([{ row: 2, code: 'import.road_no_town' }]);
    expect(await q(`SELECT osm_id FROM road WHERE osm_id IN ('900', '901')`)).toEqual([]);
  });
});

describe('OSM buildings as they come', () => {
  it('assigns codes in the community that contains each footprint and estimates households, marked estimated', async () => {
    const report = await run(fixture('buildings-osm.geojson'), {});
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ records: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(report.notes.map((n) => [n.code, n.params])).toEqual(
      expect.arrayContaining([
        ['import.note.codes_assigned', { count: 3 }],
        ['import.note.households_estimated', { count: 2, dwellingSizeM2: 90 }],
      ]),
    );
    expect(
      await q(
        `SELECT code, community_code, name, floors, households, households_estimated, footprint_estimated FROM building
          WHERE ST_Intersects(geom, ${FIXTURE_AREA}) ORDER BY code`,
      ),
    ).toEqual([
      // 18.81 m × 22.18 m = 417 m² × 6 floors ÷ 90 m² = 27.8
      {
        code: codeNo(1),
        community_code: COMMUNITY,
        name: '测试楼甲',
        floors: 6,
        households: 28,
        households_estimated: true,
        footprint_estimated: false,
      },
      // height 30 m → 10 floors; 9.40 m × 22.18 m = 208.6 m² × 10 ÷ 90 = 23.2
      {
        code: codeNo(2),
        community_code: COMMUNITY,
        name: '',
        floors: 10,
        households: 23,
        households_estimated: true,
        footprint_estimated: false,
      },
      {
        code: codeNo(3),
        community_code: COMMUNITY,
        name: '',
        floors: 4,
        households: 12,
        households_estimated: false,
        footprint_estimated: false,
      },
    ]);
    const layer = await (await call('GET', '/api/layers/buildings.geojson', undefined, await loginAs('planner'))).json();
    const shown = layer.features.find((f: { properties: { code: string } }) => f.properties.code === codeNo(1));
    expect(shown.properties).toMatchObject({ households: 28, households_estimated: true, footprint_estimated: false });
  });

  it('draws a footprint of the default size around buildings registered as points', async () => {
    const report = await run(fixture('register-points.csv'), { format: 'csv' });
    expect(report.problems).toEqual([]);
    expect(report.notes.map((n) => n.code)).toEqual(
      expect.arrayContaining(['import.note.codes_assigned', 'import.note.footprints_estimated', 'import.note.households_estimated']),
    );
    const rows = await q<{ code: string; area: number; floors: number; households: number; he: boolean; fe: boolean; type: string }>(
      `SELECT code, ST_Area(geom::geography)::float8 AS area, floors, households, households_estimated AS he, footprint_estimated AS fe,
              GeometryType(geom) AS type
         FROM building WHERE code = ANY($1) ORDER BY code`,
      [[codeNo(4), codeNo(5)]],
    );
    expect(rows.map(({ area, ...r }) => ({ ...r, area: Math.round(area) }))).toEqual([
      // 150 m² × 5 floors ÷ 90 = 8.3; 150 m² × 1 floor ÷ 90 = 1.7
      { code: codeNo(4), area: 150, floors: 5, households: 8, he: true, fe: true, type: 'POLYGON' },
      { code: codeNo(5), area: 150, floors: 1, households: 2, he: true, fe: true, type: 'POLYGON' },
    ]);
  });

  it('refuses a building outside its community or outside every community, naming the feature', async () => {
    const point = (lng: number, lat: number, props: Record<string, unknown>) => ({
      type: 'Feature',
      properties: props,
      geometry: { type: 'Point', coordinates: [lng, lat] },
    });
    // 119.5216 E 32.4243 N lies in 321012100015; 116.40 E 39.90 N in no community
    const fc = { type: 'FeatureCollection', features: [point(119.5216, 32.4243, { community_code: COMMUNITY }), point(116.4, 39.9, {})] };
    const report = await run(new TextEncoder().encode(JSON.stringify(fc)), {});
    expect(report.problems.map((p) => ({ feature: p.feature, code: p.code, params: p.params }))).toEqual([
      { feature: 0, code: 'import.building_outside_community', params: { community: COMMUNITY } },
      { feature: 1, code: 'import.building_in_no_community', params: {} },
    ]);
  });
});

describe('the same OSM buildings imported again', () => {
  const square = (id: string, lng: number, lat: number, props: Record<string, unknown> = {}) => ({
    type: 'Feature',
    properties: { '@id': id, building: 'yes', ...props },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lng, lat],
          [lng + 0.0001, lat],
          [lng + 0.0001, lat + 0.0001],
          [lng, lat + 0.0001],
          [lng, lat],
        ],
      ],
    },
  });
  const file = (...features: unknown[]) => new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
  const inArea = () =>
    q<{ code: string; source_id: string | null; floors: number }>(
      `SELECT code, source_id, floors FROM building WHERE ST_Intersects(geom, ${FIXTURE_AREA}) ORDER BY code`,
    );

  it('finds the buildings the file made by their OSM id and changes nothing', async () => {
    const before = await inArea();
    expect(before.filter((b) => b.source_id !== null).map((b) => [b.code, b.source_id])).toEqual([
      [codeNo(1), 'way/9001'],
      [codeNo(2), 'way/9002'],
      [codeNo(3), 'way/9003'],
    ]);
    const report = await run(fixture('buildings-osm.geojson'), {});
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ records: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(report.notes.map((n) => [n.code, n.params])).toContainEqual(['import.note.found_by_source_id', { count: 3 }]);
    expect(await inArea()).toEqual(before);
  });

  it('updates them from a newer extract, and an import stopped part way, run again, adds only what it had not written', async () => {
    // the first run wrote way/9101 and stopped before way/9102
    const first = await run(file(square('way/9101', 119.52, 32.4364)), {});
    expect(first.counts).toEqual({ records: 1, inserted: 1, updated: 0, unchanged: 0 });
    const newer = file(
      square('way/9101', 119.52, 32.4364),
      square('way/9102', 119.5203, 32.4364),
      // 6 levels then, 8 now
      {
        type: 'Feature',
        properties: { '@id': 'way/9001', 'building:levels': '8' },
        geometry: JSON.parse(new TextDecoder().decode(fixture('buildings-osm.geojson'))).features[0].geometry,
      },
    );
    const report = await run(newer, {});
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ records: 3, inserted: 1, updated: 1, unchanged: 1 });
    const after = await inArea();
    expect(after.find((b) => b.source_id === 'way/9001')).toMatchObject({ code: codeNo(1), floors: 8 });
    expect(after.filter((b) => b.source_id?.startsWith('way/91')).map((b) => [b.code, b.source_id])).toEqual([
      [codeNo(6), 'way/9101'],
      [codeNo(7), 'way/9102'],
    ]);
  });

  it('refuses two features with one OSM id that are not pieces of one building, naming the second', async () => {
    const report = await run(file(square('way/9101', 119.52, 32.4364), square('way/9101', 119.5212, 32.4361)), { dryRun: true });
    expect(report.problems.map((p) => [p.feature, p.code, p.params])).toEqual([
      [1, 'import.duplicate_feature', { column: 'source_id', value: 'way/9101', first: 0 }],
    ]);
  });

  it('matches nothing in an insert-only import: the stored building is an overlap to report', async () => {
    const report = await run(file(square('way/9101', 119.52, 32.4364)), { mode: 'insert', dryRun: true });
    expect(report.problems.map((p) => p.code)).toEqual(['import.building_overlap_stored']);
  });

  it('does not match a stored building that the file files under another community: judged as a new building there', async () => {
    // way/9101 is stored in COMMUNITY as codeNo(6); filed under 321012100015, where its footprint does not lie, it is a new
    // building there: refused, and its square (0.0001° × 0.0001° = 9.40 m × 11.09 m) overlaps the stored one whole
    const report = await run(file(square('way/9101', 119.52, 32.4364, { community_code: '321012100015' })), { dryRun: true });
    expect(report.problems.map((p) => [p.code, p.params])).toEqual([
      ['import.building_overlap_stored', { code: codeNo(6), overlapM2: 104.3, maximumM2: 5 }],
      ['import.building_outside_community', { community: '321012100015' }],
    ]);
  });
});
