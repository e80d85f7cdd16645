/**
 * The frame a map draws in. The app's data is WGS84; over a GCJ-02 basemap (AMap-style tiles)
 * every map draws it moved into GCJ-02 so it lines up with the streets beneath. The map toolkit
 * does the moving at its edges: GeoJSON going in and camera targets are moved into the frame
 * (gcoord), vector tiles are asked for in it (`?crs=gcj02`, moved by the same formula on the
 * server), and clicks, picked features and drawn shapes are moved back. Screens only ever see WGS84.
 */
import gcoord, { type CRSTypes } from 'gcoord';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Map } from 'maplibre-gl';
import type { DisplayCrs } from '$contract/basemap';

type LngLat = [number, number];
type GeoJsonIn = Parameters<typeof gcoord.transform>[0];

export interface DisplayFrame {
  readonly crs: DisplayCrs;
  /** A WGS84 position as drawn. */
  toMap(position: LngLat): LngLat;
  /** A drawn position (a click, a map centre) in WGS84. */
  fromMap(position: LngLat): LngLat;
  /** A copy of WGS84 GeoJSON as drawn. */
  toMapData<T extends FeatureCollection | Geometry>(data: T): T;
  /** A copy of drawn geometry (a picked feature, a drawn outline) in WGS84. */
  fromMapData<T extends FeatureCollection | Geometry>(data: T): T;
  /** An app vector tile URL template asking for tiles in this frame. */
  tileUrl(url: string): string;
}

const moved = <T>(data: T, from: CRSTypes, to: CRSTypes): T =>
  gcoord.transform(structuredClone(data) as GeoJsonIn, from, to) as unknown as T;

const wgs84: DisplayFrame = {
  crs: 'wgs84',
  toMap: (position) => position,
  fromMap: (position) => position,
  toMapData: (data) => data,
  fromMapData: (data) => data,
  tileUrl: (url) => url,
};

const gcj02: DisplayFrame = {
  crs: 'gcj02',
  toMap: (position) => gcoord.transform(position, gcoord.WGS84, gcoord.GCJ02) as LngLat,
  fromMap: (position) => gcoord.transform(position, gcoord.GCJ02, gcoord.WGS84) as LngLat,
  toMapData: (data) => (isEmpty(data) ? data : moved(data, gcoord.WGS84, gcoord.GCJ02)),
  fromMapData: (data) => (isEmpty(data) ? data : moved(data, gcoord.GCJ02, gcoord.WGS84)),
  tileUrl: (url) => `${url}${url.includes('?') ? '&' : '?'}crs=gcj02`,
};

function isEmpty(data: FeatureCollection | Geometry): boolean {
  return data.type === 'FeatureCollection' && data.features.length === 0;
}

/** The frame for a display CRS. */
export function displayFrame(crs: DisplayCrs): DisplayFrame {
  return crs === 'gcj02' ? gcj02 : wgs84;
}

const frames = new WeakMap<Map, DisplayFrame>();

/** Records the frame `map` draws in (MapView, at creation). */
export function setFrame(map: Map, frame: DisplayFrame): void {
  frames.set(map, frame);
}

/** The frame `map` draws in (WGS84 unless its basemap is GCJ-02). */
export function frameOf(map: Map): DisplayFrame {
  return frames.get(map) ?? wgs84;
}

/** The centre of the view in WGS84 (e.g. where a search measures distances from). */
export function mapCentre(map: Map): LngLat {
  return frameOf(map).fromMap(map.getCenter().toArray() as LngLat);
}
