/**
 * Writes a layer as a GeoPackage (OGC 12-128, version 1.3) with sql.js: the required tables
 * (gpkg_spatial_ref_sys with its three required rows, gpkg_contents with the layer's extent,
 * gpkg_geometry_columns), the application id `GPKG`, and one feature table named after the layer
 * with an integer primary key `fid`, a geometry column `geom` in EPSG:4326 and the columns an
 * import reads. Each geometry is the GeoPackage binary header with its envelope, then WKB. A
 * layer without geometry (people) is an attribute table (gpkg_contents data_type 'attributes', no
 * srs_id or extent, no geometry column), as the standard's attributes option describes.
 */
import type { Database, SqlValue } from 'sql.js';
import type { FieldDef, ImportLayerDef } from './layers';
import { sqlite } from './sqlite';

/** One exported record: the layer's stored columns, WKB (hex, little-endian) and the envelope. */
export interface GeoPackageRow {
  values: Record<string, unknown>;
  wkb: string | null;
  envelope: [minX: number, maxX: number, minY: number, maxY: number] | null;
}

const SQL_TYPE: Record<FieldDef['kind'], string> = { text: 'TEXT', enum: 'TEXT', int: 'INTEGER', float: 'DOUBLE', bool: 'BOOLEAN' };
const GEOMETRY_TYPE = { multipolygon: 'MULTIPOLYGON', polygon: 'POLYGON', point: 'POINT', line: 'LINESTRING' } as const;
/** `GPKG` as the SQLite application id, and GeoPackage 1.3 as its user version. */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10300;

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

/** The GeoPackage binary form of a WKB geometry: `GP`, version 0, flags (little-endian, xy envelope), srs_id, envelope, WKB. */
export function geoPackageGeometry(wkbHex: string, envelope: [number, number, number, number], srsId = 4326): Uint8Array {
  const wkb = Buffer.from(wkbHex, 'hex');
  const out = Buffer.alloc(8 + 32 + wkb.length);
  out.write('GP', 0, 'latin1');
  out[2] = 0;
  out[3] = 0b0000_0011;
  out.writeInt32LE(srsId, 4);
  envelope.forEach((v, k) => out.writeDoubleLE(v, 8 + 8 * k));
  wkb.copy(out, 40);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

const GEOMETRY_COLUMNS_TABLE = `CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));`;

function createTables(db: Database, layer: ImportLayerDef, fields: FieldDef[]): void {
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${USER_VERSION};
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
      description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
    ${layer.geometry ? GEOMETRY_COLUMNS_TABLE : ''}`);
  const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of [
    ['WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'],
    ['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'],
    ['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'],
  ])
    srs.run(row);
  srs.free();
  const columns = fields.map((f) => `"${f.column}" ${SQL_TYPE[f.kind]}`);
  if (layer.geometry) columns.unshift(`geom ${GEOMETRY_TYPE[layer.geometry]}`);
  db.exec(`CREATE TABLE "${layer.id}" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${columns.join(', ')})`);
}

const sqlValue = (v: unknown): SqlValue => (typeof v === 'boolean' ? Number(v) : v === undefined ? null : (v as SqlValue));

/** The GeoPackage file of a layer's rows: a feature table, or an attribute table for a layer without geometry. */
export async function writeGeoPackage(layer: ImportLayerDef, fields: FieldDef[], rows: GeoPackageRow[]): Promise<Uint8Array<ArrayBuffer>> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  try {
    createTables(db, layer, fields);
    const extent = [Infinity, Infinity, -Infinity, -Infinity];
    db.exec('BEGIN');
    const names = [...(layer.geometry ? ['geom'] : []), ...fields.map((f) => `"${f.column}"`)];
    const insert = db.prepare(`INSERT INTO "${layer.id}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
    for (const r of rows) {
      const geometry = r.wkb && r.envelope ? [geoPackageGeometry(r.wkb, r.envelope)] : layer.geometry ? [null] : [];
      if (r.envelope) {
        const [minX, maxX, minY, maxY] = r.envelope;
        [extent[0], extent[1], extent[2], extent[3]] = [
          Math.min(extent[0], minX),
          Math.min(extent[1], minY),
          Math.max(extent[2], maxX),
          Math.max(extent[3], maxY),
        ];
      }
      insert.run([...geometry, ...fields.map((f) => sqlValue(r.values[f.column]))]);
    }
    insert.free();
    const bounds = extent[0] <= extent[2] ? extent : [null, null, null, null];
    if (layer.geometry) {
      db.run(
        `INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, 4326)`,
        [layer.id, layer.id, ...bounds],
      );
      db.run(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)`, [layer.id, GEOMETRY_TYPE[layer.geometry]]);
    } else db.run(`INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES (?, 'attributes', ?)`, [layer.id, layer.id]);
    db.exec('COMMIT');
    return new Uint8Array(db.export());
  } finally {
    db.close();
  }
}
