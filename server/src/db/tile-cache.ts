/**
 * Encoded vector tiles kept in memory (bounded by bytes) by layer, z/x/y, hidden keys and the map
 * data's version, with an ETag from their content. A request costs one small read of the version
 * (embedded: none while this process has written no map data since the last read); a tile is built
 * once per version however many maps ask for it at the same moment.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Db } from './pool';
import type { LayerDef } from './layers';
import { drawnAt, layerTile, mapDataVersion } from './tiles';
import { raisesCommittedHere } from './map-data';
import type { DisplayCrs } from '../contract/basemap';

export interface ServedTile {
  body: Uint8Array;
  /** A strong ETag from the tile's bytes: unchanged data keeps it, so a browser's copy stays valid. */
  etag: string;
}

/** Memory for cached tiles per database; the largest low-zoom tiles are a few hundred KB. */
export const TILE_CACHE_BYTES = 64 * 1024 * 1024;

interface Job {
  db: Db;
  layer: LayerDef;
  z: number;
  x: number;
  y: number;
  hidden: readonly string[];
  crs: DisplayCrs;
}

interface Cache {
  tiles: LRUCache<string, ServedTile, Job>;
  version: number;
  /** The version read in flight: a map asks for dozens of tiles at once, and they share one read. */
  reading?: Promise<number>;
  /** The version last read, and `raisesCommittedHere()` before that read (-1 before any). */
  lastRead: number;
  raisesSeen: number;
}

const caches = new WeakMap<Db, Cache>();

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = {
      version: 0,
      lastRead: 0,
      raisesSeen: -1,
      tiles: new LRUCache<string, ServedTile, Job>({
        maxSize: TILE_CACHE_BYTES,
        // Empty tiles count too, so a flood of them is bounded as well.
        sizeCalculation: (tile, key) => tile.body.byteLength + key.length + 64,
        fetchMethod: async (_key, _stale, { context: { db, layer, z, x, y, hidden, crs } }) => {
          const body = (await layerTile(db, layer, z, x, y, hidden, crs)) ?? new Uint8Array();
          const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
          return { body, etag };
        },
      }),
    };
    caches.set(db, cache);
  }
  return cache;
}

/**
 * The map data's version, noting how many raises this process had committed before the read: on
 * the embedded database, until that number moves, the version read stands (map-data.ts).
 */
async function readVersion(db: Db, cache: Cache): Promise<number> {
  const raises = raisesCommittedHere();
  const version = await db.withClient(mapDataVersion);
  cache.raisesSeen = raises;
  cache.lastRead = version;
  return version;
}

/**
 * The tile of `layer` at z/x/y without the keys in `hidden`, drawn in `crs`, from the cache when
 * the map data has not changed since it was built; null below the layer's minzoom (as `layerTile`).
 */
export async function servedTile(
  db: Db,
  layer: LayerDef,
  z: number,
  x: number,
  y: number,
  hidden: readonly string[],
  crs: DisplayCrs = 'wgs84',
): Promise<ServedTile | null> {
  if (!drawnAt(layer, z, x, y)) return null;
  const cache = cacheOf(db);
  const version =
    db.kind === 'pglite' && cache.raisesSeen === raisesCommittedHere()
      ? cache.lastRead
      : await (cache.reading ??= readVersion(db, cache).finally(() => (cache.reading = undefined)));
  // Tiles of an older version will not be asked for again: free their memory at once.
  if (version > cache.version) {
    cache.tiles.clear();
    cache.version = version;
  }
  // A scoped map's tiles hold only its scope's features: the scope is part of the key.
  const key = `${version}/${crs}/${layer.id}/${z}/${x}/${y}/${hidden.join(',')}/${layer.scope ?? ''}`;
  const tile = await cache.tiles.fetch(key, { context: { db, layer, z, x, y, hidden, crs } });
  return tile ?? null;
}

/** Whether an If-None-Match header names `etag` (or is `*`); weak forms compare equal too. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
