/**
 * `gridplan import` / `gridplan export`: runDataCommand on the test database, plus the real binary
 * for argument handling (a full run of the binary opens a fresh embedded PGlite, ~45 s: too slow
 * for every test run, so the database path is exercised in-process here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/src/db/pool';
import { testDb } from '../../helpers/db';
import { runDataCommand } from '../../../server/src/data/cli';
import { sqlite } from '../../../server/src/data/sqlite';

let db: Db;
const dir = mkdtempSync(path.join(tmpdir(), 'gridplan-cli-'));
const ROOT = path.resolve(import.meta.dirname, '../../..');

beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.withClient((c) => c.query(`DELETE FROM audit_log WHERE action = 'import' AND username = 'cli' AND entity_id LIKE 'cli-test-%'`));
});

async function run(command: 'import' | 'export', positionals: string[], values: Record<string, string | boolean>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDataCommand(command, positionals, values, { db, out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('gridplan export / import', () => {
  it('exports a layer to a file and imports it back unchanged', async () => {
    const file = path.join(dir, 'cli-test-facilities.csv');
    const exported = await run('export', [], { layer: 'facilities', format: 'csv', out: file });
    expect(exported).toMatchObject({ code: 0, err: '' });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFFid,community_code,name,address,area_m2,lng,lat\r\n')).toBe(true);
    const rows = text.trim().split('\r\n').length - 1;
    const imported = await run('import', [file], { layer: 'facilities' });
    expect(imported.code).toBe(0);
    expect(imported.out).toBe(`imported ${rows} facilities (wgs84, upsert): 0 inserted, 0 updated, ${rows} unchanged`);
  });

  it('exports roads (lines) to a GeoPackage and imports it back unchanged', async () => {
    const file = path.join(dir, 'cli-test-roads.gpkg');
    const exported = await run('export', [], { layer: 'roads', out: file });
    expect(exported.code).toBe(0);
    const [{ n }] = (await db.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM road'))).rows;
    expect(n).toBeGreaterThan(10);
    const g = new (await sqlite()).Database(readFileSync(file));
    expect(g.exec('SELECT count(*) FROM roads')[0].values).toEqual([[n]]);
    expect(g.exec('SELECT geometry_type_name FROM gpkg_geometry_columns')[0].values).toEqual([['LINESTRING']]);
    g.close();
    const imported = await run('import', [file], { layer: 'roads' });
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(`imported ${n} roads (wgs84, upsert): 0 inserted, 0 updated, ${n} unchanged`);
  });

  it('exports people to a GeoPackage and imports the table named with --table; an unknown --table is named', async () => {
    const file = path.join(dir, 'cli-test-people.gpkg');
    expect((await run('export', [], { layer: 'people', out: file })).code).toBe(0);
    const [{ n }] = (await db.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM person'))).rows;
    const imported = await run('import', [file], { layer: 'people', table: 'people', 'dry-run': true });
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(`dry run: would import ${n} people (wgs84, upsert): 0 inserted, 0 updated, ${n} unchanged`);
    const wrong = await run('import', [file], { layer: 'people', table: '人员' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('The GeoPackage has no table 人员 this layer can be read from (it has: people)');
  });

  it("exports a community's grid plans and checks them for import with --dry-run", async () => {
    const file = path.join(dir, 'cli-test-grid-plans.geojson');
    const exported = await run('export', [], { layer: 'grid-plans', community: '321012100019', out: file });
    expect(exported.code).toBe(0);
    const cells = (
      await db.withClient((c) =>
        c.query<{ n: number; b: number }>(
          `SELECT count(DISTINCT g.id)::int AS n, count(cb.building_code)::int AS b FROM grid_plan p JOIN grid_cell g ON g.plan_id = p.id
             LEFT JOIN cell_building cb ON cb.cell_id = g.id WHERE p.community_code = '321012100019' AND p.status = 'published'`,
        ),
      )
    ).rows[0];
    const imported = await run('import', [file], { layer: 'grid-plans', 'dry-run': true });
    expect(imported).toEqual({
      code: 0,
      out: [
        'note: The plan of community 321012100019 was published (the plan in force before is archived, responsibilities follow its cells)',
        `dry run: would import plan 1 of 321012100019 as published: ${cells.n} cells, ${cells.b} buildings`,
      ].join('\n'),
      err: '',
    });
  });

  it('exits 1 listing every problem by row when the file is bad, writing nothing', async () => {
    const file = path.join(dir, 'cli-test-bad.csv');
    writeFileSync(
      file,
      'community_code,name,area_m2,lng,lat\n321012100006,ok,100,119.53,32.44\n321012100006,bad,-4,119.53,32.44\n321012199999,lost,50,119.53,95\n',
    );
    const r = await run('import', [file], { layer: 'facilities', crs: 'gcj02' });
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      'row 3 area_m2: area_m2 must not be negative, got -4 [import.negative]',
      'row 4 geometry: Coordinate [119.53, 95] is outside longitude -180..180 / latitude -90..90 (1 bad coordinates in this record) [import.coordinate_out_of_range]',
      'row 4 community_code: community_code 321012199999: no such community [import.unknown_reference]',
      '3 problem(s); nothing was written',
    ]);
    const { rows } = await db.withClient((c) =>
      c.query<{ n: number }>(`SELECT count(*)::int AS n FROM facility WHERE name = 'ok' AND area_m2 = 100`),
    );
    expect(rows[0].n).toBe(0);
  });

  it('reports progress on stderr for a large file', async () => {
    const file = path.join(dir, 'cli-test-many.csv');
    const rows = Array.from({ length: 1200 }, (_, i) => `321012100006,many ${i},100,119.53,32.44`);
    writeFileSync(file, ['community_code,name,area_m2,lng,lat', ...rows].join('\n'));
    const r = await run('import', [file], { layer: 'facilities', 'dry-run': true });
    expect(r.code).toBe(0);
    expect(r.out).toBe('dry run: would import 1200 facilities (wgs84, upsert): 1200 inserted, 0 updated, 0 unchanged');
    expect(r.err.split('\n')).toEqual(
      expect.arrayContaining([
        'validating records: 0/1200',
        'placing records: 0/1200',
        'writing records: 0/1200',
        'writing records: 1200/1200',
      ]),
    );
  });

  it('exits 2 on usage errors before opening any database', async () => {
    expect(await run('import', [], { layer: 'buildings' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: gridplan import FILE'),
    });
    expect(await run('import', ['x.csv'], { layer: 'rivers' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('--layer must be one of'),
    });
    expect(await run('import', ['x.txt'], { layer: 'buildings' })).toMatchObject({ code: 2, err: expect.stringContaining('--format') });
    expect(await run('import', ['x.csv'], { layer: 'buildings', crs: 'mars' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('--crs must be'),
    });
    expect(await run('import', [path.join(dir, 'missing.csv')], { layer: 'buildings' })).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot read'),
    });
    expect(await run('export', [], { layer: 'buildings', format: 'kml' })).toMatchObject({ code: 2 });
  });

  it('the installed command exits 2 on a usage error without touching a database', () => {
    const r = spawnSync(process.execPath, ['bin/gridplan.js', 'export', '--format', 'csv'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--layer must be one of communities, compounds, buildings, facilities, options, people');
  });
});
