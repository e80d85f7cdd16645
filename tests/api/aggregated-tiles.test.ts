/**
 * Low-zoom building tiles: from z8 up to the buildings' minzoom (13) a tile holds one feature per
 * community with its building and household counts, not buildings. The counts are kept by
 * triggers on every write to the buildings (migration 0023) and checked here against the
 * buildings themselves after inserts, updates, deletes and a truncate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { decodeTile, tileOf } from '../helpers/tiles';
import type { Queryable } from '../../server/src/db/pool';

interface Counts {
  code: string;
  buildings: number;
  households: number;
  residents: number;
}

/** Each community's counts straight from the buildings. */
async function countedFromBuildings(c: Queryable): Promise<Counts[]> {
  const { rows } = await c.query<Counts>(
    `SELECT community_code AS code, count(*)::int AS buildings, sum(households)::int AS households, sum(residents)::int AS residents
       FROM building GROUP BY community_code ORDER BY community_code`,
  );
  return rows;
}

/** The counts the triggers keep, leaving out communities whose buildings are all gone. */
async function kept(c: Queryable): Promise<Counts[]> {
  const { rows } = await c.query<Counts>(
    `SELECT community_code AS code, buildings, households, residents FROM community_building_summary
      WHERE buildings <> 0 ORDER BY community_code`,
  );
  return rows;
}

let centre: [number, number];
let communityCodes: string[];
let communities: { code: string; name: string; compliant: boolean; centroid: [number, number] }[];

beforeAll(async () => {
  await testApp();
  communities = await (await call('GET', '/api/communities')).json();
  communityCodes = communities.map((c) => c.code).sort();
  centre = communities[0].centroid;
});

describe('GET /api/tiles/buildings at low zoom', () => {
  it('holds at z9 one feature per community with its counts from the buildings, and no building', async () => {
    const [x, y] = tileOf(centre, 9);
    const res = await call('GET', `/api/tiles/buildings/9/${x}/${y}.pbf`);
    expect(res.status).toBe(200);
    const features = decodeTile(new Uint8Array(await res.arrayBuffer()), 'buildings');
    expect(features.length).toBeGreaterThan(0);
    const db = await testDb();
    const expected = new Map((await db.withClient(countedFromBuildings)).map((r) => [r.code, r]));
    for (const f of features) {
      expect(f.type).toBe(3);
      expect(Object.keys(f.properties).sort()).toEqual(['buildings', 'community_code', 'households']);
      const truth = expected.get(String(f.properties.community_code))!;
      expect(f.properties).toMatchObject({ buildings: truth.buildings, households: truth.households });
    }
    // Every community reaching into the tile is there (and those in its edge buffer may be too).
    const { rows } = await db.withClient((c) =>
      c.query<{ code: string }>(
        'SELECT code FROM community WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope(9, $1, $2), 4326)) ORDER BY code',
        [x, y],
      ),
    );
    expect(rows.length).toBeGreaterThan(1);
    const shown = features.map((f) => String(f.properties.community_code));
    expect(shown).toEqual(expect.arrayContaining(rows.map((r) => r.code)));
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('keeps building tiles from z13, and no tile below z8', async () => {
    const [x13, y13] = tileOf(centre, 13);
    const buildings = decodeTile(
      new Uint8Array(await (await call('GET', `/api/tiles/buildings/13/${x13}/${y13}.pbf`)).arrayBuffer()),
      'buildings',
    );
    expect(buildings.length).toBeGreaterThan(0);
    for (const f of buildings) expect(f.properties.code).toMatch(/^[0-9]{17}$/);
    const [x7, y7] = tileOf(centre, 7);
    expect((await call('GET', `/api/tiles/buildings/7/${x7}/${y7}.pbf`)).status).toBe(204);
  });

  it('says in the layer list from which zoom the buildings layer is aggregated', async () => {
    const layers: { id: string; minzoom: number; aggregatedFrom?: number }[] = await (await call('GET', '/api/layers')).json();
    expect(layers.find((l) => l.id === 'buildings')).toMatchObject({ minzoom: 13, aggregatedFrom: 8 });
    expect(layers.find((l) => l.id === 'compounds')?.aggregatedFrom).toBeUndefined();
  });

  it('shows a change of households in the next tile', async () => {
    const db = await testDb();
    const [x, y] = tileOf(centre, 10);
    const before = decodeTile(
      new Uint8Array(await (await call('GET', `/api/tiles/buildings/10/${x}/${y}.pbf`)).arrayBuffer()),
      'buildings',
    );
    const target = String(before[0].properties.community_code);
    const { rows } = await db.withClient((c) =>
      c.query<{ code: string }>('SELECT code FROM building WHERE community_code = $1 ORDER BY code LIMIT 1', [target]),
    );
    await db.withClient((c) => c.query('UPDATE building SET households = households + 7 WHERE code = $1', [rows[0].code]));
    try {
      const after = decodeTile(
        new Uint8Array(await (await call('GET', `/api/tiles/buildings/10/${x}/${y}.pbf`)).arrayBuffer()),
        'buildings',
      );
      const was = before.find((f) => f.properties.community_code === target)!;
      expect(after.find((f) => f.properties.community_code === target)!.properties.households).toBe(Number(was.properties.households) + 7);
    } finally {
      await db.withClient((c) => c.query('UPDATE building SET households = households - 7 WHERE code = $1', [rows[0].code]));
    }
  });
});

describe('GET /api/tiles/communities at overview zooms', () => {
  it('carries only code and compliance below z11, and every property from z11', async () => {
    const byCode = new Map(communities.map((c) => [c.code, c]));
    const [x9, y9] = tileOf(centre, 9);
    const overview = decodeTile(
      new Uint8Array(await (await call('GET', `/api/tiles/communities/9/${x9}/${y9}.pbf`)).arrayBuffer()),
      'communities',
    );
    expect(overview.length).toBeGreaterThan(1);
    for (const f of overview) {
      expect(Object.keys(f.properties).sort()).toEqual(['code', 'compliant']);
      expect(f.properties.compliant).toBe(byCode.get(String(f.properties.code))!.compliant);
    }
    const [x11, y11] = tileOf(centre, 11);
    const full = decodeTile(
      new Uint8Array(await (await call('GET', `/api/tiles/communities/11/${x11}/${y11}.pbf`)).arrayBuffer()),
      'communities',
    );
    expect(full.length).toBeGreaterThan(0);
    for (const f of full) expect(f.properties).toMatchObject({ name: byCode.get(String(f.properties.code))!.name });
  });
});

describe('GET /api/tiles/roads at overview zooms', () => {
  it('has the arterial roads below z10, the secondary ones too at z10, both with id and kind only, and every road from z11', async () => {
    const kinds = async (z: number) => {
      const [x, y] = tileOf(centre, z);
      const features = decodeTile(new Uint8Array(await (await call('GET', `/api/tiles/roads/${z}/${x}/${y}.pbf`)).arrayBuffer()), 'roads');
      for (const f of features) expect(Object.keys(f.properties).sort()).toEqual(['id', 'kind']);
      return [...new Set(features.map((f) => f.properties.kind))].sort();
    };
    expect(await kinds(8)).toEqual(['arterial']);
    expect(await kinds(9)).toEqual(['arterial']);
    expect(await kinds(10)).toEqual(['arterial', 'secondary']);
    const [x11, y11] = tileOf(centre, 11);
    const full = decodeTile(new Uint8Array(await (await call('GET', `/api/tiles/roads/11/${x11}/${y11}.pbf`)).arrayBuffer()), 'roads');
    expect(full.map((f) => f.properties.kind)).toContain('local');
  });
});

describe('community building counts', () => {
  it('follow inserts, updates and deletes of buildings, one or many at a time, and a truncate', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        expect(await kept(c)).toEqual(await countedFromBuildings(c));
        const [a, b] = communityCodes;
        // Two new buildings in one statement, copies of a's first one with new codes.
        await c.query(
          `INSERT INTO building (code, community_code, households, residents, geom)
           SELECT $1 || lpad(n::text, 5, '0'), $1, 10 * n, 25 * n, geom
             FROM (SELECT geom FROM building WHERE community_code = $1 ORDER BY code LIMIT 1) g, generate_series(99001, 99002) n`,
          [a],
        );
        expect(await kept(c)).toEqual(await countedFromBuildings(c));
        await c.query('UPDATE building SET households = households + 3, residents = 0 WHERE community_code = ANY($1::text[])', [[a, b]]);
        expect(await kept(c)).toEqual(await countedFromBuildings(c));
        await c.query(`DELETE FROM building WHERE code LIKE $1 || '9900%'`, [a]);
        expect(await kept(c)).toEqual(await countedFromBuildings(c));
        await c.query('TRUNCATE building CASCADE');
        expect(await kept(c)).toEqual([]);
      }),
    );
    await db.withClient(async (c) => expect(await kept(c)).toEqual(await countedFromBuildings(c)));
  });
});

describe('GET /api/tiles/cells and buildings at overview zooms', () => {
  it('carries cells without their counts below z13, and with them from z13', async () => {
    const [x12, y12] = tileOf(centre, 12);
    const overview = decodeTile(new Uint8Array(await (await call('GET', `/api/tiles/cells/12/${x12}/${y12}.pbf`)).arrayBuffer()), 'cells');
    expect(overview.length).toBeGreaterThan(0);
    for (const f of overview) {
      expect(Object.keys(f.properties).sort()).toEqual(['code', 'community_code', 'id', 'label', 'plan_id']);
      expect(f.properties.code).toMatch(/^[0-9]{15}$/);
    }
    const [x13, y13] = tileOf(centre, 13);
    const full = decodeTile(new Uint8Array(await (await call('GET', `/api/tiles/cells/13/${x13}/${y13}.pbf`)).arrayBuffer()), 'cells');
    expect(full.length).toBeGreaterThan(0);
    for (const f of full) expect(Number(f.properties.buildings)).toBeGreaterThan(0);
  });

  it('carries buildings without their published cell at z13, and with it from z14', async () => {
    const [x13, y13] = tileOf(centre, 13);
    const overview = decodeTile(
      new Uint8Array(await (await call('GET', `/api/tiles/buildings/13/${x13}/${y13}.pbf`)).arrayBuffer()),
      'buildings',
    );
    expect(overview.length).toBeGreaterThan(0);
    // (a building outside any compound has no compound_code: a tile leaves null properties out)
    for (const f of overview) {
      expect(Object.keys(f.properties)).toEqual(expect.arrayContaining(['code', 'community_code', 'households', 'kind']));
      expect(['code', 'community_code', 'compound_code', 'households', 'kind']).toEqual(expect.arrayContaining(Object.keys(f.properties)));
    }
    const [x14, y14] = tileOf(centre, 14);
    const full = decodeTile(
      new Uint8Array(await (await call('GET', `/api/tiles/buildings/14/${x14}/${y14}.pbf`)).arrayBuffer()),
      'buildings',
    );
    expect(full.length).toBeGreaterThan(0);
    expect(full.filter((f) => typeof f.properties.cell_code === 'string').length).toBeGreaterThan(0);
  });
});
