/**
 * OpenStreetMap buildings as two tile extracts deliver them (tests/fixtures/osm/buildings-osm-tiles.geojson,
 * rectangles on a 0.0001° lattice at 119.5176 E, 32.4406 N in 引江社区): way/7001 cut at the tile
 * edge into features 0 (4 × 2 cells of the lattice) and 2 (2 × 2), touching only; way/7006
 * (feature 4, 1.5 × 2) drawn inside way/7005 (feature 3, 2 × 2); way/7003 (feature 5, 3 × 2) and
 * way/7004 (feature 6, 2 × 2) overlapping by one lattice cell. Expected values worked by hand: at
 * 32.4407° N one lattice cell is 9.404 m × 11.090 m = 104.29 m² on the WGS84 ellipsoid.
 */
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { rebuildAtoms } from '../../server/src/db/atoms';
import { runImport } from '../../server/src/data/import';
import { testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { cleanUpDrafts, generated } from './grid-plans-helpers';

const COMMUNITY = '321012100006';
const CELL_M2 = 104.29;
const AREA = 'ST_MakeEnvelope(119.5175, 32.4405, 119.5188, 32.4412, 4326)';
const tiles = () =>
  JSON.parse(readFileSync(new URL('../fixtures/osm/buildings-osm-tiles.geojson', import.meta.url), 'utf8')) as FeatureCollection;
/** The fixture without way/7004, the one overlap that is not a piece. */
const withoutOverlap = () => {
  const fc = tiles();
  fc.features = fc.features.slice(0, 6);
  return fc;
};

let db: Db;
let highest: number;
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
const run = (fc: FeatureCollection, fileName = 'osm-tiles-test', mode: 'upsert' | 'insert' = 'upsert') =>
  runImport(db, new TextEncoder().encode(JSON.stringify(fc)), {
    layer: 'buildings',
    format: 'geojson',
    mode,
    dryRun: mode === 'insert',
    fileName,
    username: null,
  });
const codeNo = (n: number) => `${COMMUNITY}${String(highest + n).padStart(5, '0')}`;

beforeAll(async () => {
  await testApp();
  db = await testDb();
  highest = Number(
    (await q<{ code: string }>('SELECT max(code) AS code FROM building WHERE community_code = $1', [COMMUNITY]))[0].code.slice(12),
  );
});
afterAll(async () => {
  await cleanUpDrafts();
  await db.withTransaction(async (c) => {
    await c.query(`DELETE FROM building WHERE ST_Intersects(geom, ${AREA})`);
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id = 'osm-tiles-test'`);
    await rebuildAtoms(c, COMMUNITY);
  });
});

describe('pieces of one building', () => {
  it('refuses an overlap that is not a piece, naming both features, and writes nothing', async () => {
    const report = await run(tiles());
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.feature, p.code, p.params.other, p.params.maximumM2])).toEqual([
      [6, 'import.building_overlap_feature', 5, 5],
    ]);
    expect(report.problems[0].params.overlapM2).toBeCloseTo(CELL_M2, 0);
    expect(await q(`SELECT code FROM building WHERE ST_Intersects(geom, ${AREA})`)).toEqual([]);
  });

  it('merges the pieces (same source id; overlapping by more than half) into one building each, with a note per merge', async () => {
    const report = await run(withoutOverlap());
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ records: 4, inserted: 4, updated: 0, unchanged: 0 });
    expect(report.notes.filter((n) => n.code === 'import.note.building_pieces_merged').map((n) => n.params)).toEqual([
      { pieces: [0, 2], kept: 0 },
      { pieces: [3, 4], kept: 3 },
    ]);
    const rows = await q<{ code: string; name: string; floors: number; households: number; areaM2: number; outline: string }>(
      `SELECT code, name, floors, households, ST_Area(geom::geography)::float8 AS "areaM2",
              CASE WHEN ST_Equals(geom, ST_MakeEnvelope(119.5176, 32.4406, 119.5182, 32.4408, 4326)) THEN 'way/7001 whole'
                   WHEN ST_Equals(geom, ST_MakeEnvelope(119.5179, 32.4409, 119.5181, 32.4411, 4326)) THEN 'way/7005' ELSE 'other' END AS outline
         FROM building WHERE ST_Intersects(geom, ${AREA}) ORDER BY code`,
    );
    expect(rows.map(({ areaM2: _, ...r }) => r)).toEqual([
      // way/7001, both pieces: 6 × 2 cells = 1,251.5 m² × 6 floors ÷ 90 m² = 83.4
      { code: codeNo(1), name: '切片楼', floors: 6, households: 83, outline: 'way/7001 whole' },
      // 2 × 1 cells = 208.6 m² × 3 ÷ 90 = 6.95
      { code: codeNo(2), name: '', floors: 3, households: 7, outline: 'other' },
      // way/7005 with way/7006 inside it: 2 × 2 cells = 417.1 m² × 4 ÷ 90 = 18.5
      { code: codeNo(3), name: '', floors: 4, households: 19, outline: 'way/7005' },
      // 3 × 2 cells = 625.7 m² × 2 ÷ 90 = 13.9
      { code: codeNo(4), name: '', floors: 2, households: 14, outline: 'other' },
    ]);
    expect(rows.map((r) => Math.round(r.areaM2 / CELL_M2))).toEqual([12, 2, 4, 6]);
  });

  it('finds the same pieces again by their source ids: merged as before, nothing added or changed', async () => {
    const before = await q(
      `SELECT code, floors, households, ST_AsText(geom) AS outline FROM building WHERE ST_Intersects(geom, ${AREA}) ORDER BY code`,
    );
    const report = await run(withoutOverlap());
    expect(report.problems).toEqual([]);
    // way/7001's two pieces found as codeNo(1); way/7006, never stored, merged into way/7005 found as codeNo(3)
    expect(report.counts).toEqual({ records: 4, inserted: 0, updated: 0, unchanged: 4 });
    expect(report.notes.map((n) => [n.code, n.params])).toContainEqual(['import.note.found_by_source_id', { count: 4 }]);
    expect(
      await q(`SELECT code, floors, households, ST_AsText(geom) AS outline FROM building WHERE ST_Intersects(geom, ${AREA}) ORDER BY code`),
    ).toEqual(before);
  });

  it('refuses the same pieces again, imported insert-only, as overlaps with the stored buildings, naming their codes', async () => {
    const report = await run(withoutOverlap(), 'osm-tiles-test', 'insert');
    expect(report.problems.map((p) => [p.feature, p.code, p.params.code])).toEqual([
      [0, 'import.building_overlap_stored', codeNo(1)],
      [1, 'import.building_overlap_stored', codeNo(2)],
      [2, 'import.building_overlap_stored', codeNo(1)],
      [3, 'import.building_overlap_stored', codeNo(3)],
      [4, 'import.building_overlap_stored', codeNo(3)],
      [5, 'import.building_overlap_stored', codeNo(4)],
    ]);
    expect(report.problems.map((p) => Math.round(Number(p.params.overlapM2) / CELL_M2))).toEqual([8, 2, 4, 4, 3, 6]);
  });

  it('does not count a stored building the import replaces (same code) as an overlap', async () => {
    const fc = withoutOverlap();
    fc.features = [fc.features[1]];
    fc.features[0].properties = { ...fc.features[0].properties, code: codeNo(2), 'building:levels': '4' };
    const report = await run(fc);
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ records: 1, inserted: 0, updated: 1, unchanged: 0 });
  });

  it('cells generated on the result neither overlap nor come out empty', async () => {
    const plan = await generated(COMMUNITY);
    const ids = plan.cells.map((c) => c.id);
    expect(ids.length).toBeGreaterThan(1);
    const overlapping = await q<{ a: number; b: number; m2: number }>(
      `SELECT a.id::int AS a, b.id::int AS b, ST_Area(ST_Intersection(a.geom, b.geom)::geography)::float8 AS m2
         FROM grid_cell a JOIN grid_cell b ON a.plan_id = b.plan_id AND a.id < b.id AND ST_Intersects(a.geom, b.geom)
        WHERE a.plan_id = $1 AND ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1`,
      [plan.id],
    );
    expect(overlapping).toEqual([]);
    const empty = await q<{ id: number }>(
      `SELECT g.id::int AS id FROM grid_cell g
        WHERE g.plan_id = $1 AND (g.geom IS NULL OR NOT EXISTS (SELECT 1 FROM cell_building cb WHERE cb.cell_id = g.id))`,
      [plan.id],
    );
    expect(empty).toEqual([]);
    const cut = await q<{ code: string }>(
      `SELECT b.code FROM cell_building cb JOIN building b ON b.code = cb.building_code JOIN grid_cell g ON g.id = cb.cell_id
        WHERE cb.plan_id = $1 AND ST_Intersects(b.geom, ${AREA}) AND ST_Area(ST_Difference(b.geom, g.geom)::geography) > 1`,
      [plan.id],
    );
    expect(cut).toEqual([]);
  });
});
