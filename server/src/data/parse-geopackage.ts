/**
 * Reads the feature table of a GeoPackage (.gpkg, OGC 12-128): the one table gpkg_contents lists
 * as features, its geometry column and coordinate system from gpkg_geometry_columns and
 * gpkg_spatial_ref_sys, and each row's attributes (the integer primary key, GeoPackage's own row
 * id, is left out). A geometry is the GeoPackage binary header (magic `GP`, flags, srs_id, an
 * optional envelope) followed by standard WKB. Records are numbered from 0 in primary key order,
 * as QGIS numbers features.
 */
import type { Database, SqlValue } from 'sql.js';
import { note, problem, type ParsedFile, type ParsedRecord, type Problem } from './types';
import { sqlite } from './sqlite';
import { readWkb, WkbError } from './wkb';

/** Envelope sizes by the header's envelope indicator (flags bits 1–3). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** Reads a GeoPackage geometry blob; throws WkbError when it is not one. */
export function readGeoPackageGeometry(blob: Uint8Array) {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new WkbError('no GeoPackage header (GP)');
  const flags = blob[3];
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new WkbError(`envelope indicator ${(flags >> 1) & 0x07}`);
  const srid = new DataView(blob.buffer, blob.byteOffset + 4, 4).getInt32(0, (flags & 1) === 1);
  const empty = (flags & 0x10) !== 0;
  return { srid, empty, ...readWkb(blob, 8 + envelope) };
}

const rowsOf = (db: Database, sql: string, params: SqlValue[] = []) => {
  const [result] = db.exec(sql, params);
  return result ? result.values.map((v) => Object.fromEntries(result.columns.map((c, k) => [c, v[k]]))) : [];
};
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The coordinate system a srs_id names: EPSG codes by number, others by their WKT definition. */
function declaredCrs(db: Database, srsId: number): string | undefined {
  const [srs] = rowsOf(db, 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId]);
  if (!srs || srsId <= 0) return undefined;
  if (String(srs.organization).toUpperCase() === 'EPSG') return `EPSG:${String(srs.organization_coordsys_id)}`;
  // another organisation: the name in its WKT definition (ESRI names are understood)
  const name = /^\s*(?:GEOGCS|PROJCS|GEOGCRS|PROJCRS)\["([^"]+)"/i.exec(String(srs.definition ?? ''));
  return name?.[1];
}

function readTable(db: Database, table: string, column: string, srsId: number): ParsedFile {
  const info = rowsOf(db, `PRAGMA table_info(${quote(table)})`);
  const key = info.find((c) => Number(c.pk) === 1 && String(c.type).toUpperCase() === 'INTEGER')?.name as string | undefined;
  const columns = info.map((c) => String(c.name)).filter((c) => c !== column && c !== key);
  const records: ParsedRecord[] = [];
  const statement = db.prepare(
    `SELECT ${[quote(column), ...columns.map(quote)].join(', ')} FROM ${quote(table)}${key ? ` ORDER BY ${quote(key)}` : ''}`,
  );
  try {
    for (let feature = 0; statement.step(); feature++) {
      const [blob, ...values] = statement.get();
      const props = Object.fromEntries(columns.map((c, k) => [c, values[k] instanceof Uint8Array ? null : values[k]]));
      if (blob === null) {
        records.push({ ref: { feature }, props, geometry: null });
        continue;
      }
      try {
        const g = readGeoPackageGeometry(blob as Uint8Array);
        records.push({ ref: { feature }, props, geometry: g.empty ? null : g.geometry });
      } catch (err) {
        const geometryError = { ...problem('import.gpkg_geometry_unreadable', { detail: (err as Error).message }), field: column };
        records.push({ ref: { feature }, props, geometry: null, geometryError });
      }
    }
  } finally {
    statement.free();
  }
  const crs = declaredCrs(db, srsId);
  return { records, columns, ...(crs ? { declaredCrs: crs } : {}), notes: [note('import.note.gpkg_table', { table })] };
}

/** Reads the one feature table of a GeoPackage file. */
export async function parseGeoPackage(bytes: Uint8Array): Promise<{ file?: ParsedFile; problems: Problem[] }> {
  const SQL = await sqlite();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
  } catch {
    return { problems: [problem('import.gpkg_not_sqlite')] };
  }
  try {
    const known = rowsOf(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('gpkg_contents', 'gpkg_geometry_columns')");
    if (known.length < 2) return { problems: [problem('import.gpkg_not_geopackage')] };
    const tables = rowsOf(
      db,
      `SELECT c.table_name AS "table", g.column_name AS "column", g.srs_id AS srs
         FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
        WHERE c.data_type = 'features' ORDER BY c.table_name`,
    );
    if (tables.length === 0) return { problems: [problem('import.gpkg_no_features')] };
    if (tables.length > 1)
      return { problems: [problem('import.gpkg_many_tables', { count: tables.length, names: tables.map((t) => String(t.table)) })] };
    const [t] = tables;
    return { file: readTable(db, String(t.table), String(t.column), Number(t.srs)), problems: [] };
  } catch (err) {
    return { problems: [problem('import.gpkg_unreadable', { detail: (err as Error).message })] };
  } finally {
    db.close();
  }
}
