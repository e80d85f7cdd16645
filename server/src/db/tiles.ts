/**
 * Vector tiles of a layer. PostgreSQL builds them with ST_AsMVT; PGlite has no protobuf
 * support, so there the tile's features are fetched as GeoJSON and cut by geojson-vt + vt-pbf.
 * A tile in GCJ-02 (for a map over a GCJ-02 basemap) always takes the GeoJSON path, since its
 * vertices are moved by `gcoord` in JavaScript.
 */
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { Db, Queryable } from './pool';
import { COMMUNITY_COUNTS_SOURCE, nearSql, type LayerDef } from './layers';
import { invalid } from '../domain/errors';
import { dataBounds, toDisplayCrs } from '../domain/map/display-crs';
import type { DisplayCrs } from '../contract/basemap';
import { layerScopeSql } from './scope';

export const TILE_EXTENT = 4096;
const BUFFER_PIXELS = 64;

/** Longitude/latitude bounds of a web-mercator tile, grown by `pad` of its width. */
export function tileBounds(z: number, x: number, y: number, pad = 0): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (xx: number) => (xx / n) * 360 - 180;
  const lat = (yy: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * yy) / n))) * 180) / Math.PI;
  return [lon(x - pad), lat(y + 1 + pad), lon(x + 1 + pad), lat(y - pad)];
}

/** Prepared statements are named per source: a layer's own, each of its overviews and its community counts differ. */
function statementOf(layer: Pick<LayerDef, 'id' | 'source' | 'overview' | 'scope'>): string {
  const scoped = layer.scope ? '_scoped' : '';
  if (layer.source === COMMUNITY_COUNTS_SOURCE) return `${layer.id}_counts${scoped}`;
  const overview = layer.overview?.findIndex((o) => o.source === layer.source) ?? -1;
  return (overview < 0 ? layer.id : `${layer.id}_overview${overview || ''}`) + scoped;
}

export function validTile(z: number, x: number, y: number): boolean {
  return (
    Number.isInteger(z) && z >= 0 && z <= 22 && Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z
  );
}

/**
 * A tile built by PostGIS; its features come in their ids' order, so the same data gives the same
 * bytes (and ETag) however its rows lie on disk. A feature that falls outside the tile gets a null
 * geometry, which ST_AsMVT leaves out: filtering on it instead would clip every feature twice.
 */
export async function postgisTile(
  c: Queryable,
  layer: LayerDef,
  z: number,
  x: number,
  y: number,
  hidden: readonly string[] = [],
): Promise<Uint8Array> {
  const scope = layerScopeSql(layer, 'l', 6);
  // A source that keeps its geometry in web mercator is clipped as it is and found by that column's index.
  const [geom, near] = layer.mercator
    ? ['l.geom_3857', `l.geom_3857 && ST_Expand(bounds.env, (ST_XMax(bounds.env) - ST_XMin(bounds.env)) * ${BUFFER_PIXELS / TILE_EXTENT})`]
    : [
        'ST_Transform(l.geom, 3857)',
        nearSql(
          layer,
          'l',
          `ST_Transform(ST_Expand(bounds.env, (ST_XMax(bounds.env) - ST_XMin(bounds.env)) * ${BUFFER_PIXELS / TILE_EXTENT}), 4326)`,
        ),
      ];
  const { rows } = await c.query<{ mvt: Uint8Array | null }>(
    `WITH bounds AS (SELECT ST_TileEnvelope($1, $2, $3) AS env)
     SELECT ST_AsMVT(t.*, $4::text, ${TILE_EXTENT}, 'geom') AS mvt FROM (
       SELECT l.props - $5::text[] AS props, ST_AsMVTGeom(${geom}, bounds.env, ${TILE_EXTENT}, ${BUFFER_PIXELS}, true) AS geom
         FROM (${layer.source}) l, bounds
        WHERE ${near}${scope.sql}
        ORDER BY l.fid
     ) t`,
    [z, x, y, layer.id, hidden, ...scope.params],
    `tile_${statementOf(layer)}`,
  );
  return rows[0]?.mvt ?? new Uint8Array();
}

/** The features for a tile as GeoJSON in `crs`, fetched for the geojson-vt path (and the benchmark). */
export async function tileFeatures(
  c: Queryable,
  layer: LayerDef,
  z: number,
  x: number,
  y: number,
  hidden: readonly string[] = [],
  crs: DisplayCrs = 'wgs84',
): Promise<GeoJSON.FeatureCollection> {
  const [w, s, e, n] = dataBounds(tileBounds(z, x, y, BUFFER_PIXELS / TILE_EXTENT), crs);
  const scope = layerScopeSql(layer, 'l', 6);
  const { rows } = await c.query<{ fc: GeoJSON.FeatureCollection }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'geometry', ST_AsGeoJSON(l.geom, 7)::json, 'properties', l.props - $5::text[]) ORDER BY l.fid), '[]'::json)) AS fc
       FROM (${layer.source}) l WHERE ${nearSql(layer, 'l', 'ST_MakeEnvelope($1, $2, $3, $4, 4326)')}${scope.sql}`,
    [w, s, e, n, hidden, ...scope.params],
    `tile_features_${statementOf(layer)}`,
  );
  return toDisplayCrs(rows[0].fc, crs);
}

export function encodeWithGeojsonVt(fc: GeoJSON.FeatureCollection, layerId: string, z: number, x: number, y: number): Uint8Array {
  if (fc.features.length === 0) return new Uint8Array();
  const index = new GeoJSONVT(fc, { maxZoom: z, indexMaxZoom: 0, extent: TILE_EXTENT, buffer: BUFFER_PIXELS, tolerance: 1 });
  const tile = index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return new Uint8Array();
  return fromGeojsonVt({ [layerId]: tile }, { version: 2, extent: TILE_EXTENT });
}

/**
 * Whether `layer` has a tile at z/x/y: false below its minzoom (and below `aggregatedFrom` when it
 * has one); `layer.not_tiled` for a layer served as GeoJSON only, `layer.no_tile` outside the pyramid.
 */
export function drawnAt(layer: LayerDef, z: number, x: number, y: number): boolean {
  if (!layer.tiles) throw invalid('layer.not_tiled', { layer: layer.id });
  if (!validTile(z, x, y)) throw invalid('layer.no_tile', { z, x, y });
  return z >= Math.min(layer.minzoom, layer.aggregatedFrom ?? layer.minzoom);
}

/**
 * What a tile of `layer` at zoom `z` is drawn from: below its minzoom, the communities with their
 * counts; below an overview's zoom, the first such overview's source.
 */
export function tileSource(layer: LayerDef, z: number): LayerDef {
  if (z < layer.minzoom && layer.aggregatedFrom !== undefined) return { ...layer, source: COMMUNITY_COUNTS_SOURCE, mercator: true };
  const overview = layer.overview?.find((o) => z < o.below);
  return overview ? { ...layer, source: overview.source, mercator: overview.mercator } : layer;
}

/**
 * A tile of `layer` in Mapbox Vector Tile encoding without the property keys in `hidden` (empty
 * array for an empty tile), its geometry in `crs`; null below the layer's minzoom, where it is
 * not drawn and a tile would carry every feature of the town; between `aggregatedFrom` and the
 * minzoom, the communities with their counts (source-layer still the layer's id).
 */
export async function layerTile(
  db: Db,
  drawn: LayerDef,
  z: number,
  x: number,
  y: number,
  hidden: readonly string[] = [],
  crs: DisplayCrs = 'wgs84',
): Promise<Uint8Array | null> {
  if (!drawnAt(drawn, z, x, y)) return null;
  const layer = tileSource(drawn, z);
  if (db.kind === 'postgres' && crs === 'wgs84') return db.withClient((c) => postgisTile(c, layer, z, x, y, hidden));
  // The embedded database's thread fetches and encodes the tile, off the event loop.
  if (db.vectorTile) return db.vectorTile(layer, z, x, y, hidden, crs);
  const fc = await db.withClient((c) => tileFeatures(c, layer, z, x, y, hidden, crs));
  return encodeWithGeojsonVt(fc, layer.id, z, x, y);
}

/**
 * The map data's version: raised by every committed change to the tables the tiled layers are
 * drawn from (migration 0016), so a tile cached under one version is current while it lasts.
 */
export async function mapDataVersion(c: Queryable): Promise<number> {
  const { rows } = await c.query<{ version: string | number }>('SELECT version FROM map_data_version', [], 'map_data_version');
  return Number(rows[0].version);
}
