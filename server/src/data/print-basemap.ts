/**
 * The admin's basemap on a printed map: the tiles under the map frame are fetched here, on the
 * server, with one time limit for the whole page and a cache shared by every print, so a meeting's
 * stack of maps asks the tile server once per tile. Any tile that fails (timeout, HTTP error, not
 * a PNG or JPEG) leaves the page without a basemap and with a note: a half-drawn basemap would
 * mislead more than none. Over a GCJ-02 basemap the data is drawn shifted, as on screen.
 */
import gcoord from 'gcoord';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { LRUCache } from 'lru-cache';
import { resolveBasemap, type Basemap, type PublicBasemap } from '../contract/basemap';
import type { PaperSize } from '../contract/print';
import { mapLayout, type PrintData } from '../domain/print/drawing';
import { printZoom, tilesOf, type PrintBasemap, type PrintTile, type TileKey } from '../domain/print/basemap';
import { renderPrint, type PrintOptions } from '../domain/print/render';
import type { Db } from '../db/pool';
import { printData } from '../db/print';
import { getSettings } from '../db/settings';

/** How long a page may wait for all its tiles. */
export const PRINT_TILES_TIMEOUT_MS = 8_000;
/** Tiles asked for at once. */
const CONCURRENT_TILES = 6;
/** Printed at 150 dpi: a tile pixel per printed dot. */
const PRINT_DPI = 150;

const tileCache = new LRUCache<string, Buffer>({ maxSize: 64 * 1024 * 1024, sizeCalculation: (b) => b.length, ttl: 24 * 3600_000 });

const isPng = (b: Buffer) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47;
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** The URL of tile `key` from a layer's templates (one per subdomain, spread over them). */
function tileUrl(templates: string[], { z, x, y }: TileKey): string {
  return templates[(x + y) % templates.length].replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

/** One tile of a basemap layer (PNG or JPEG bytes), from the cache or its server; throws when it cannot be had. */
export async function fetchBasemapTile(
  basemap: PublicBasemap,
  layer: number,
  key: TileKey,
  timeoutMs = PRINT_TILES_TIMEOUT_MS,
): Promise<Buffer> {
  return fetchTile(tileUrl(basemap.layers[layer].tiles, key), AbortSignal.timeout(timeoutMs));
}

async function fetchTile(url: string, signal: AbortSignal): Promise<Buffer> {
  const cached = tileCache.get(url);
  if (cached) return cached;
  const response = await fetch(url, { signal, headers: { Accept: 'image/png,image/jpeg' } });
  if (!response.ok) throw new Error(`tile ${url}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!isPng(bytes) && !isJpeg(bytes)) throw new Error(`tile ${url}: not a PNG or JPEG`);
  tileCache.set(url, bytes);
  return bytes;
}

/** Every layer's tiles for `keys`, a few at a time, all within `timeoutMs`; throws on the first failure. */
async function fetchLayers(basemap: PublicBasemap, keys: TileKey[], timeoutMs: number): Promise<PrintTile[][]> {
  const signal = AbortSignal.timeout(timeoutMs);
  const jobs = basemap.layers.flatMap((layer, l) => keys.map((key) => ({ l, key, url: tileUrl(layer.tiles, key) })));
  const layers: PrintTile[][] = basemap.layers.map(() => []);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { l, key, url } = jobs[next++];
      layers[l].push({ ...key, image: await fetchTile(url, signal) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_TILES, jobs.length) }, worker));
  return layers;
}

const toGcj02 = (p: Position) => gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02) as [number, number];
function shiftArea(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(toGcj02)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(toGcj02))) };
}

/** `data` moved into GCJ-02, every vertex and label point by the formula the screen uses. */
export function printDataInGcj02(data: PrintData): PrintData {
  return {
    ...data,
    community: { ...data.community, geometry: shiftArea(data.community.geometry) },
    cells: data.cells.map((cell) => ({ ...cell, geometry: shiftArea(cell.geometry), labelPoint: toGcj02(cell.labelPoint) })),
    compounds: data.compounds.map((c) => ({ ...c, geometry: shiftArea(c.geometry), labelPoint: toGcj02(c.labelPoint) })),
    buildings: data.buildings.map(shiftArea),
  };
}

/**
 * The print data in the basemap's frame with its tiles for a `size` page; the data unchanged and
 * no basemap for none; the data unchanged and `{failed}` when the tiles could not be had in time.
 */
export async function withPrintBasemap(
  data: PrintData,
  size: PaperSize,
  setting: Basemap,
  timeoutMs = PRINT_TILES_TIMEOUT_MS,
): Promise<{ data: PrintData; basemap: PrintBasemap | null }> {
  const basemap = resolveBasemap(setting);
  if (!basemap) return { data, basemap: null };
  const shown = basemap.crs === 'gcj02' ? printDataInGcj02(data) : data;
  const layout = mapLayout(shown, size);
  const metresPerPixel = 72 / PRINT_DPI / layout.pointsPerMetre;
  const keys = tilesOf(layout.view, printZoom(layout.view, metresPerPixel, Math.min(...basemap.layers.map((l) => l.maxZoom))));
  try {
    return { data: shown, basemap: { layers: await fetchLayers(basemap, keys, timeoutMs), attribution: basemap.attribution } };
  } catch (error) {
    console.warn('Printing without the basemap:', error instanceof Error ? error.message : error);
    return { data, basemap: { failed: true } };
  }
}

/** Community `code`'s printed map as a file, over the admin's basemap when one is set (the route's and the CLI's one path). */
export async function printCommunity(db: Db, code: string, options: PrintOptions) {
  const { data, setting } = await db.withClient(async (q) => ({
    data: await printData(q, code),
    setting: (await getSettings(q))['map.basemap'],
  }));
  const shown = await withPrintBasemap(data, options.size, setting);
  return { data, file: await renderPrint(shown.data, options, shown.basemap) };
}
