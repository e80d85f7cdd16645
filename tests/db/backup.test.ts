/**
 * Backup and restore through the Db interface: the demo test database is backed up and
 * restored into fresh databases (PGlite always; with DATABASE_URL also a second PostgreSQL
 * database, and a PGlite-made backup into PostgreSQL), then compared table by table. The
 * refusals restore into an embedded database whatever made the backup, so they run in the
 * embedded run only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { blankPglite, testDb } from '../helpers/db';
import { embeddedRun } from '../helpers/engine';
import { openPostgres, type Db } from '../../server/src/db/pool';
import { backupDatabase } from '../../server/src/ops/backup';
import { restoreDatabase, RestoreRefused } from '../../server/src/ops/restore';
import { listTables, quoteIdent } from '../../server/src/ops/tables';
import { createApp } from '../../server/src/app';

const PG_URL = process.env.DATABASE_URL;
// Each case opens and migrates a fresh PGlite (PostGIS catalogue work) before restoring a town.
const SLOW = 300_000;
let dir: string;
let file: string;
let source: Db;
const opened: Db[] = [];

async function counts(db: Db): Promise<Record<string, number>> {
  return db.withClient(async (c) => {
    const out: Record<string, number> = {};
    for (const t of await listTables(c))
      out[t.name] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(t.name)}`)).rows[0].n;
    return out;
  });
}

/** Per geometry table: a digest of every geometry in key order, and how many are invalid. */
async function geometryDigest(db: Db): Promise<Record<string, { md5: string; invalid: number }>> {
  return db.withClient(async (c) => {
    const out: Record<string, { md5: string; invalid: number }> = {};
    for (const t of await listTables(c)) {
      for (const g of t.geometryColumns) {
        const { rows } = await c.query<{ md5: string; invalid: number }>(
          `SELECT md5(string_agg(ST_AsEWKB(${quoteIdent(g)})::text, ',' ORDER BY ${quoteIdent(t.orderBy!)})) AS md5,
                  count(*) FILTER (WHERE NOT ST_IsValid(${quoteIdent(g)}))::int AS invalid
             FROM ${quoteIdent(t.name)}`,
        );
        out[`${t.name}.${g}`] = rows[0];
      }
    }
    return out;
  });
}

async function pgDatabase(name: string): Promise<Db> {
  const admin = openPostgres(PG_URL!, 1);
  await admin.withClient(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  await admin.close();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  opened.push(db);
  return db;
}

async function memory(): Promise<Db> {
  const db = await blankPglite();
  opened.push(db);
  return db;
}

async function signIn(app: ReturnType<typeof createApp>, username: string): Promise<string> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

/** The lookup answer and a z14 building tile, as a client would see them. */
async function answers(db: Db, point: { x: number; y: number }) {
  const app = createApp({ db });
  const cookie = await signIn(app, 'worker');
  const lookup = await app.request(`/api/lookup?lng=${point.x}&lat=${point.y}`, { headers: { Cookie: cookie } });
  const n = 2 ** 14;
  const tx = Math.floor(((point.x + 180) / 360) * n);
  const rad = (point.y * Math.PI) / 180;
  const ty = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  const tile = await app.request(`/api/tiles/buildings/14/${tx}/${ty}.pbf`);
  return {
    lookupStatus: lookup.status,
    lookup: await lookup.json(),
    tileStatus: tile.status,
    tileBytes: (await tile.arrayBuffer()).byteLength,
  };
}

let point: { x: number; y: number };
let before: Awaited<ReturnType<typeof answers>>;
let sourceCounts: Record<string, number>;
let sourceGeometry: Awaited<ReturnType<typeof geometryDigest>>;

beforeAll(async () => {
  source = await testDb();
  dir = await mkdtemp(path.join(tmpdir(), 'gridplan-backup-'));
  file = path.join(dir, 'town.jsonl.gz');
  const report = await backupDatabase(source, file);
  expect(report.rows).toBeGreaterThan(0);
  // Counted before anything else writes (a sign-in adds an audit row).
  sourceCounts = await counts(source);
  [point] = (
    await source.withClient((c) =>
      c.query<{ x: number; y: number }>(
        `SELECT ST_X(ST_PointOnSurface(b.geom)) AS x, ST_Y(ST_PointOnSurface(b.geom)) AS y FROM building b
          WHERE EXISTS (SELECT 1 FROM cell_building cb WHERE cb.building_code = b.code) ORDER BY b.code LIMIT 1`,
      ),
    )
  ).rows;
  before = await answers(source, point);
  sourceGeometry = await geometryDigest(source);
});

afterAll(async () => {
  for (const db of opened) await db.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/** The source's rows, plus the audit row each restore writes about itself. */
const afterRestore = (restores = 1) => ({ ...sourceCounts, audit_log: sourceCounts.audit_log + restores });

async function expectSameTown(target: Db, restores = 1) {
  expect(await counts(target)).toEqual(afterRestore(restores));
  const restoreRows = await target.withClient((c) => c.query("SELECT 1 FROM audit_log WHERE action = 'restore'"));
  expect(restoreRows.rows.length).toBe(restores);
  const digest = await geometryDigest(target);
  expect(digest).toEqual(sourceGeometry);
  for (const g of Object.values(digest)) expect(g.invalid).toBe(0);
  const after = await answers(target, point);
  expect(before.lookupStatus).toBe(200);
  expect(before.tileStatus).toBe(200);
  expect(before.tileBytes).toBeGreaterThan(100);
  expect(after.lookupStatus).toBe(200);
  expect(after.lookup).toEqual(before.lookup);
  expect(after.tileStatus).toBe(200);
  expect(after.tileBytes).toBeGreaterThan(100);
}

describe('backup and restore', { timeout: SLOW }, () => {
  it('restores the demo town into a fresh embedded database: same rows, same geometry, same answers', async () => {
    const target = await memory();
    await restoreDatabase(target, file);
    await expectSameTown(target);
    // Sequences moved past the restored ids: a new row gets a fresh id.
    const maxId =
      sourceCounts.person > 0
        ? (await target.withClient((c) => c.query<{ m: number }>('SELECT max(id)::int AS m FROM person'))).rows[0].m
        : 0;
    const { rows } = await target.withClient((c) =>
      c.query<{ id: number }>(
        "INSERT INTO person (name, type, community_code) SELECT 'New', 'volunteer', code FROM community LIMIT 1 RETURNING id::int AS id",
      ),
    );
    expect(rows[0].id).toBeGreaterThan(maxId);
  });

  it.runIf(embeddedRun)('refuses a database that holds data unless forced, leaving it unchanged', async () => {
    const target = await memory();
    await restoreDatabase(target, file);
    await target.withClient((c) => c.query("UPDATE setting SET description = 'changed here' WHERE key = 'facility.budgetPerYear'"));
    await expect(restoreDatabase(target, file)).rejects.toBeInstanceOf(RestoreRefused);
    const kept = await target.withClient((c) =>
      c.query<{ d: string }>("SELECT description AS d FROM setting WHERE key = 'facility.budgetPerYear'"),
    );
    expect(kept.rows[0].d).toBe('changed here');
    await restoreDatabase(target, file, { force: true });
    expect(await counts(target)).toEqual(afterRestore());
    const replaced = await target.withClient((c) =>
      c.query<{ d: string }>("SELECT description AS d FROM setting WHERE key = 'facility.budgetPerYear'"),
    );
    expect(replaced.rows[0].d).not.toBe('changed here');
  });

  let scratch: Db;
  it.runIf(embeddedRun)('refuses a backup from a newer schema and a file that is not a backup, touching nothing', async () => {
    const target = (scratch = await memory());
    const future = path.join(dir, 'future.jsonl.gz');
    const header = {
      format: 'gridplan-backup',
      formatVersion: 1,
      migrations: ['0001_core_schema.sql', '9999_from_the_future.sql'],
      schemaLevel: '9999_from_the_future.sql',
      engine: 'pglite',
      createdAt: new Date().toISOString(),
      tables: [],
    };
    await writeFile(future, gzipSync(JSON.stringify(header) + '\n'));
    await expect(restoreDatabase(target, future)).rejects.toThrow(/newer/);
    const notBackup = path.join(dir, 'plain.txt');
    await writeFile(notBackup, 'hello');
    await expect(restoreDatabase(target, notBackup)).rejects.toBeInstanceOf(RestoreRefused);
    // Nothing was migrated or written: the database has no tables at all.
    const { rows } = await target.withClient((c) =>
      c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'community'"),
    );
    expect(rows[0].n).toBe(0);
  });

  it.runIf(embeddedRun)('a damaged backup (rows missing) rolls back completely', async () => {
    const target = scratch;
    const { createReadStream } = await import('node:fs');
    const { createGunzip } = await import('node:zlib');
    let text = '';
    for await (const chunk of createReadStream(file).pipe(createGunzip())) text += chunk;
    const lines = text.trimEnd().split('\n');
    const damaged = path.join(dir, 'damaged.jsonl.gz');
    const dropped = lines.map((line, i) => (i > 0 && !line.startsWith('{"@table"') ? i : -1)).reduce((a, b) => Math.max(a, b));
    await writeFile(damaged, gzipSync(lines.filter((_, i) => i !== dropped).join('\n') + '\n'));
    await expect(restoreDatabase(target, damaged)).rejects.toThrow(/rows/);
    // The restore migrates its target first; past that nothing stays: only the rows the
    // migrations seed (settings, the plan's yearly targets).
    const left = await counts(target);
    expect(Object.entries(left).filter(([name, n]) => !['setting', 'scorecard_target'].includes(name) && n > 0)).toEqual([]);
  });

  it.skipIf(!PG_URL)('restores into a second PostgreSQL database, and a PGlite-made backup into PostgreSQL', async () => {
    const second = await pgDatabase('gridplan_ops_restore');
    await restoreDatabase(second, file);
    await expectSameTown(second);
    // The other direction: PostgreSQL → PGlite → backup made by PGlite → PostgreSQL.
    const embedded = await memory();
    await restoreDatabase(embedded, file);
    const fromPglite = path.join(dir, 'from-pglite.jsonl.gz');
    await backupDatabase(embedded, fromPglite);
    const third = await pgDatabase('gridplan_ops_restore2');
    await restoreDatabase(third, fromPglite);
    await expectSameTown(third, 2);
  });
});
