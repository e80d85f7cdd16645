/** Zipped shapefiles: .prj handling, DBF encodings, and archives that must be refused. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, Position } from 'geojson';
import type { Db } from '../../../server/src/db/pool';
import { testDb } from '../../helpers/db';
import { runImport, type ImportOptions } from '../../../server/src/data/import';
import { parseShapefile } from '../../../server/src/data/parse-shapefile';
import { unzip, ZipError } from '../../../server/src/data/unzip';
import { shapefileParts, zip, zipShapefile } from './shapefile-writer';

const GK_CM120 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const facility = (name: string, coordinates: Position): Feature => ({
  type: 'Feature',
  properties: { comm_code: '321012100006', name, area_m2: 120 },
  geometry: { type: 'Point', coordinates },
});

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
const dryRun = (bytes: Uint8Array, opts: Partial<ImportOptions> = {}) =>
  runImport(db, bytes, { layer: 'facilities', format: 'shapefile', mode: 'upsert', dryRun: true, fileName: null, username: null, ...opts });

describe('shapefile import', () => {
  it('applies a projected .prj (proj4) and agrees with PostGIS transforming the same numbers', async () => {
    const features = [facility('a', [455000, 3589000]), facility('b', [456000, 3590000])];
    const viaPrj = parseShapefile(zipShapefile(features, { prj: GK_CM120 }), undefined);
    expect(viaPrj.file!.alreadyGeographic).toBe(true);
    const [x, y] = (viaPrj.file!.records[0].geometry as GeoJSON.Point).coordinates;
    expect(x).toBeCloseTo(119.52156, 4);
    expect(y).toBeCloseTo(32.42426, 4);
    const report = await dryRun(zipShapefile(features, { prj: GK_CM120 }));
    expect(report).toMatchObject({ ok: true, counts: { inserted: 2 } });
    expect(report.notes.map((n) => n.code)).toContain('import.note.prj_applied');
    // the user's projected crs wins over the .prj: PostGIS transforms, same place to the millimetre
    const chosen = parseShapefile(zipShapefile(features, { prj: GK_CM120 }), { kind: 'epsg', srid: 4549 });
    expect(chosen.file!.alreadyGeographic).toBe(false);
    const { rows } = await db.withClient((c) =>
      c.query<{ d: number }>(
        'SELECT ST_Distance(ST_Transform(ST_SetSRID(ST_MakePoint(455000, 3589000), 4549), 4326)::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS d',
        [x, y],
      ),
    );
    expect(rows[0].d).toBeLessThan(0.01);
  });

  it('reads GBK text from the DBF language byte, and from its bytes when nothing says', () => {
    // 引江 in GBK
    const encode = (s: string) => (s === '引江' ? new Uint8Array([0xd2, 0xfd, 0xbd, 0xad]) : new TextEncoder().encode(s));
    const byDriver = parseShapefile(zipShapefile([facility('引江', [119.53, 32.44])], { encode, languageDriver: 0x4d }), undefined);
    expect(byDriver.file!.records[0].props.name).toBe('引江');
    const guessed = parseShapefile(zipShapefile([facility('引江', [119.53, 32.44])], { encode }), undefined);
    expect(guessed.file!.records[0].props.name).toBe('引江');
    expect(guessed.file!.notes.map((n) => n.code)).toEqual(['import.note.dbf_gb18030']);
    const declared = parseShapefile(zipShapefile([facility('引江', [119.53, 32.44])], { encode, cpg: '936' }), undefined);
    expect(declared.file!.records[0].props.name).toBe('引江');
  });

  it('refuses zips with no shapefile, several shapefiles, unknown compression or a bomb', async () => {
    const parts = shapefileParts([facility('a', [119.53, 32.44])]);
    expect((await dryRun(zip(parts.filter((p) => !p.name.endsWith('.shp'))))).problems[0].code).toBe('import.zip_no_shp');
    const two = [...parts, ...shapefileParts([facility('b', [119.53, 32.44])], { baseName: 'other' })];
    expect((await dryRun(zip(two))).problems[0]).toMatchObject({ code: 'import.zip_many_shp', params: { count: 2 } });
    const bomb = zip(parts);
    const view = new DataView(bomb.buffer);
    for (let i = 0; i < bomb.length - 4; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 300 * 1024 * 1024, true);
    expect(() => unzip(bomb, () => true)).toThrow(ZipError);
    expect((await dryRun(bomb)).problems[0]).toMatchObject({ code: 'import.zip_too_large', params: { limitMegabytes: 200 } });
  });

  it('reads deflated archives, and a zip without .dbf gives features without attributes', async () => {
    const deflated = parseShapefile(zipShapefile([facility('a', [119.53, 32.44])], { deflate: true }), undefined);
    expect(deflated.file!.records[0].props).toMatchObject({ name: 'a', area_m2: 120 });
    const bare = await dryRun(zip(shapefileParts([facility('a', [119.53, 32.44])]).filter((p) => !p.name.endsWith('.dbf'))));
    expect(bare.notes.map((n) => n.code)).toContain('import.note.no_dbf');
    expect(bare.problems.map((p) => p.code)).toEqual(['import.column_missing', 'import.column_missing', 'import.column_missing']);
  });
});
