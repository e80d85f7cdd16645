/**
 * GeoPackage in and out: an export opens in SQLite with the tables the standard requires and the
 * layer's rows, and imports back unchanged; a GeoPackage written here by hand in EPSG:4549 lands
 * where PostGIS puts the same coordinates; files that are not one are refused by name.
 */
import type { Geometry } from 'geojson';
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { sqlite } from '../../server/src/data/sqlite';
import { readGeoPackageGeometry } from '../../server/src/data/parse-geopackage';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const COMMUNITY = '321012100003';
const GPKG = 'application/geopackage+sqlite3';

let db: Db;
let planner: string;
beforeAll(async () => {
  await testApp();
  db = await testDb();
  planner = await loginAs('planner');
});
afterAll(async () => {
  await db.withClient((c) => c.query(`DELETE FROM facility WHERE name LIKE 'GeoPackage 测试用房%'`));
  await db.withClient((c) => c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id LIKE 'gpkg-test%'`));
});

const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
async function post(path: string, body: Uint8Array<ArrayBuffer>): Promise<Response> {
  return (await testApp()).request(path, { method: 'POST', headers: { 'Content-Type': GPKG, Cookie: planner }, body });
}
async function open(bytes: Uint8Array): Promise<Database> {
  return new (await sqlite()).Database(bytes);
}
const rows = (g: Database, sql: string) => {
  const [r] = g.exec(sql);
  return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, k) => [c, v[k]]))) : [];
};

describe('GET /api/export/{layer}?format=gpkg', () => {
  it('writes a GeoPackage that SQLite opens, with the required tables, EPSG:4326, the extent and every building', async () => {
    const res = await call('GET', `/api/export/buildings?format=gpkg&community=${COMMUNITY}`, undefined, planner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(GPKG);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="gridplan-buildings-${COMMUNITY}.gpkg"`);
    const g = await open(new Uint8Array(await res.arrayBuffer()));
    // 'GPKG' as a big-endian 32-bit number
    expect(rows(g, 'PRAGMA application_id')).toEqual([{ application_id: 0x47504b47 }]);
    expect(rows(g, 'SELECT srs_id, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys ORDER BY srs_id')).toEqual([
      { srs_id: -1, organization: 'NONE', organization_coordsys_id: -1 },
      { srs_id: 0, organization: 'NONE', organization_coordsys_id: 0 },
      { srs_id: 4326, organization: 'EPSG', organization_coordsys_id: 4326 },
    ]);
    expect(rows(g, 'SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns')).toEqual([
      { table_name: 'buildings', column_name: 'geom', geometry_type_name: 'POLYGON', srs_id: 4326, z: 0, m: 0 },
    ]);
    const [extent] = await q<{ min_x: number; min_y: number; max_x: number; max_y: number }>(
      `SELECT ST_XMin(e) AS min_x, ST_YMin(e) AS min_y, ST_XMax(e) AS max_x, ST_YMax(e) AS max_y
         FROM (SELECT ST_Extent(geom)::geometry AS e FROM building WHERE community_code = $1) x`,
      [COMMUNITY],
    );
    expect(rows(g, 'SELECT table_name, data_type, srs_id, min_x, min_y, max_x, max_y FROM gpkg_contents')).toEqual([
      { table_name: 'buildings', data_type: 'features', srs_id: 4326, ...extent },
    ]);
    const stored = await q<{ code: string; households: number; floors: number; geometry: string }>(
      'SELECT code, households, floors, ST_AsGeoJSON(geom, 15) AS geometry FROM building WHERE community_code = $1 ORDER BY code',
      [COMMUNITY],
    );
    const written = rows(g, 'SELECT code, households, floors, geom FROM buildings ORDER BY fid');
    expect(written.map(({ geom: _, ...r }) => r)).toEqual(stored.map(({ geometry: _, ...r }) => r));
    const first = readGeoPackageGeometry(written[0].geom as Uint8Array);
    expect(first.srid).toBe(4326);
    expect(first.geometry).toEqual(JSON.parse(stored[0].geometry) as Geometry);
    g.close();
  });

  it('imports its own export back unchanged', async () => {
    const res = await call('GET', `/api/export/buildings?format=gpkg&community=${COMMUNITY}`, undefined, planner);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM building WHERE community_code = $1', [COMMUNITY]);
    const back = await post('/api/import/buildings?name=gpkg-test.gpkg', bytes);
    const report = (await back.json()) as { ok: boolean; format: string; counts: unknown; notes: { code: string }[] };
    expect(back.status).toBe(200);
    expect(report.format).toBe('gpkg');
    expect(report.counts).toEqual({ records: n, inserted: 0, updated: 0, unchanged: n });
    expect(report.notes.map((x) => x.code)).toContain('import.note.gpkg_table');
  });

  it('writes people (no geometry) as an attribute table that imports back unchanged', async () => {
    const res = await call('GET', `/api/export/people?format=gpkg&community=${COMMUNITY}`, undefined, planner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(GPKG);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const g = await open(bytes);
    // OGC 12-128 attributes: listed in gpkg_contents without srs_id or extent, no geometry column anywhere
    expect(rows(g, 'SELECT table_name, data_type, srs_id, min_x, max_y FROM gpkg_contents')).toEqual([
      { table_name: 'people', data_type: 'attributes', srs_id: null, min_x: null, max_y: null },
    ]);
    expect(rows(g, "SELECT name FROM sqlite_master WHERE name = 'gpkg_geometry_columns'")).toEqual([]);
    const stored = await q<{ name: string; phone: string | null; home_building_code: string | null }>(
      'SELECT name, phone, home_building_code FROM person WHERE community_code = $1 ORDER BY id',
      [COMMUNITY],
    );
    expect(stored.length).toBeGreaterThan(2);
    expect(rows(g, 'SELECT name, phone, home_building_code FROM people ORDER BY fid')).toEqual(stored);
    g.close();
    const back = await post('/api/import/people?name=gpkg-test-people.gpkg', bytes);
    const report = (await back.json()) as { counts: unknown; notes: { code: string; params: unknown }[] };
    expect(back.status).toBe(200);
    expect(report.counts).toEqual({ records: stored.length, inserted: 0, updated: 0, unchanged: stored.length });
    expect(report.notes).toContainEqual(expect.objectContaining({ code: 'import.note.gpkg_table', params: { table: 'people' } }));
  });

  it("masks people's phones in a GeoPackage for those who may not see them, as in CSV", async () => {
    const worker = await loginAs('worker');
    const res = await call('GET', `/api/export/people?format=gpkg&community=${COMMUNITY}`, undefined, worker);
    expect(res.status).toBe(200);
    const g = await open(new Uint8Array(await res.arrayBuffer()));
    const phones = rows(g, 'SELECT phone FROM people WHERE phone IS NOT NULL').map((r) => String(r.phone));
    g.close();
    expect(phones.length).toBeGreaterThan(0);
    for (const p of phones) expect(p).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});

/** A GeoPackage with a facilities table in EPSG:4549 (CGCS2000 GK CM 120E), written statement by statement. */
async function handMadeGeoPackage(tables: string[], named = (_table: string) => 'GeoPackage 测试用房'): Promise<Uint8Array<ArrayBuffer>> {
  const g = new (await sqlite()).Database();
  g.exec(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT);
          INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger CM 120E', 4549, 'EPSG', 4549, 'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E"]');
          CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
          CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);`);
  // GP, version 0, flags 0x01 (little-endian, no envelope), srs_id 4549, then WKB point (455000, 3589000)
  const blob = Buffer.alloc(8 + 21);
  blob.write('GP', 0, 'latin1');
  blob[3] = 0x01;
  blob.writeInt32LE(4549, 4);
  blob[8] = 1;
  blob.writeUInt32LE(1, 9);
  blob.writeDoubleLE(455000, 13);
  blob.writeDoubleLE(3589000, 21);
  for (const t of tables) {
    g.exec(`INSERT INTO gpkg_contents VALUES ('${t}', 'features', '${t}', 4549);
            INSERT INTO gpkg_geometry_columns VALUES ('${t}', 'shape', 'POINT', 4549, 0, 0);
            CREATE TABLE "${t}" (OBJECTID INTEGER PRIMARY KEY, shape BLOB, 社区代码 TEXT, 名称 TEXT, 面积 REAL)`);
    g.run(`INSERT INTO "${t}" VALUES (7, ?, '321012100015', ?, 120.5)`, [blob, named(t)]);
  }
  const bytes = new Uint8Array(g.export());
  g.close();
  return bytes;
}

describe('POST /api/import/{layer} with a GeoPackage', () => {
  it('reads its srs_id (EPSG:4549) and its Chinese columns, and stores the point where PostGIS puts it', async () => {
    const res = await post('/api/import/facilities?name=gpkg-test-4549.gpkg', await handMadeGeoPackage(['用房']));
    const report = (await res.json()) as { crs: string; counts: unknown };
    expect(res.status).toBe(200);
    expect(report.crs).toBe('EPSG:4549');
    expect(report.counts).toEqual({ records: 1, inserted: 1, updated: 0, unchanged: 0 });
    const [f] = await q<{ community_code: string; area_m2: number; offsetM: number }>(
      `SELECT community_code, area_m2,
              ST_Distance(geom::geography, ST_Transform(ST_SetSRID(ST_MakePoint(455000, 3589000), 4549), 4326)::geography) AS "offsetM"
         FROM facility WHERE name = 'GeoPackage 测试用房'`,
    );
    expect(f.community_code).toBe('321012100015');
    expect(f.area_m2).toBe(120.5);
    expect(f.offsetM).toBeLessThan(0.01);
  });

  it('refuses a file that is not SQLite, writing nothing', async () => {
    const notSqlite = await post('/api/import/facilities', new Uint8Array(Buffer.from('{"type": "FeatureCollection"}')));
    expect(notSqlite.status).toBe(400);
    const a = (await notSqlite.json()) as { error: { details: { problems: { code: string }[] } } };
    expect(a.error.details.problems.map((p) => p.code)).toEqual(['import.gpkg_not_sqlite']);
  });
});

describe('A GeoPackage with several feature tables', () => {
  const byTable = (t: string) => `GeoPackage 测试用房 ${t}`;
  const twoTables = () => handMadeGeoPackage(['甲', '乙'], byTable);
  type Failure = { error: { code: string; params: unknown; details: { field: string; code: string }[] } };

  it('imports the table chosen with table=, and only that one', async () => {
    const res = await post(`/api/import/facilities?name=gpkg-test-table.gpkg&table=${encodeURIComponent('甲')}`, await twoTables());
    const report = (await res.json()) as { counts: unknown; notes: { code: string; params: unknown }[] };
    expect(res.status).toBe(200);
    expect(report.counts).toEqual({ records: 1, inserted: 1, updated: 0, unchanged: 0 });
    expect(report.notes).toContainEqual(expect.objectContaining({ code: 'import.note.gpkg_table', params: { table: '甲' } }));
    expect(await q(`SELECT name FROM facility WHERE name LIKE 'GeoPackage 测试用房 %'`)).toEqual([{ name: byTable('甲') }]);
  });

  it('answers 422 naming table= when none is chosen or the name is unknown, writing nothing (also as a job)', async () => {
    const before = await q(`SELECT id FROM facility WHERE name LIKE 'GeoPackage 测试用房%' ORDER BY id`);
    const none = await post('/api/import/facilities', await twoTables());
    expect(none.status).toBe(422);
    const a = (await none.json()) as Failure;
    expect(a.error).toMatchObject({ code: 'import.gpkg_many_tables', params: { count: 2, names: ['乙', '甲'] } });
    expect(a.error.details.map((d) => d.field)).toEqual(['query.table']);
    const unknown = await post(`/api/import/facilities?table=${encodeURIComponent('丙')}`, await twoTables());
    expect(unknown.status).toBe(422);
    const b = (await unknown.json()) as Failure;
    expect(b.error).toMatchObject({ code: 'import.gpkg_table_unknown', params: { table: '丙', names: ['乙', '甲'] } });
    expect(b.error.details.map((d) => d.field)).toEqual(['query.table']);
    const job = await post('/api/import/jobs/facilities', await twoTables());
    expect(job.status).toBe(422);
    expect(((await job.json()) as Failure).error.code).toBe('import.gpkg_many_tables');
    expect(await q(`SELECT id FROM facility WHERE name LIKE 'GeoPackage 测试用房%' ORDER BY id`)).toEqual(before);
  });

  it('is described by POST /api/import/inspect: every table, and the one chosen', async () => {
    type Inspection = { tables: unknown[]; table: string; records: number; columns: string[] };
    const first = await post('/api/import/inspect', await twoTables());
    expect(first.status).toBe(200);
    const all = (await first.json()) as Inspection;
    const columns = ['社区代码', '名称', '面积'];
    expect(all.tables).toEqual([
      { name: '乙', geometryType: 'POINT', records: 1, columns },
      { name: '甲', geometryType: 'POINT', records: 1, columns },
    ]);
    expect(all).toMatchObject({ table: '乙', records: 1, columns });
    const chosen = await post(`/api/import/inspect?table=${encodeURIComponent('甲')}`, await twoTables());
    expect(((await chosen.json()) as Inspection).table).toBe('甲');
    const unknown = await post(`/api/import/inspect?table=${encodeURIComponent('丙')}`, await twoTables());
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as Failure).error.details.map((d) => d.field)).toEqual(['query.table']);
  });
});

describe('POST /api/import/inspect with a GeoPackage', () => {
  it('reads the file as the import would: its records, columns and declared coordinate system', async () => {
    const res = await post('/api/import/inspect', await handMadeGeoPackage(['用房']));
    expect(res.status).toBe(200);
    const inspection = (await res.json()) as { format: string; records: number; crsGuess: { crs: string } | null };
    expect(inspection.format).toBe('gpkg');
    expect(inspection.records).toBe(1);
    expect(inspection.crsGuess?.crs).toBe('EPSG:4549');
  });
});
