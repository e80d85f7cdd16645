/** The files in data/samples validate against the demo town; the shapefile sample equals the GeoJSON one. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/src/db/pool';
import { testDb } from '../../helpers/db';
import { runImport } from '../../../server/src/data/import';
import { parseGeoJson } from '../../../server/src/data/parse-geojson';
import { parseShapefile } from '../../../server/src/data/parse-shapefile';
import { validateFile } from '../../../server/src/data/validate';
import { importLayer, type ImportLayerId } from '../../../server/src/data/layers';
import type { ImportFormat } from '../../../server/src/data/types';

const sample = (name: string) => new Uint8Array(readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url)));

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe('data/samples', () => {
  const cases: [string, ImportLayerId, ImportFormat, number][] = [
    ['buildings.geojson', 'buildings', 'geojson', 3],
    ['buildings-shp.zip', 'buildings', 'shapefile', 3],
    ['candidate-sites.csv', 'options', 'csv', 3],
    ['people.csv', 'people', 'csv', 2],
  ];
  for (const [name, layer, format, n] of cases) {
    it(`${name} would insert ${n} ${layer}`, async () => {
      const report = await runImport(db, sample(name), { layer, format, mode: 'insert', dryRun: true, fileName: name, username: null });
      expect(report.problems).toEqual([]);
      expect(report.counts).toEqual({ records: n, inserted: n, updated: 0, unchanged: 0 });
    });
  }

  it('the shapefile sample holds the same values and geometry as the GeoJSON sample', async () => {
    const layer = importLayer('buildings');
    const geojson = parseGeoJson(new TextDecoder().decode(sample('buildings.geojson'))).file!;
    const shapefile = parseShapefile(sample('buildings-shp.zip'), undefined).file!;
    const [a, b] = await db.withClient(async (c) => [
      await validateFile(c, layer, geojson, { kind: 'wgs84' }, 'insert'),
      await validateFile(c, layer, shapefile, { kind: 'wgs84' }, 'insert'),
    ]);
    expect(b.rows.map((r) => [r.values, r.ewkb])).toEqual(a.rows.map((r) => [r.values, r.ewkb]));
  });
});
