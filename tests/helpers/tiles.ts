/** Reading vector tiles in tests: the tile that holds a point, and a tile's features decoded. */
import { createRequire } from 'node:module';

export interface TilePoint {
  x: number;
  y: number;
}
/** A decoded feature (MVT v2 type: 1 point, 2 line, 3 polygon) with its geometry in tile units. */
export interface DecodedFeature {
  type: number;
  properties: Record<string, string | number | boolean>;
  loadGeometry(): TilePoint[][];
}
interface DecodedTile {
  layers: Record<string, { length: number; feature(i: number): DecodedFeature }>;
}
// The decoder vt-pbf itself depends on.
const require = createRequire(import.meta.url);
const { VectorTile } = require('@mapbox/vector-tile') as { VectorTile: new (pbf: unknown) => DecodedTile };
const Pbf = require('pbf') as new (buf: Uint8Array) => unknown;

/** The features of `layerId` in a tile (none for an empty or absent tile). */
export function decodeTile(bytes: Uint8Array | null, layerId: string): DecodedFeature[] {
  if (!bytes || bytes.length === 0) return [];
  const layer = new VectorTile(new Pbf(bytes)).layers[layerId];
  return layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i)) : [];
}

/** x and y of the zoom-`z` web-mercator tile holding [lng, lat]. */
export function tileOf([lng, lat]: [number, number], z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}
