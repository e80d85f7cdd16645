/**
 * Basemap tiles beneath a printed map: which web-mercator tiles cover the map frame at about the
 * print's resolution, and where a tile's corners lie. Fetching them is done elsewhere
 * (data/print-basemap.ts); this part is plain arithmetic.
 */
import type { Position } from 'geojson';

export interface TileKey {
  z: number;
  x: number;
  y: number;
}

/** A fetched tile: PNG or JPEG bytes, which both the PDF and the PNG writer embed as they are. */
export interface PrintTile extends TileKey {
  image: Buffer;
}

/** Tiles per layer (bottom first) and the attribution; or, when they could not be had, only that they failed. */
export type PrintBasemap = { layers: PrintTile[][]; attribution: string } | { failed: true };

/** Ground metres per pixel of a 256-pixel tile at zoom 0 on the equator (web mercator). */
const METRES_PER_PIXEL_AT_ZOOM_0 = 156_543.034;

/** More tiles than this on one page means the zoom is too fine for the paper: a coarser zoom is used. */
export const MAX_PRINT_TILES = 64;

const lngOfColumn = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const latOfRow = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;
const columnOf = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const rowOf = (lat: number, z: number) => {
  const rad = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
};

/** A tile's north-west and south-east corners as [lng, lat]. */
export function tileCorners({ z, x, y }: TileKey): [Position, Position] {
  return [
    [lngOfColumn(x, z), latOfRow(y, z)],
    [lngOfColumn(x + 1, z), latOfRow(y + 1, z)],
  ];
}

/** The tiles, row by row, covering `view` [west, south, east, north] at zoom `z`. */
export function tilesOf(view: [number, number, number, number], z: number): TileKey[] {
  const [west, south, east, north] = view;
  const keys: TileKey[] = [];
  for (let y = rowOf(north, z); y <= rowOf(south, z); y++)
    for (let x = columnOf(west, z); x <= columnOf(east, z); x++) keys.push({ z, x, y });
  return keys;
}

/**
 * The zoom whose pixels come closest to `metresPerPixel` at the view's latitude, no finer than
 * `maxZoom` and coarse enough that at most MAX_PRINT_TILES tiles cover the view.
 */
export function printZoom(view: [number, number, number, number], metresPerPixel: number, maxZoom: number): number {
  const latitude = (view[1] + view[3]) / 2;
  const wanted = Math.round(Math.log2((METRES_PER_PIXEL_AT_ZOOM_0 * Math.cos((latitude * Math.PI) / 180)) / metresPerPixel));
  let z = Math.max(0, Math.min(maxZoom, wanted));
  while (z > 0 && tilesOf(view, z).length > MAX_PRINT_TILES) z--;
  return z;
}
