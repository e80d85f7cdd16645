/** Tiles for the scale bench: every tiled layer at z8–z16 at the town's centre, and the aggregated z12 building tile. */
import type { Db } from '../../server/src/db/pool';
import { LAYERS } from '../../server/src/db/layers';
import { drawnAt, layerTile } from '../../server/src/db/tiles';
import { tileAt } from './shared';
import type { ScaleResult } from './scale-town';
import { percentile, timeRuns } from './types';

const TILE_MS = 50;
const TILE_KB = 500;

/** The centre of the communities' extent. */
async function townCentre(db: Db): Promise<{ x: number; y: number }> {
  const { rows } = await db.withClient((c) =>
    c.query<{ x: number; y: number }>(
      'SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS x, ST_Y(ST_Centroid(ST_Extent(geom))) AS y FROM community',
    ),
  );
  return rows[0];
}

/** Every tiled layer drawn at each zoom, built afresh at the town's centre: the slowest and the largest. */
export async function tiles(db: Db, n: number): Promise<ScaleResult[]> {
  const centre = await townCentre(db);
  const out: ScaleResult[] = [];
  for (let z = 8; z <= 16; z++) {
    const [, x, y] = tileAt(centre.x, centre.y, z);
    let slowest = { layer: '', ms: 0 };
    let largest = { layer: '', bytes: 0 };
    for (const layer of LAYERS.filter((l) => l.tiles && drawnAt(l, z, x, y))) {
      await layerTile(db, layer, z, x, y);
      const times = await timeRuns(3, () => layerTile(db, layer, z, x, y));
      const bytes = (await layerTile(db, layer, z, x, y))!.byteLength;
      if (percentile(times, 50) > slowest.ms) slowest = { layer: layer.id, ms: percentile(times, 50) };
      if (bytes > largest.bytes) largest = { layer: layer.id, bytes };
    }
    // Baseline: finding the tile's buildings in the spatial index, the least any tile of them costs.
    const env = 'ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)';
    const probe = () => db.withClient((c) => c.query(`SELECT count(*) FROM building WHERE geom && ${env}`, [z, x, y]));
    const base = percentile(await timeRuns(3, probe), 50);
    out.push(
      {
        key: `tile z${z}, slowest layer (p50)`,
        name: `z${z} tile at the town centre, slowest layer (${slowest.layer}), built afresh, ${n} communities (p50 of 3)`,
        value: slowest.ms,
        unit: 'ms',
        baseline: { name: "counting the tile's buildings in the spatial index", value: base },
        ratio: slowest.ms / base,
        target: `≤ ${TILE_MS} ms`,
        ok: slowest.ms <= TILE_MS,
      },
      {
        key: `tile z${z}, largest layer`,
        name: `z${z} tile at the town centre, largest layer (${largest.layer}), ${n} communities`,
        value: largest.bytes / 1024,
        unit: 'KB',
        target: `≤ ${TILE_KB} KB`,
        ok: largest.bytes <= TILE_KB * 1024,
      },
    );
  }
  return out;
}

/** The z12 building tile as the map gets it (communities with counts) next to the buildings themselves. */
export async function aggregatedVersusRaw(db: Db, n: number): Promise<ScaleResult> {
  const centre = await townCentre(db);
  const [z, x, y] = tileAt(centre.x, centre.y, 12);
  const buildings = LAYERS.find((l) => l.id === 'buildings')!;
  const raw = async () =>
    (
      await db.withClient((c) =>
        c.query<{ n: number }>(
          `WITH bounds AS (SELECT ST_TileEnvelope($1, $2, $3) AS env)
           SELECT length(ST_AsMVT(t.*, 'buildings', 4096, 'geom')) AS n FROM (
             SELECT b.code, b.households, ST_AsMVTGeom(ST_Transform(b.geom, 3857), bounds.env, 4096, 64, true) AS geom
               FROM building b, bounds WHERE b.geom && ST_Transform(bounds.env, 4326)) t`,
          [z, x, y],
        ),
      )
    ).rows[0].n;
  const rawBytes = await raw();
  const started = performance.now();
  await raw();
  const rawMs = performance.now() - started;
  const aggregated = percentile(await timeRuns(3, () => layerTile(db, buildings, z, x, y)), 50);
  const bytes = (await layerTile(db, buildings, z, x, y))!.byteLength;
  return {
    key: 'z12 building tile, communities with counts',
    name: `z12 building tile as communities with counts (${(bytes / 1024).toFixed(0)} KB), ${n} communities; baseline: its buildings as a minimal MVT (${(rawBytes / 1024).toFixed(0)} KB)`,
    value: aggregated,
    unit: 'ms',
    baseline: { name: 'minimal building MVT of the same tile', value: rawMs },
    ratio: aggregated / rawMs,
  };
}
