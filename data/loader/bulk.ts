// Bulk writing: rows travel as one JSON array per statement and are unpacked in SQL with
// json_to_recordset, so a 100,000-building town takes a few dozen statements, not 100,000.
import type { Geometry, Position } from 'geojson';
import type { Queryable } from '../../server/src/db/pool';

/** Rows per statement: large enough to amortise round trips, small enough to keep each JSON payload a few MB. */
const CHUNK_ROWS = 5000;

/**
 * Runs `sql` (which reads its rows from `json_to_recordset($1::json)`) once per chunk of
 * `rows`; returns the number of rows written.
 */
export async function insertJson(c: Queryable, sql: string, rows: readonly object[]): Promise<number> {
  for (let at = 0; at < rows.length; at += CHUNK_ROWS) {
    await c.query(sql, [JSON.stringify(rows.slice(at, at + CHUNK_ROWS))]);
  }
  return rows.length;
}

const position = (p: Position): string => `${p[0]} ${p[1]}`;
const ring = (r: Position[]): string => `(${r.map(position).join(',')})`;

/** Well-known text of a GeoJSON geometry (WKT is read by every PostGIS build; GeoJSON parsing needs json-c). */
export function toWkt(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `POINT(${position(g.coordinates)})`;
    case 'LineString':
      return `LINESTRING(${g.coordinates.map(position).join(',')})`;
    case 'Polygon':
      return `POLYGON(${g.coordinates.map(ring).join(',')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${g.coordinates.map((p) => `(${p.map(ring).join(',')})`).join(',')})`;
    default:
      throw new Error(`no WKT writer for ${g.type}`);
  }
}
