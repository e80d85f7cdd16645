/** Every kind of problem is reported with the feature/row it came from, and nothing is written. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, Geometry, Position } from 'geojson';
import type { Db } from '../../../server/src/db/pool';
import { testDb } from '../../helpers/db';
import { runImport, type ImportOptions } from '../../../server/src/data/import';
import type { ImportReport } from '../../../server/src/data/types';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const encode = (s: string) => new TextEncoder().encode(s);
const square = (i: number): Geometry => {
  const x = 119.5296 + (i % 8) * 0.0004;
  const y = 32.44 + Math.floor(i / 8) * 0.0003;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 0.0002, y],
        [x + 0.0002, y + 0.0001],
        [x, y + 0.0001],
        [x, y],
      ],
    ],
  };
};
const building = (i: number, props: Record<string, unknown>, geometry: Geometry | null = square(i)): Feature => ({
  type: 'Feature',
  properties: { code: `321012100006${91000 + i}`, households: 10, ...props },
  geometry: geometry as Geometry,
});
const fc = (features: Feature[]) => encode(JSON.stringify({ type: 'FeatureCollection', features }));
const run = (bytes: Uint8Array, opts: Partial<ImportOptions>): Promise<ImportReport> =>
  runImport(db, bytes, {
    layer: 'buildings',
    format: 'geojson',
    mode: 'upsert',
    dryRun: false,
    fileName: 'validate.test',
    username: null,
    ...opts,
  });
const brief = (r: ImportReport) =>
  r.problems.map((p) => ({
    ...('feature' in p ? { feature: p.feature } : {}),
    ...('row' in p ? { row: p.row } : {}),
    field: p.field,
    code: p.code,
  }));
const count = async (sql: string, params: unknown[]) => (await db.withClient((c) => c.query<{ n: number }>(sql, params))).rows[0].n;

describe('import validation', () => {
  it('reports every problem in a buildings file with its feature, and writes nothing (not even the good feature)', async () => {
    const ring: Position[] = Array.from({ length: 5100 }, (_, i) => [
      119.53 + 0.0001 * Math.cos(i / 812),
      32.445 + 0.0001 * Math.sin(i / 812),
    ]);
    ring.push(ring[0]);
    const features = [
      building(0, {}),
      building(1, { households: -5 }),
      building(2, { code: '3210121000069100' }),
      building(3, { code: '32101210000791003', community_code: '321012100006' }),
      building(4, { code: '32101210000691000' }),
      building(5, { code: '32101219999991005' }),
      building(6, { compound_code: '321012100006-999' }),
      building(
        7,
        {},
        {
          type: 'LineString',
          coordinates: [
            [119.53, 32.44],
            [119.531, 32.44],
          ],
        },
      ),
      building(8, {}, null),
      building(
        9,
        {},
        {
          type: 'Polygon',
          coordinates: [
            [
              [119.53, 32.441],
              [119.531, 32.442],
              [119.531, 32.441],
              [119.53, 32.442],
              [119.53, 32.441],
            ],
          ],
        },
      ),
      building(
        10,
        {},
        {
          type: 'Polygon',
          coordinates: [
            [
              [119.53, 95],
              [119.531, 95],
              [119.531, 95.1],
              [119.53, 95],
            ],
          ],
        },
      ),
      { ...building(11, {}), properties: { code: '32101210000691011', households: '' } },
      building(12, { kind: 'castle' }),
      building(13, { floors: 500 }),
      building(14, {}, { type: 'Polygon', coordinates: [ring] }),
      building(15, { code: '32101210000600001' }),
    ];
    const report = await run(fc(features), { mode: 'insert' });
    expect(report.ok).toBe(false);
    expect(brief(report)).toEqual([
      { feature: 1, field: 'households', code: 'import.negative' },
      { feature: 2, field: 'code', code: 'import.code_format' },
      { feature: 3, field: 'community_code', code: 'import.prefix_mismatch' },
      { feature: 4, field: 'code', code: 'import.duplicate_feature' },
      { feature: 5, field: 'community_code', code: 'import.unknown_reference' },
      { feature: 6, field: 'compound_code', code: 'import.unknown_reference' },
      { feature: 7, field: 'geometry', code: 'import.geometry_type' },
      { feature: 8, field: 'geometry', code: 'import.geometry_missing' },
      { feature: 9, field: 'geometry', code: 'import.invalid_geometry' },
      { feature: 10, field: 'geometry', code: 'import.coordinate_out_of_range' },
      { feature: 12, field: 'kind', code: 'import.not_in_list' },
      { feature: 13, field: 'floors', code: 'import.above_maximum' },
      { feature: 14, field: 'geometry', code: 'import.too_many_vertices' },
      { feature: 15, field: 'code', code: 'import.exists' },
    ]);
    expect(report.problems[3].params).toMatchObject({ column: 'code', first: 0 });
    const bowtie = report.problems.find((p) => p.code === 'import.invalid_geometry')!;
    expect(bowtie.params.reason).toMatch(/Self-intersection/);
    expect(bowtie.location).toEqual([bowtie.params.lng, bowtie.params.lat]);
    expect(bowtie.location![0]).toBeCloseTo(119.5305, 6);
    expect(bowtie.location![1]).toBeCloseTo(32.4415, 6);
    expect(await count(`SELECT count(*)::int AS n FROM building WHERE code LIKE '32101210000691%'`, [])).toBe(0);
  });

  it('reports CSV problems by spreadsheet row for people', async () => {
    const csv = [
      'id,name,type,phone,community_code,home_building_code',
      ',张三,volunteer,13800000000,321012100006,',
      ',李四,alien,,321012100006,',
      '999999,王五,retiree,,321012100006,',
      ',赵六,retiree,,321012100006,32101210000699999',
      ',,retiree,,321012100006,',
      ',钱七,retiree,abc,321012100006,',
      ',孙八,retiree,,321012199999,',
      ',周九,retiree,,321012100006,32101210000100001',
    ].join('\n');
    const report = await run(encode(csv), { layer: 'people', format: 'csv' });
    expect(brief(report)).toEqual([
      { row: 3, field: 'type', code: 'import.not_in_list' },
      { row: 4, field: 'id', code: 'import.unknown_id' },
      { row: 5, field: 'home_building_code', code: 'import.unknown_reference' },
      { row: 6, field: 'name', code: 'import.required' },
      { row: 7, field: 'phone', code: 'import.code_format' },
      { row: 8, field: 'community_code', code: 'import.unknown_reference' },
      { row: 9, field: 'home_building_code', code: 'import.home_other_community' },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM person WHERE name = '张三'`, [])).toBe(0);
  });

  it('reports missing and doubled columns, and cross-field rules, naming the file column', async () => {
    const noArea = await run(encode('code,comm_code,method,name,lng,lat\nT-1,321012100006,swap,x,119.53,32.44\n'), {
      layer: 'options',
      format: 'csv',
    });
    expect(brief(noArea)).toEqual([{ field: 'area_m2', code: 'import.column_missing' }]);
    const doubled = await run(fc([{ ...building(0, {}), properties: { code: '32101210000691000', households: 1, 户数: 2 } }]), {});
    expect(brief(doubled)).toEqual([{ field: '户数', code: 'import.column_twice' }]);
    const options = 'code,comm_code,method,name,area,released,lng,lat\nT-1,321012100006,swap,x,100,150,119.53,32.44\n';
    expect(brief(await run(encode(options), { layer: 'options', format: 'csv' }))).toEqual([
      { row: 2, field: 'released', code: 'import.released_not_below_area' },
    ]);
  });

  it('reports unreadable files, unknown coordinate systems and points a projection cannot take', async () => {
    expect(brief(await run(encode('{"type":'), {}))).toEqual([{ field: undefined, code: 'import.not_json' }]);
    expect(brief(await run(encode('not a zip'), { format: 'shapefile' }))).toEqual([{ field: undefined, code: 'import.zip_not_zip' }]);
    expect(brief(await run(fc([building(0, {})]), { crs: 'EPSG:99999' }))).toEqual([{ field: 'crs', code: 'import.crs_not_in_postgis' }]);
    expect(brief(await run(fc([building(0, {})]), { crs: 'nad27' }))).toEqual([{ field: 'crs', code: 'import.crs_unknown' }]);
    const far = (i: number): Geometry => ({
      type: 'Polygon',
      coordinates: [
        [
          [1e9, 1e9],
          [1e9 + 20, 1e9],
          [1e9 + 20, 1e9 + 20],
          [1e9, 1e9],
        ],
      ].map((r) => r.map(([x, y]) => [x + i, y])),
    });
    const ok = (i: number): Geometry => ({
      type: 'Polygon',
      coordinates: [
        [
          [455000 + i * 50, 3589000],
          [455020 + i * 50, 3589000],
          [455020 + i * 50, 3589010],
          [455000 + i * 50, 3589000],
        ],
      ],
    });
    // the projected squares lie in community 321012100015
    const inCommunity = (i: number) => ({ code: `321012100015${91000 + i}` });
    const report = await run(
      fc([building(0, inCommunity(0), ok(0)), building(1, inCommunity(1), far(1)), building(2, inCommunity(2), ok(2))]),
      {
        crs: 'EPSG:4549',
      },
    );
    expect(brief(report)).toEqual([{ feature: 1, field: 'geometry', code: 'import.transform_failed' }]);
  });

  it('says how the coordinates were read', async () => {
    const report = await run(fc([building(0, {})]), { crs: 'cgcs2000', dryRun: true });
    expect(report).toMatchObject({
      ok: true,
      dryRun: true,
      crs: 'cgcs2000',
      counts: { records: 1, inserted: 1, updated: 0, unchanged: 0 },
    });
    expect(report.notes.map((n) => n.code)).toContain('import.note.cgcs2000');
    const ignored = await run(fc([building(0, { colour: 'red' })]), { dryRun: true });
    expect(ignored.notes).toContainEqual(
      expect.objectContaining({ code: 'import.note.ignored_columns', params: { layer: 'buildings', columns: ['colour'] } }),
    );
    expect(await count(`SELECT count(*)::int AS n FROM building WHERE code = $1`, ['32101210000691000'])).toBe(0);
  });
});
