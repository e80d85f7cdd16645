/**
 * Building vector tiles at z14: the API (app.request) next to the raw ST_AsMVT query on
 * PostgreSQL, and the geojson-vt + vt-pbf path on PGlite, at demo scale and 1,000 communities.
 */
import { createApp } from '../../server/src/app';
import { findLayer } from '../../server/src/db/layers';
import { encodeWithGeojsonVt, postgisTile, tileFeatures } from '../../server/src/db/tiles';
import type { Db } from '../../server/src/db/pool';
import { busyTiles, pgliteTown, postgresTown } from './shared';
import { percentile, timeRuns, type BenchContext, type BenchResult } from './types';

const layer = findLayer('buildings')!;
const ROUNDS = 5;

async function rawMvt(db: Db, [z, x, y]: [number, number, number]): Promise<number> {
  const { rows } = await db.withClient((c) =>
    c.query<{ n: number }>(
      `WITH bounds AS (SELECT ST_TileEnvelope($1, $2, $3) AS env)
       SELECT length(ST_AsMVT(t.*, 'buildings', 4096, 'geom')) AS n FROM (
         SELECT jsonb_build_object('code', b.code, 'households', b.households) AS props,
                ST_AsMVTGeom(ST_Transform(b.geom, 3857), bounds.env, 4096, 64, true) AS geom
           FROM building b, bounds WHERE b.geom && ST_Transform(bounds.env, 4326)) t`,
      [z, x, y],
    ),
  );
  return rows[0].n;
}

async function measure(label: string, tiles: [number, number, number][], fn: (t: [number, number, number]) => Promise<unknown>) {
  await fn(tiles[0]);
  const times = await timeRuns(ROUNDS * tiles.length, (i) => fn(tiles[i % tiles.length]));
  return { label, p50: percentile(times, 50) };
}

async function scale(ctx: BenchContext, communities: number): Promise<BenchResult[]> {
  const pg = await postgresTown(ctx, communities);
  const tiles = await busyTiles(pg);
  const app = createApp({ db: pg });
  const api = await measure('api', tiles, async ([z, x, y]) => {
    const res = await app.request(`/api/tiles/buildings/${z}/${x}/${y}.pbf`);
    await res.arrayBuffer();
  });
  const raw = await measure('raw', tiles, (t) => rawMvt(pg, t));
  const direct = await measure('direct', tiles, ([z, x, y]) => pg.withClient((c) => postgisTile(c, layer, z, x, y)));
  const vtOnPg = await measure('geojson-vt', tiles, async ([z, x, y]) =>
    encodeWithGeojsonVt(await pg.withClient((c) => tileFeatures(c, layer, z, x, y)), 'buildings', z, x, y),
  );
  await pg.close();
  const tag = `${communities} communities`;
  const results: BenchResult[] = [
    {
      name: `z14 building tile via API, PostgreSQL, ${tag} (p50)`,
      value: api.p50,
      unit: 'ms',
      baseline: { name: 'the same ST_AsMVT SQL run directly', value: direct.p50 },
      ratio: api.p50 / direct.p50,
    },
    {
      name: `z14 building tile, the API's ST_AsMVT SQL run directly, ${tag} (p50)`,
      value: direct.p50,
      unit: 'ms',
      baseline: { name: 'minimal ST_AsMVT query (code + households only)', value: raw.p50 },
      ratio: direct.p50 / raw.p50,
    },
    {
      name: `z14 building tile, geojson-vt + vt-pbf on PostgreSQL, ${tag} (p50)`,
      value: vtOnPg.p50,
      unit: 'ms',
      baseline: { name: 'raw ST_AsMVT query', value: raw.p50 },
      ratio: vtOnPg.p50 / raw.p50,
    },
  ];
  if (communities <= 22) {
    const lite = await pgliteTown(ctx, communities);
    const liteApp = createApp({ db: lite });
    const viaLite = await measure('pglite api', tiles, async ([z, x, y]) =>
      (await liteApp.request(`/api/tiles/buildings/${z}/${x}/${y}.pbf`)).arrayBuffer(),
    );
    results.push({
      name: `z14 building tile via API, PGlite (geojson-vt), ${tag} (p50)`,
      value: viaLite.p50,
      unit: 'ms',
      baseline: { name: 'raw ST_AsMVT on PostgreSQL', value: raw.p50 },
      ratio: viaLite.p50 / raw.p50,
    });
    await lite.close();
  }
  return results;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const results = await scale(ctx, 22);
  if (!ctx.quick) results.push(...(await scale(ctx, 1000)));
  return results;
}
