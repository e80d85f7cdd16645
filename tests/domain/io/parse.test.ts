import { describe, expect, it } from 'vitest';
import { parseWkt } from '../../../server/src/data/wkt';
import { parseCsv } from '../../../server/src/data/parse-csv';
import { parseGeoJson } from '../../../server/src/data/parse-geojson';
import { readValue } from '../../../server/src/data/values';
import { fieldForColumn, importLayer } from '../../../server/src/data/layers';
import { parseCrs } from '../../../server/src/data/crs';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('parseWkt', () => {
  it('reads polygons with holes, multipolygons, points and an SRID prefix', () => {
    expect(parseWkt('POLYGON((0 0,1 0,1 1,0 0),(0.2 0.1,0.5 0.1,0.5 0.4,0.2 0.1))')).toEqual({
      ok: true,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
          [
            [0.2, 0.1],
            [0.5, 0.1],
            [0.5, 0.4],
            [0.2, 0.1],
          ],
        ],
      },
    });
    expect(parseWkt('SRID=4326;MULTIPOLYGON(((1 2,3 4,5 6,1 2)))')).toEqual({
      ok: true,
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [1, 2],
              [3, 4],
              [5, 6],
              [1, 2],
            ],
          ],
        ],
      },
    });
    expect(parseWkt(' point ( 119.5 32.4 ) ')).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [119.5, 32.4] } });
    expect(parseWkt('POINT Z (1 2 3)')).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [1, 2, 3] } });
    expect(parseWkt('MULTIPOINT((1 2))')).toEqual({ ok: true, geometry: { type: 'MultiPoint', coordinates: [[1, 2]] } });
  });

  it('says where malformed WKT goes wrong', () => {
    expect(parseWkt('POLYGON((0 0,1 x,1 1,0 0))')).toEqual({ ok: false, code: 'import.wkt_expected_number', params: { position: 16 } });
    expect(parseWkt('POLYGON((0 0,1 0,1 1,0 0)')).toEqual({
      ok: false,
      code: 'import.wkt_expected_char',
      params: { char: ')', position: 26 },
    });
    expect(parseWkt('CIRCULARSTRING(0 0,1 1,2 0)')).toEqual({ ok: false, code: 'import.wkt_type', params: { type: 'CIRCULARSTRING' } });
    expect(parseWkt('POINT EMPTY')).toEqual({ ok: false, code: 'import.wkt_empty', params: { type: 'POINT' } });
    expect(parseWkt('POINT(1 2) junk')).toEqual({ ok: false, code: 'import.wkt_trailing', params: { position: 12 } });
  });
});

describe('parseCsv', () => {
  it('numbers rows as a spreadsheet does (header = row 1) and takes points from lng/lat', () => {
    const { file, problems } = parseCsv(utf8('\uFEFFcode,name,lng,lat\nA,一,119.5,32.4\nB,二,119.6,32.5\n'), true);
    expect(problems).toEqual([]);
    expect(file!.columns).toEqual(['code', 'name']);
    expect(file!.records.map((r) => r.ref)).toEqual([{ row: 2 }, { row: 3 }]);
    expect(file!.records[1]).toMatchObject({ props: { code: 'B', name: '二' }, geometry: { type: 'Point', coordinates: [119.6, 32.5] } });
  });

  it('prefers a wkt column and reports unreadable WKT on its row', () => {
    const { file } = parseCsv(utf8('code,wkt,lng,lat\nA,"POLYGON((0 0,1 0,1 1,0 0))",9,9\nB,POLYGON((oops)),,\n'), true);
    expect(file!.records[0].geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    });
    expect(file!.records[1]).toMatchObject({ ref: { row: 3 }, geometry: null, geometryError: { field: 'wkt' } });
  });

  it('reads GB18030 (Excel on Chinese Windows) and says so', () => {
    // "name\n引江" in GBK: 引 = D2 FD, 江 = BD AD
    const gbk = new Uint8Array([...utf8('name\n'), 0xd2, 0xfd, 0xbd, 0xad, 0x0a]);
    const { file } = parseCsv(gbk, false);
    expect(file!.records[0].props.name).toBe('引江');
    expect(file!.notes.map((n) => n.code)).toEqual(['import.note.gb18030']);
  });

  it('asks for geometry columns on a spatial layer', () => {
    const { problems } = parseCsv(utf8('code,name\nA,x\n'), true);
    expect(problems).toEqual([expect.objectContaining({ code: 'import.csv_no_geometry_columns', field: 'wkt' })]);
  });
});

describe('parseGeoJson', () => {
  it('numbers features from 0 and reads the old-style crs member', () => {
    const doc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } },
      features: [
        { type: 'Feature', properties: { a: 1 }, geometry: { type: 'Point', coordinates: [1, 2] } },
        { type: 'Feature', properties: null, geometry: null },
      ],
    };
    const { file, problems } = parseGeoJson(JSON.stringify(doc));
    expect(problems).toEqual([]);
    expect(file!.records.map((r) => r.ref)).toEqual([{ feature: 0 }, { feature: 1 }]);
    expect(file!.declaredCrs).toBe('urn:ogc:def:crs:EPSG::4549');
    expect(parseCrs(file!.declaredCrs!)).toEqual({ kind: 'epsg', srid: 4549 });
  });

  it('rejects what is not a FeatureCollection, and non-features by index', () => {
    expect(parseGeoJson('{"type":"Point","coordinates":[1,2]}').problems[0]).toMatchObject({ code: 'import.not_feature_collection' });
    expect(parseGeoJson('{nope').problems[0]).toMatchObject({ code: 'import.not_json', params: { detail: expect.any(String) } });
    expect(parseGeoJson('"text"').problems[0]).toMatchObject({ code: 'import.not_object' });
    // a bare array is a list of features (as DataV serves them): what is not a feature is located
    expect(parseGeoJson('[1]').problems).toEqual([expect.objectContaining({ feature: 0, code: 'import.not_feature' })]);
    const { problems } = parseGeoJson(
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }, 42] }),
    );
    expect(problems).toEqual([expect.objectContaining({ feature: 1, code: 'import.not_feature' })]);
  });
});

describe('readValue', () => {
  const buildings = importLayer('buildings');
  const field = (name: string, layer = buildings) => fieldForColumn(layer, name)!;

  it('matches columns by name, camelCase, DBF short names and Chinese headers', () => {
    expect(field('Community Code').column).toBe('community_code');
    expect(field('communityCode').column).toBe('community_code');
    expect(field('comm_code').column).toBe('community_code');
    expect(field('户数').column).toBe('households');
    expect(fieldForColumn(buildings, 'colour')).toBeUndefined();
  });

  it('reads numbers, booleans and enums from text, and names what is wrong', () => {
    expect(readValue(field('households'), ' 42 ')).toEqual({ ok: true, value: 42, blank: false });
    expect(readValue(field('households'), '4.5')).toMatchObject({
      ok: false,
      code: 'import.not_integer',
      params: { column: 'households', value: 4.5 },
    });
    expect(readValue(field('households'), -3)).toMatchObject({
      ok: false,
      code: 'import.negative',
      params: { column: 'households', value: -3 },
    });
    expect(readValue(field('floors'), 0)).toMatchObject({
      ok: false,
      code: 'import.below_minimum',
      params: { column: 'floors', minimum: 1, value: 0 },
    });
    // blank households and floors are estimated from the footprint later (see complete.ts)
    expect(readValue(field('households'), '')).toEqual({ ok: true, value: null, blank: true });
    expect(readValue(field('entrances'), '')).toEqual({ ok: true, value: 1, blank: true });
    expect(readValue(field('kind'), '塔楼')).toEqual({ ok: true, value: 'tower', blank: false });
    expect(readValue(field('kind'), 'castle')).toMatchObject({
      ok: false,
      code: 'import.not_in_list',
      params: { column: 'kind', value: 'castle' },
    });
    const options = importLayer('options');
    expect(readValue(field('needs_approval', options), '是')).toMatchObject({ value: true });
    expect(readValue(field('area_m2', options), 0)).toMatchObject({
      ok: false,
      code: 'import.not_above_minimum',
      params: { column: 'area_m2', minimum: 0, value: 0 },
    });
  });

  it('keeps codes as text: a number too large to be exact is refused, formula guards are stripped', () => {
    // A 17-digit code typed as a number has already lost its last digit when JSON parsed it.
    // eslint-disable-next-line no-loss-of-precision
    expect(readValue(field('code'), 32101210000600001)).toMatchObject({ ok: false, code: 'import.number_not_exact' });
    expect(readValue(field('code'), '3210121000060001')).toMatchObject({
      ok: false,
      code: 'import.code_format',
      params: { column: 'code', value: '3210121000060001' },
    });
    const people = importLayer('people');
    expect(readValue(field('phone', people), "'+86 138 0000 0000")).toMatchObject({ value: '+86 138 0000 0000' });
  });
});
