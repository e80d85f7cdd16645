declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Geometries of a .shp; with `prj` (WKT) they are reprojected to WGS84 by proj4. */
  export function parseShp(shp: DataView | ArrayBuffer | Uint8Array, prj?: string): (Geometry | null)[];
  /** Records of a .dbf, text decoded with the `cpg` encoding (default UTF-8). */
  export function parseDbf(dbf: DataView | ArrayBuffer | Uint8Array, cpg?: string): Record<string, unknown>[];
}
