/**
 * Export → import → nothing changes, for every layer and format (a shapefile is written from the
 * GeoJSON export by the test helper); and a changed export updates exactly what changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import type { Db } from '../../../server/src/db/pool';
import { testDb } from '../../helpers/db';
import { exportLayer } from '../../../server/src/data/export';
import { importLayer, IMPORT_LAYER_IDS, type ImportLayerId } from '../../../server/src/data/layers';
import { runImport } from '../../../server/src/data/import';
import type { ImportFormat } from '../../../server/src/data/types';
import { zipShapefile } from './shapefile-writer';

const FILE = 'roundtrip.test';
// DBF field names stop at 10 characters; these are the layer aliases for the longer columns.
const DBF_NAMES = {
  community_code: 'comm_code',
  compound_code: 'comp_code',
  min_households_per_cell: 'min_hh',
  max_households_per_cell: 'max_hh',
  property_company: 'prop_comp',
  released_area_m2: 'released',
  one_off_cost: 'one_off',
  yearly_cost: 'yearly',
  available_after_months: 'avail_mon',
  share_radius_m: 'share_r',
  needs_approval: 'needs_appr',
  households_estimated: 'hh_est',
  footprint_estimated: 'fp_est',
};
// a community with candidate options (non-compliant) and one with everything else
const communityFor = (layer: ImportLayerId) => (layer === 'options' ? '321012100001' : '321012100006');

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db.withClient((c) => c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id = $1`, [FILE]));
});

const exported = (layer: ImportLayerId, format: 'geojson' | 'csv') =>
  db.withClient((c) => exportLayer(c, importLayer(layer), { format, community: communityFor(layer), maskPhones: false }));
const reimport = (layer: ImportLayerId, format: ImportFormat, bytes: Uint8Array) =>
  runImport(db, bytes, { layer, format, mode: 'upsert', dryRun: false, fileName: FILE, username: null });

describe('export → import round trip', () => {
  for (const layer of IMPORT_LAYER_IDS) {
    for (const format of ['geojson', 'csv'] as const) {
      it(`${layer} as ${format} imports back unchanged`, async () => {
        const first = await exported(layer, format);
        const report = await reimport(layer, format, new TextEncoder().encode(first.body));
        expect(report.problems).toEqual([]);
        expect(report.counts.records).toBeGreaterThan(0);
        expect(report.counts).toEqual({ records: report.counts.records, inserted: 0, updated: 0, unchanged: report.counts.records });
        expect((await exported(layer, format)).body).toBe(first.body);
      });
    }
    if (importLayer(layer).geometry) {
      it(`${layer} as a zipped shapefile imports back unchanged`, async () => {
        const fc = JSON.parse((await exported(layer, 'geojson')).body) as FeatureCollection;
        const report = await reimport(layer, 'shapefile', zipShapefile(fc.features, { rename: DBF_NAMES, cpg: 'UTF-8', deflate: true }));
        expect(report.problems).toEqual([]);
        expect(report.counts).toEqual({ records: fc.features.length, inserted: 0, updated: 0, unchanged: fc.features.length });
      });
    }
  }

  it('updates only what changed, bumping versions, and the original export restores it', async () => {
    const original = await exported('buildings', 'geojson');
    const fc = JSON.parse(original.body) as FeatureCollection;
    const [a, b] = fc.features as Feature<GeoJSON.Polygon>[];
    const versions = async () =>
      (
        await db.withClient((c) =>
          c.query<{ code: string; version: number }>('SELECT code, version FROM building WHERE code = ANY($1) ORDER BY code', [
            [a.id, b.id],
          ]),
        )
      ).rows;
    const before = await versions();
    a.properties!.households = Number(a.properties!.households) + 7;
    b.geometry.coordinates[0] = b.geometry.coordinates[0].map(([x, y]) => [x + 0.00001, y]);
    const changed = await reimport('buildings', 'geojson', new TextEncoder().encode(JSON.stringify(fc)));
    expect(changed.counts).toMatchObject({ inserted: 0, updated: 2, unchanged: fc.features.length - 2 });
    expect((await versions()).map((r) => r.version)).toEqual(before.map((r) => r.version + 1));
    const restored = await reimport('buildings', 'geojson', new TextEncoder().encode(original.body));
    expect(restored.counts).toMatchObject({ updated: 2 });
    expect((await exported('buildings', 'geojson')).body).toBe(original.body);
  });

  it("never changes an option's status: approval is a workflow, not an import", async () => {
    const fc = JSON.parse((await exported('options', 'geojson')).body) as FeatureCollection;
    const statusOf = async () =>
      (await db.withClient((c) => c.query<{ status: string }>('SELECT status FROM facility_option WHERE code = $1', [fc.features[0].id])))
        .rows[0].status;
    const before = await statusOf();
    fc.features[0].properties!.status = before === 'approved' ? 'withdrawn' : 'approved';
    const report = await reimport('options', 'geojson', new TextEncoder().encode(JSON.stringify(fc)));
    expect(report.counts).toMatchObject({ updated: 0, unchanged: fc.features.length });
    expect(await statusOf()).toBe(before);
  });
});
