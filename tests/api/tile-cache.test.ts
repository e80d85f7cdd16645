import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { countingDb, type CountingDb } from '../helpers/counting-db';
import { tileAt } from '../bench/shared';
import { tileBounds } from '../../server/src/db/tiles';
import type { Db } from '../../server/src/db/pool';

let db: Db;
let counted: CountingDb;
let app: ReturnType<typeof createApp>;
let community: { code: string; name: string; x: number; y: number };

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

beforeAll(async () => {
  await testApp();
  db = await testDb();
  counted = countingDb(db);
  app = createApp({ db: counted });
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string; name: string; x: number; y: number }>(
      `SELECT code, name, ST_X(ST_PointOnSurface(geom))::float8 AS x, ST_Y(ST_PointOnSurface(geom))::float8 AS y
         FROM community ORDER BY code LIMIT 1`,
    ),
  );
  community = rows[0];
});

describe('vector tiles are cached until the map data changes', () => {
  it('serves a repeated tile from memory with the same ETag, and 304 to a browser holding it', async () => {
    const [z, x, y] = tileAt(community.x, community.y, 14);
    const path = `/api/tiles/buildings/${z}/${x}/${y}.pbf`;
    counted.reset();
    const first = await get(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100);
    const built = counted.statements.length;

    counted.reset();
    const again = await get(path);
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(etag);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    // The tile's features are not fetched again. PostgreSQL may be written by other servers, so
    // its version is read; the embedded database is written by this process alone, which knows
    // that nothing changed since the last read, so nothing is read at all.
    expect(counted.statements).toEqual(counted.kind === 'pglite' ? [] : [expect.stringContaining('map_data_version')]);
    expect(built).toBeGreaterThan(1);

    const notModified = await get(path, { 'If-None-Match': `"other", ${etag}` });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect((await notModified.arrayBuffer()).byteLength).toBe(0);
    expect((await get(path, { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('builds the tile afresh after a write made beside the API, as an import on its own thread makes', async () => {
    const [z, x, y] = tileAt(community.x, community.y, 14);
    const path = `/api/tiles/buildings/${z}/${x}/${y}.pbf`;
    const before = await get(path);
    const etag = before.headers.get('etag')!;
    expect((await get(path)).headers.get('etag')).toBe(etag);
    const [west, south, east, north] = tileBounds(z, x, y);
    const { rows } = await db.withClient((c) =>
      c.query<{ code: string }>('SELECT code FROM building WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY code LIMIT 1', [
        west,
        south,
        east,
        north,
      ]),
    );
    const code = rows[0].code;
    await db.withClient((c) => c.query('UPDATE building SET households = households + 1000 WHERE code = $1', [code]));
    try {
      const after = await get(path);
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
    } finally {
      await db.withClient((c) => c.query('UPDATE building SET households = households - 1000 WHERE code = $1', [code]));
    }
    expect((await get(path)).headers.get('etag')).toBe(etag);
  });

  it('builds the tile afresh with a new ETag once an edit changes what it shows', async () => {
    // From z11, where community tiles carry names (below, the overview has code and compliance only).
    const [z, x, y] = tileAt(community.x, community.y, 11);
    const path = `/api/tiles/communities/${z}/${x}/${y}.pbf`;
    const before = await get(path);
    const etag = before.headers.get('etag')!;
    const text = (r: ArrayBuffer) => new TextDecoder().decode(new Uint8Array(r));
    expect(text(await before.arrayBuffer())).toContain(community.name);

    const planner = await loginAs('planner');
    const versionBefore = (await (await call('GET', '/api/layers')).json())[0].version;
    const current = await (await call('GET', `/api/communities/${community.code}`, undefined, planner)).json();
    const renamed = `${community.name}新`;
    const patched = await call('PATCH', `/api/communities/${community.code}`, { version: current.version, name: renamed }, planner);
    expect(patched.status).toBe(200);
    try {
      // The layer list's version, which the web map puts in its tile URLs, moves with the edit.
      const layers: { id: string; version: number }[] = await (await call('GET', '/api/layers')).json();
      expect(layers.every((l) => l.version > versionBefore)).toBe(true);
      const after = await get(path, { 'If-None-Match': etag });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      expect(text(await after.arrayBuffer())).toContain(renamed);
    } finally {
      const now = await (await call('GET', `/api/communities/${community.code}`, undefined, planner)).json();
      await call('PATCH', `/api/communities/${community.code}`, { version: now.version, name: community.name }, planner);
    }
    const restored = await get(path);
    expect(restored.headers.get('etag')).toBe(etag);
  });

  it('answers 204 below the minzoom and 400 for an impossible tile without reading the data', async () => {
    counted.reset();
    expect((await get('/api/tiles/buildings/5/26/13.pbf')).status).toBe(204);
    expect((await get('/api/tiles/buildings/3/99/1.pbf')).status).toBe(400);
    expect(counted.statements).toHaveLength(0);
  });

  it('keeps low-zoom community tiles to at most 500 bytes a community, so a 1,000-community town fits in 500 KB', async () => {
    const db = await testDb();
    const { rows } = await db.withClient((c) =>
      c.query<{ x0: number; y0: number; x1: number; y1: number }>(
        `SELECT ST_XMin(e)::float8 AS x0, ST_YMin(e)::float8 AS y0, ST_XMax(e)::float8 AS x1, ST_YMax(e)::float8 AS y1
           FROM (SELECT ST_Extent(geom)::geometry AS e FROM community) s`,
      ),
    );
    const town = rows[0];
    let checked = 0;
    for (let z = 0; z <= 10; z++) {
      const [, xa, ya] = tileAt(town.x0, town.y1, z);
      const [, xb, yb] = tileAt(town.x1, town.y0, z);
      for (let x = xa; x <= xb; x++)
        for (let y = ya; y <= yb; y++) {
          const res = await get(`/api/tiles/communities/${z}/${x}/${y}.pbf`);
          expect(res.status).toBe(200);
          const bytes = (await res.arrayBuffer()).byteLength;
          // Counted over the tile and its buffer, as the tile carries both.
          const [w, s, e, n] = tileBounds(z, x, y, 64 / 4096);
          const inside = await db.withClient((c) =>
            c.query<{ n: number }>('SELECT count(*)::int AS n FROM community WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)', [
              w,
              s,
              e,
              n,
            ]),
          );
          expect(bytes, `communities tile ${z}/${x}/${y}`).toBeLessThanOrEqual(500 * inside.rows[0].n);
          checked++;
        }
    }
    expect(checked).toBeGreaterThanOrEqual(11);
  });
});
