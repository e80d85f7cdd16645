/**
 * Source coordinate systems an import accepts and how each reaches WGS84 (EPSG:4326, what the
 * database stores). CGCS2000 (EPSG:4490) differs from WGS84 by a few centimetres, far below the
 * accuracy of any community map, so it is taken as WGS84. GCJ-02 (AMap/Tencent) and BD-09 (Baidu)
 * are the obfuscated offsets of Chinese web maps: `gcoord` reverses them in JavaScript. Projected
 * systems (`EPSG:n`, e.g. 4549 = CGCS2000 3-degree Gauss-Kruger CM 120E, 4528 = same with the
 * zone-40 prefix, 3857 = Web Mercator) are transformed by PostGIS, which knows every EPSG code.
 */
import gcoord from 'gcoord';
import type { Position } from 'geojson';

export { CRS_NAMES, parseCrs, type Crs } from '../contract/io';

/** Help text for the command line. */
export const CRS_HELP = 'wgs84, cgcs2000, gcj02, bd09 or EPSG:n (e.g. EPSG:4549, EPSG:3857)';
import type { Crs } from '../contract/io';

export function crsName(crs: Crs): string {
  return crs.kind === 'epsg' ? `EPSG:${crs.srid}` : crs.kind;
}

/** True when coordinates are longitude/latitude degrees before any PostGIS step. */
export function isGeographic(crs: Crs): boolean {
  return crs.kind !== 'epsg';
}

/** The SRID PostGIS must transform from, or null when the JS step already yields WGS84. */
export function transformSrid(crs: Crs): number | null {
  return crs.kind === 'epsg' ? crs.srid : null;
}

/** The JavaScript step of the conversion for one position (z dropped: the tables are 2D). */
export function convertPosition(crs: Crs, p: Position): Position {
  const xy: [number, number] = [p[0], p[1]];
  switch (crs.kind) {
    case 'gcj02':
      return gcoord.transform(xy, gcoord.GCJ02, gcoord.WGS84) as Position;
    case 'bd09':
      return gcoord.transform(xy, gcoord.BD09, gcoord.WGS84) as Position;
    default:
      return xy;
  }
}
