/**
 * OpenStreetMap-style buildings (an outline and nothing else) are placed in the community that
 * contains them, so read with the wrong datum, 300–600 m off, they still fit their communities.
 * The stored roads judge them: the demo town's roads cross none of its buildings (the premise),
 * so its buildings in GCJ-02 (or BD-09) numbers read as WGS84 lie across roads where read right
 * they lie across none. Such a file is refused naming crs=; the same file with that crs= goes to
 * the communities the buildings came from; right files, and a town without roads, pass.
 */
import { getSettings } from '../../server/src/db/settings';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { runImport, type ImportOptions } from '../../server/src/data/import';
import type { ValidRow, Validation } from '../../server/src/data/validate';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { inDatum } from '../helpers/datum';
import { allowBlockOverlapsIn } from '../helpers/responsiveness';
import { buildingClashMixUps, CLASH_SAMPLE } from '../../server/src/data/plausibility-clashes';
import { parseGeoJson } from '../../server/src/data/parse-geojson';
import { osmFile, sites } from '../bench/import-town';

/** Deep inside the town (2 km from its edge), so read 500 m off its buildings still lie in the town. */
const COMMUNITY = '321012100012';
const CODE = 'import.datum_mix_up_clashes';

type Problem = { feature: number; code: string; params: Record<string, unknown> };
let db: Db;
let planner: string;
/** The whole town's buildings as OpenStreetMap gives them, and the community each came from. */
let town: FeatureCollection;
let cameFrom: string[];

beforeAll(async () => {
  await testApp();
  db = await testDb();
  planner = await loginAs('planner');
  const res = await call('GET', '/api/export/buildings', undefined, planner);
  expect(res.status).toBe(200);
  const exported = (await res.json()) as FeatureCollection;
  cameFrom = exported.features.map((f) => String(f.properties!.community_code));
  town = { type: 'FeatureCollection', features: exported.features.map(osmStyle) };
  // the premise: roads are stored, and none crosses a building
  const { rows } = await db.withClient((c) =>
    c.query<{ roads: number; crossing: number }>(
      `SELECT (SELECT count(*) FROM road)::int AS roads,
              (SELECT count(*) FROM building b JOIN road r ON ST_Intersects(r.geom, b.geom))::int AS crossing`,
    ),
  );
  expect(rows[0].roads).toBeGreaterThan(0);
  expect(rows[0].crossing).toBe(0);
});

/** Outline and OSM tags only: no code, community, compound or households. */
function osmStyle(f: Feature, i: number): Feature {
  return { type: 'Feature', properties: { '@id': `way/${i + 1}`, building: 'yes' }, geometry: f.geometry };
}

const bytes = (file: FeatureCollection) => new TextEncoder().encode(JSON.stringify(file));
const dryRun = (file: FeatureCollection | Uint8Array, opts: Partial<ImportOptions> = {}) =>
  runImport(db, file instanceof Uint8Array ? file : bytes(file), {
    layer: 'buildings',
    format: 'geojson',
    mode: 'insert',
    dryRun: true,
    fileName: 'datum-roads',
    username: null,
    ...opts,
  });
const ofCommunity = (file: FeatureCollection) => ({ ...file, features: file.features.filter((_, i) => cameFrom[i] === COMMUNITY) });

async function httpDryRun(file: FeatureCollection, crs = ''): Promise<{ status: number; problems: Problem[] }> {
  const res = await (
    await testApp()
  ).request(`/api/import/buildings?dryRun=true&mode=insert&name=datum-roads${crs ? `&crs=${crs}` : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Cookie: planner },
    body: JSON.stringify(file),
  });
  const body = (await res.json()) as { error?: { details: { problems: Problem[] } } };
  return { status: res.status, problems: body.error?.details.problems ?? [] };
}

describe('OpenStreetMap-style buildings read with the wrong datum', () => {
  it('refuses the town in GCJ-02 numbers with one problem naming crs=gcj02, at the first footprint', async () => {
    const res = await httpDryRun(inDatum(town, gcoord.GCJ02));
    expect(res.status).toBe(400);
    const mixUps = res.problems.filter((p) => p.code === CODE);
    expect(mixUps.map((p) => [p.feature, p.params.crs, p.params.better])).toEqual([[0, 'wgs84', 'gcj02']]);
    const { sampled, clashing, clashPercent, betterClashPercent } = mixUps[0].params as Record<string, number>;
    expect(sampled).toBe(CLASH_SAMPLE);
    expect(clashing / sampled).toBeGreaterThan(0.02);
    expect(clashPercent).toBeCloseTo((100 * clashing) / sampled, 0);
    // read right, no footprint lies across a road (the premise), and each covers its own stored building
    expect(betterClashPercent).toBe(0);
  });

  it('names crs=bd09 for the town in BD-09 numbers', async () => {
    const report = await dryRun(inDatum(town, gcoord.BD09));
    expect(report.problems.filter((p) => p.code === CODE).map((p) => [p.params.crs, p.params.better])).toEqual([['wgs84', 'bd09']]);
  });

  it('refuses one community deep inside the town whose buildings, read as given, all still lie in the town', async () => {
    const file = inDatum(ofCommunity(town), gcoord.GCJ02);
    const report = await dryRun(file);
    expect(report.problems.filter((p) => p.code === CODE).map((p) => p.params.better)).toEqual(['gcj02']);
    expect(report.problems.filter((p) => p.code === 'import.building_in_no_community')).toEqual([]);
  });

  it('refuses the town in GCJ-02 numbers by the roads alone where no stored buildings are read (the first buildings of a county)', async () => {
    const file = parseGeoJson(JSON.stringify(inDatum(town, gcoord.GCJ02))).file!;
    // placed in no community: no county's buildings to compare with, only the roads
    const rows: ValidRow[] = file.records.map((r) => ({ ref: r.ref, key: null, values: {}, ewkb: null }));
    const problems = await db.withClient(async (c) =>
      buildingClashMixUps(c, file, { kind: 'wgs84' }, rows, (await getSettings(c))['import.pointFootprintM2']),
    );
    expect(problems.map((p) => [p.code, p.params?.better, p.params?.betterClashPercent])).toEqual([[CODE, 'gcj02', 0]]);
  });

  describe('with overlaps of stored buildings allowed (the file holds the stored buildings again)', () => {
    let restore: () => Promise<void>;
    beforeAll(async () => {
      restore = await allowBlockOverlapsIn(db);
    });
    afterAll(async () => restore());

    it('imports the town in GCJ-02 numbers with crs=gcj02, each building into the community it came from', async () => {
      let v: Validation | undefined;
      const report = await dryRun(inDatum(town, gcoord.GCJ02), {
        crs: 'gcj02',
        offThread: false,
        onValidated: (validated) => (v = validated),
      });
      expect(report.problems).toEqual([]);
      expect(report.counts).toMatchObject({ records: town.features.length, inserted: town.features.length });
      expect(v!.rows.map((r) => r.values.community_code)).toEqual(cameFrom);
    });

    it('imports the town in WGS84 numbers as given', async () => {
      const report = await dryRun(town);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it('imports one community in GCJ-02 numbers read as given when no roads are stored: nothing to judge by', async () => {
      const { rows } = await db.withClient((c) => c.query<{ roads: string }>('SELECT jsonb_agg(to_jsonb(r))::text AS roads FROM road r'));
      await db.withClient((c) => c.query('DELETE FROM road'));
      try {
        const report = await dryRun(inDatum(ofCommunity(town), gcoord.GCJ02));
        expect(report.problems).toEqual([]);
        expect(report.ok).toBe(true);
      } finally {
        await db.withClient((c) =>
          c.query('INSERT INTO road SELECT * FROM jsonb_populate_recordset(NULL::road, $1::jsonb)', [rows[0].roads]),
        );
      }
      expect((await dryRun(inDatum(ofCommunity(town), gcoord.GCJ02))).problems.map((p) => p.code)).toEqual([CODE]);
    });
  });

  describe('a register of buildings given as points (coordinates, no outlines)', () => {
    let register: FeatureCollection;
    beforeAll(async () => {
      const { rows } = await db.withClient((c) =>
        c.query<{ x: number; y: number }>(
          'SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM building ORDER BY code) b',
        ),
      );
      register = {
        type: 'FeatureCollection',
        features: rows.map((r, i) => ({
          type: 'Feature',
          properties: { '@id': `node/${i + 1}`, building: 'yes' },
          geometry: { type: 'Point', coordinates: [r.x, r.y] },
        })),
      };
    });

    it('is refused in GCJ-02 numbers read as WGS84, naming crs=gcj02: the squares drawn round its points lie across roads', async () => {
      const res = await httpDryRun(inDatum(register, gcoord.GCJ02));
      expect(res.status).toBe(400);
      const mixUps = res.problems.filter((p) => p.code === CODE);
      expect(mixUps.map((p) => [p.feature, p.params.crs, p.params.better])).toEqual([[0, 'wgs84', 'gcj02']]);
    });

    it('is not taken for a mix-up in WGS84 numbers, nor in GCJ-02 numbers with crs=gcj02', async () => {
      for (const [file, crs] of [
        [register, ''],
        [inDatum(register, gcoord.GCJ02), 'gcj02'],
      ] as const) {
        const res = await httpDryRun(file, crs);
        expect(res.problems.filter((p) => p.code === CODE)).toEqual([]);
      }
    });
  });

  it("imports the import bench's generated OSM buildings, which lie across roads as often in every reading", async () => {
    const report = await dryRun(osmFile(await sites(db, 3000)));
    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ inserted: 3000 });
  });
});
