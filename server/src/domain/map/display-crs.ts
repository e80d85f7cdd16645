/**
 * Map data in the frame a map draws in. The database keeps WGS84; a map over a GCJ-02 basemap
 * (AMap-style tiles) asks for its vector tiles in GCJ-02 (`?crs=gcj02`), and every vertex is
 * moved by the same `gcoord` formula the browser uses for its GeoJSON, so the two line up.
 */
import gcoord from 'gcoord';
import type { FeatureCollection } from 'geojson';
import type { DisplayCrs } from '../../contract/basemap';

/** `fc` (WGS84) with every vertex moved into `crs`; the same object for WGS84. */
export function toDisplayCrs(fc: FeatureCollection, crs: DisplayCrs): FeatureCollection {
  if (crs === 'wgs84' || fc.features.length === 0) return fc;
  // gcoord's GeoJSON types are its own; it moves the coordinates of the object it is given.
  return gcoord.transform(fc as Parameters<typeof gcoord.transform>[0], gcoord.WGS84, gcoord.GCJ02) as unknown as FeatureCollection;
}

/**
 * The WGS84 box holding whatever is drawn inside `bounds` [w, s, e, n] of `crs`: for GCJ-02 the
 * box of its corners moved back (the offset varies by metres over a town, far less than a tile's buffer).
 */
export function dataBounds(bounds: [number, number, number, number], crs: DisplayCrs): [number, number, number, number] {
  if (crs === 'wgs84') return bounds;
  const [w, s, e, n] = bounds;
  const corners = [
    [w, s],
    [w, n],
    [e, s],
    [e, n],
  ].map((corner) => gcoord.transform(corner as [number, number], gcoord.GCJ02, gcoord.WGS84) as [number, number]);
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
