/**
 * The building party branches layer is served as vector tiles (one point per building with a
 * branch: tens of megabytes of GeoJSON for a province), found through the buildings' index.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { decodeTile } from '../helpers/tiles';
import { tileAt } from '../bench/shared';
import { tileBounds } from '../../server/src/db/tiles';
import type { Db } from '../../server/src/db/pool';

let db: Db;
let app: ReturnType<typeof createApp>;
let first: { x: number; y: number };

const key = (id: unknown, building: unknown) => `${id}/${building}`;

/** The building-scoped branches whose building's point on surface lies in the box, from the tables. */
async function branchesWithin([w, s, e, n]: [number, number, number, number]): Promise<string[]> {
  const { rows } = await db.withClient((c) =>
    c.query<{ id: string; building: string }>(
      `SELECT o.id::text AS id, pb.building_code AS building
         FROM party_org o JOIN party_org_building pb ON pb.party_org_id = o.id JOIN building b ON b.code = pb.building_code
        WHERE o.scope = 'building' AND ST_Intersects(ST_PointOnSurface(b.geom), ST_MakeEnvelope($1, $2, $3, $4, 4326))`,
      [w, s, e, n],
    ),
  );
  return rows.map((r) => key(r.id, r.building)).sort();
}

beforeAll(async () => {
  await testApp();
  db = await testDb();
  app = createApp({ db });
  const { rows } = await db.withClient((c) =>
    c.query<{ x: number; y: number }>(
      `SELECT ST_X(ST_PointOnSurface(b.geom))::float8 AS x, ST_Y(ST_PointOnSurface(b.geom))::float8 AS y
         FROM party_org o JOIN party_org_building pb ON pb.party_org_id = o.id JOIN building b ON b.code = pb.building_code
        WHERE o.scope = 'building' ORDER BY pb.building_code LIMIT 1`,
    ),
  );
  first = rows[0];
});

describe('building party branches as vector tiles', () => {
  it('are listed as a tiled layer from zoom 13', async () => {
    const layers = (await (await app.request('/api/layers')).json()) as Record<string, unknown>[];
    const branches = layers.find((l) => l.id === 'party_branches');
    expect(branches).toMatchObject({ tiles: true, minzoom: 13, geometryType: 'point' });
    expect(Object.keys(branches!)).not.toContain('geomBox');
  });

  it('hold every branch whose building lies in the tile, and none far outside it', async () => {
    const [z, x, y] = tileAt(first.x, first.y, 15);
    const res = await app.request(`/api/tiles/party_branches/${z}/${x}/${y}.pbf`);
    expect(res.status).toBe(200);
    const features = decodeTile(new Uint8Array(await res.arrayBuffer()), 'party_branches');
    const inTile = features.map((f) => key(f.properties.id, f.properties.building_code)).sort();
    const inside = await branchesWithin(tileBounds(z, x, y));
    expect(inside.length).toBeGreaterThan(0);
    for (const branch of inside) expect(inTile).toContain(branch);
    // The tile's buffer reaches a little past its edges, never a tile's width.
    const around = await branchesWithin(tileBounds(z, x, y, 1));
    for (const branch of inTile) expect(around).toContain(branch);
    expect(features.every((f) => f.type === 1)).toBe(true);
  });

  it('give the same branches as GeoJSON within a box, and no tile below zoom 13', async () => {
    const box = tileBounds(...tileAt(first.x, first.y, 15));
    const res = await app.request(`/api/layers/party_branches.geojson?bbox=${box.join(',')}`);
    expect(res.status).toBe(200);
    const fc = (await res.json()) as { features: { properties: { id: number; building_code: string } }[] };
    expect(fc.features.map((f) => key(f.properties.id, f.properties.building_code)).sort()).toEqual(await branchesWithin(box));
    const [z, x, y] = tileAt(first.x, first.y, 12);
    expect((await app.request(`/api/tiles/party_branches/${z}/${x}/${y}.pbf`)).status).toBe(204);
  });
});
