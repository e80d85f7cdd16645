/**
 * Reads a table of a GeoPackage (.gpkg, OGC 12-128): a feature table gpkg_contents lists (the
 * only one, or the one the user chose), its geometry column and coordinate system from
 * gpkg_geometry_columns and gpkg_spatial_ref_sys, and each row's attributes; for a layer without
 * geometry (people), an attribute table (data_type 'attributes') the same way (the integer primary key, GeoPackage's own row
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

function attributeColumns(db: Database, table: string, geometryColumn: string | null) {
  const info = rowsOf(db, `PRAGMA table_info(${quote(table)})`);
  const key = info.find((c) => Number(c.pk) === 1 && String(c.type).toUpperCase() === 'INTEGER')?.name as string | undefined;
  return { key, columns: info.map((c) => String(c.name)).filter((c) => c !== geometryColumn && c !== key) };
}

function readTable(db: Database, table: string, column: string | null, srsId: number): ParsedFile {
  const { key, columns } = attributeColumns(db, table, column);
  const records: ParsedRecord[] = [];
  const statement = db.prepare(
    `SELECT ${[column === null ? 'NULL' : quote(column), ...columns.map(quote)].join(', ')} FROM ${quote(table)}${key ? ` ORDER BY ${quote(key)}` : ''}`,
  );
  try {
    for (let feature = 0; statement.step(); feature++) {
      const [blob, ...values] = statement.get();
      const props = Object.fromEntries(columns.map((c, k) => [c, values[k] instanceof Uint8Array ? null : values[k]]));
      if (column === null) {
        // an attribute table: records without geometry, as a CSV of people is read
        records.push({ ref: { feature }, props, geometry: undefined });
        continue;
      }
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
  const crs = column === null ? undefined : declaredCrs(db, srsId);
  return { records, columns, ...(crs ? { declaredCrs: crs } : {}), notes: [note('import.note.gpkg_table', { table })] };
}

/** One table of a GeoPackage a layer can be read from: features (with their geometry column) or attributes. */
export interface GeoPackageTable {
  name: string;
  /** The geometry type gpkg_geometry_columns declares (POINT, MULTIPOLYGON, …); null for an attribute table. */
  geometryType: string | null;
  records: number;
  /** Its columns as an import reads them (the geometry column and the integer primary key left out). */
  columns: string[];
  geometryColumn: string | null;
  srsId: number | null;
}

function tablesOf(db: Database): GeoPackageTable[] {
  const geometryColumns = rowsOf(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_geometry_columns'").length > 0;
  const listed = rowsOf(
    db,
    geometryColumns
      ? `SELECT c.table_name AS name, c.data_type AS kind, g.column_name AS "column", g.geometry_type_name AS type, g.srs_id AS srs
           FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
          WHERE c.data_type IN ('features', 'attributes') ORDER BY c.table_name`
      : `SELECT table_name AS name, data_type AS kind, NULL AS "column", NULL AS type, NULL AS srs
           FROM gpkg_contents WHERE data_type = 'attributes' ORDER BY table_name`,
  );
  return listed
    .filter((t) => t.kind === 'attributes' || t.column !== null)
    .map((t) => {
      const name = String(t.name);
      const geometryColumn = t.kind === 'features' ? String(t.column) : null;
      const [{ n }] = rowsOf(db, `SELECT count(*) AS n FROM ${quote(name)}`);
      return {
        name,
        geometryType: geometryColumn ? String(t.type).toUpperCase() : null,
        records: Number(n),
        columns: attributeColumns(db, name, geometryColumn).columns,
        geometryColumn,
        srsId: geometryColumn ? Number(t.srs) : null,
      };
    });
}

/** Opens a GeoPackage's bytes; a problem when they are not one. */
async function openGeoPackage(bytes: Uint8Array): Promise<{ db?: Database; problems: Problem[] }> {
  const SQL = await sqlite();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
  } catch {
    return { problems: [problem('import.gpkg_not_sqlite')] };
  }
  if (rowsOf(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_contents'").length === 0) {
    db.close();
    return { problems: [problem('import.gpkg_not_geopackage')] };
  }
  return { db, problems: [] };
}

/** The feature and attribute tables of a GeoPackage (by name), or the problems that make it unreadable. */
export async function geoPackageTables(bytes: Uint8Array): Promise<{ tables?: GeoPackageTable[]; problems: Problem[] }> {
  const opened = await openGeoPackage(bytes);
  if (!opened.db) return { problems: opened.problems };
  try {
    return { tables: tablesOf(opened.db), problems: [] };
  } catch (err) {
    return { problems: [problem('import.gpkg_unreadable', { detail: (err as Error).message })] };
  } finally {
    opened.db.close();
  }
}

export interface GeoPackageChoice {
  /** Read this table; without it the file must hold exactly one table of the kind asked for. */
  table?: string;
  /** Feature tables (spatial layers) or attribute tables (people). */
  spatial: boolean;
}

/**
 * The table an import reads: the one named, or the only one of its kind. A name that is not a
 * table of that kind, or no name when there are several, is a problem on the `table` parameter.
 */
export function chooseTable(tables: GeoPackageTable[], choice: GeoPackageChoice): { table?: GeoPackageTable; problems: Problem[] } {
  const fitting = tables.filter((t) => (t.geometryColumn !== null) === choice.spatial);
  const names = fitting.map((t) => t.name);
  if (choice.table !== undefined) {
    const table = fitting.find((t) => t.name === choice.table);
    return table ? { table, problems: [] } : { problems: [problem('import.gpkg_table_unknown', { table: choice.table, names }, 'table')] };
  }
  if (fitting.length === 0) return { problems: [problem(choice.spatial ? 'import.gpkg_no_features' : 'import.gpkg_no_attributes')] };
  if (fitting.length > 1) return { problems: [problem('import.gpkg_many_tables', { count: fitting.length, names }, 'table')] };
  return { table: fitting[0], problems: [] };
}

/** Reads one table of a GeoPackage file: the one chosen, or the only one of the kind the layer needs. */
export async function parseGeoPackage(bytes: Uint8Array, choice: GeoPackageChoice): Promise<{ file?: ParsedFile; problems: Problem[] }> {
  const opened = await openGeoPackage(bytes);
  if (!opened.db) return { problems: opened.problems };
  const db = opened.db;
  try {
    const chosen = chooseTable(tablesOf(db), choice);
    if (!chosen.table) return { problems: chosen.problems };
    const t = chosen.table;
    return { file: readTable(db, t.name, t.geometryColumn, t.srsId ?? 0), problems: [] };
  } catch (err) {
    return { problems: [problem('import.gpkg_unreadable', { detail: (err as Error).message })] };
  } finally {
    db.close();
  }
}
