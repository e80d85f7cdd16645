// The admin's basemap choice (setting map.basemap): round trip, refusals, the CSP hosts of each
// kind, the migration of the old URL setting, and vector tiles shifted to GCJ-02 for a GCJ-02 basemap.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import gcoord from 'gcoord';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../server/src/db/migrate';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { decodeTile } from '../helpers/tiles';

let admin: string;

beforeAll(async () => {
  await testApp();
  admin = await loginAs('admin');
});

async function basemapVersion(): Promise<number> {
  const rows = (await (await call('GET', '/api/settings', undefined, admin)).json()) as { key: string; version: number }[];
  return rows.find((row) => row.key === 'map.basemap')!.version;
}

/** Sets the basemap, runs `check`, and puts "none" back whatever happens. */
async function withBasemap(value: unknown, check: (stored: Response) => Promise<void>): Promise<void> {
  const set = await call('PATCH', '/api/settings/map.basemap', { version: await basemapVersion(), value }, admin);
  try {
    await check(set);
  } finally {
    const reset = await call('PATCH', '/api/settings/map.basemap', { version: await basemapVersion(), value: { kind: 'none' } }, admin);
    expect(reset.status).toBe(200);
  }
}

const csp = async () => (await call('GET', '/api/health')).headers.get('Content-Security-Policy') ?? '';
/** The sources a CSP directive lists, e.g. sources(csp, 'img-src') → ["'self'", 'data:', …]. */
const sources = (policy: string, directive: string) =>
  policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name === directive)!
    .slice(1);

const TIANDITU_KEY = '0123456789abcdef0123456789abcdef';

describe('PATCH /api/settings/map.basemap', () => {
  it('starts with no basemap: nothing public, and the CSP names no other host', async () => {
    expect(await (await call('GET', '/api/settings/public')).json()).toEqual({ basemap: null });
    const policy = await csp();
    expect(sources(policy, 'img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(sources(policy, 'connect-src')).toEqual(["'self'"]);
  });

  it('stores an XYZ template with its attribution, gives the maps one URL per subdomain, and allows exactly those hosts', async () => {
    const url = 'https://{s}.tiles.example.org/{z}/{x}/{y}.png';
    await withBasemap({ kind: 'xyz', url, attribution: '© Example contributors' }, async (set) => {
      expect(set.status).toBe(200);
      expect((await set.json()).value).toEqual({ kind: 'xyz', url, subdomains: 'abc', attribution: '© Example contributors', maxZoom: 18 });
      expect(await (await call('GET', '/api/settings/public')).json()).toEqual({
        basemap: {
          kind: 'xyz',
          crs: 'wgs84',
          attribution: '© Example contributors',
          layers: [
            {
              maxZoom: 18,
              tiles: [
                'https://a.tiles.example.org/{z}/{x}/{y}.png',
                'https://b.tiles.example.org/{z}/{x}/{y}.png',
                'https://c.tiles.example.org/{z}/{x}/{y}.png',
              ],
            },
          ],
        },
      });
      const hosts = ['https://a.tiles.example.org', 'https://b.tiles.example.org', 'https://c.tiles.example.org'];
      const policy = await csp();
      expect(sources(policy, 'img-src')).toEqual(["'self'", 'data:', 'blob:', ...hosts]);
      expect(sources(policy, 'connect-src')).toEqual(["'self'", ...hosts]);
    });
    expect(await csp()).not.toContain('example.org');
  });

  it('builds 天地图 vector and annotation layers on t0–t7 with the key, allowing those eight hosts', async () => {
    await withBasemap({ kind: 'tianditu', key: TIANDITU_KEY }, async (set) => {
      expect(set.status).toBe(200);
      const { basemap } = await (await call('GET', '/api/settings/public')).json();
      expect(basemap).toMatchObject({ kind: 'tianditu', crs: 'wgs84', attribution: '© 天地图' });
      expect(basemap.layers).toHaveLength(2);
      const [vector, labels] = basemap.layers as { tiles: string[] }[];
      for (const [layer, name] of [
        [vector, 'vec'],
        [labels, 'cva'],
      ] as const) {
        expect(layer.tiles).toHaveLength(8);
        layer.tiles.forEach((tile, i) => {
          expect(tile.startsWith(`https://t${i}.tianditu.gov.cn/${name}_w/wmts?`)).toBe(true);
          const query = new URL(tile).searchParams;
          expect(query.get('LAYER')).toBe(name);
          expect(query.get('TILEMATRIXSET')).toBe('w');
          expect(query.get('tk')).toBe(TIANDITU_KEY);
        });
        expect(layer.tiles[0]).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}');
      }
      const hosts = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `https://t${i}.tianditu.gov.cn`);
      expect(sources(await csp(), 'img-src')).toEqual(["'self'", 'data:', 'blob:', ...hosts]);
    });
  });

  it('marks a GCJ-02 basemap so the maps shift their data, allowing its subdomains', async () => {
    const url = 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}';
    await withBasemap({ kind: 'gcj02', url, subdomains: '1234', attribution: '© 高德地图' }, async (set) => {
      expect(set.status).toBe(200);
      const { basemap } = await (await call('GET', '/api/settings/public')).json();
      expect(basemap).toMatchObject({ kind: 'gcj02', crs: 'gcj02', attribution: '© 高德地图' });
      expect(basemap.layers[0].tiles[3]).toBe(url.replace('{s}', '4'));
      const hosts = [1, 2, 3, 4].map((i) => `https://webrd0${i}.is.autonavi.com`);
      expect(sources(await csp(), 'connect-src')).toEqual(["'self'", ...hosts]);
    });
  });

  it.each([
    ['a 天地图 key that is not 32 hex characters', { kind: 'tianditu', key: 'not-a-key' }, 'json.value.key'],
    ['a template without {z}', { kind: 'xyz', url: 'https://tiles.example.org/{x}/{y}.png' }, 'json.value.url'],
    ['a template that would write into the CSP', { kind: 'xyz', url: "https://x.org'; script-src */{z}/{x}/{y}" }, 'json.value.url'],
    ['an unknown kind', { kind: 'baidu' }, 'json.value.kind'],
  ])('refuses %s naming the field, and changes nothing', async (_name, value, field) => {
    const version = await basemapVersion();
    const res = await call('PATCH', '/api/settings/map.basemap', { version, value }, admin);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_input');
    expect(error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await basemapVersion()).toBe(version);
    expect(await (await call('GET', '/api/settings/public')).json()).toEqual({ basemap: null });
  });

  it('is for admins only', async () => {
    const res = await call('PATCH', '/api/settings/map.basemap', { version: 1, value: { kind: 'none' } }, await loginAs('planner'));
    expect(res.status).toBe(403);
  });
});

describe('migration 0021', () => {
  async function migrated(oldValue: string): Promise<{ key: string; value: unknown }[]> {
    const sql = await readFile(path.join(MIGRATIONS_DIR, '0021_basemap_kinds.sql'), 'utf8');
    return withRollback(await testDb(), (db) =>
      db.withClient(async (c) => {
        await c.query(`DELETE FROM setting WHERE key = 'map.basemap'`);
        await c.query(`INSERT INTO setting (key, value) VALUES ('map.basemapUrl', $1::jsonb)`, [oldValue]);
        await c.exec(sql);
        const { rows } = await c.query<{ key: string; value: unknown }>(
          `SELECT key, value FROM setting WHERE key LIKE 'map.%' ORDER BY key`,
        );
        return rows;
      }),
    );
  }

  it('turns a basemap URL set before into an XYZ basemap and drops the old key', async () => {
    const url = 'https://{s}.tile.example.org/{z}/{x}/{y}.png';
    expect(await migrated(JSON.stringify(url))).toEqual([
      { key: 'map.basemap', value: { kind: 'xyz', url, subdomains: 'abc', attribution: '', maxZoom: 18 } },
    ]);
  });

  it('turns no URL into no basemap', async () => {
    expect(await migrated('null')).toEqual([{ key: 'map.basemap', value: { kind: 'none' } }]);
  });
});

/** Tile z/x/y holding [lng, lat], and the point's position in that tile's 0…extent units. */
function tileOf([lng, lat]: [number, number], z: number, extent: number) {
  const n = 2 ** z;
  const fx = ((lng + 180) / 360) * n;
  const rad = (lat * Math.PI) / 180;
  const fy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
  const x = Math.floor(fx);
  const y = Math.floor(fy);
  return { x, y, at: { x: (fx - x) * extent, y: (fy - y) * extent } };
}

async function buildingVertices(z: number, x: number, y: number, crs: string, code: string) {
  const res = await call('GET', `/api/tiles/buildings/${z}/${x}/${y}.pbf${crs ? `?crs=${crs}` : ''}`);
  expect(res.status).toBe(200);
  const feature = decodeTile(new Uint8Array(await res.arrayBuffer()), 'buildings').find((f) => f.properties.code === code);
  return feature ? feature.loadGeometry().flat() : [];
}

describe('GET /api/tiles/buildings/{z}/{x}/{y}.pbf?crs=gcj02', () => {
  it('puts a known building’s vertex where gcoord moves it, and the plain tile does not', async () => {
    const db = await testDb();
    const [building] = (
      await db.withClient((c) =>
        c.query<{ code: string; vertex: { coordinates: [number, number] } }>(
          `SELECT code, ST_AsGeoJSON(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1))::json AS vertex
             FROM building WHERE community_code = '321012100006' ORDER BY code LIMIT 1`,
        ),
      )
    ).rows;
    const shifted = gcoord.transform(building.vertex.coordinates, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const z = 18;
    const extent = 4096;
    const { x, y, at } = tileOf(shifted, z, extent);
    const vertices = await buildingVertices(z, x, y, 'gcj02', building.code);
    expect(vertices.length).toBeGreaterThan(0);
    // One tile unit at z18 is about 3 cm; the encoder rounds to whole units.
    const nearest = Math.min(...vertices.map((v) => Math.hypot(v.x - at.x, v.y - at.y)));
    expect(nearest).toBeLessThanOrEqual(1);
    // The offset here is hundreds of metres, wider than a z18 tile: unshifted, the building is elsewhere.
    expect(await buildingVertices(z, x, y, '', building.code)).toEqual([]);
  });

  it('refuses an unknown frame naming the query field', async () => {
    const res = await call('GET', '/api/tiles/buildings/14/13716/6506.pbf?crs=bd09');
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].field).toBe('query.crs');
  });
});
