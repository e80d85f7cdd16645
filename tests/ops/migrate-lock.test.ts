/** Two processes migrating one database at once take turns: every migration is applied exactly once. */
import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { openPostgres, type Db } from '../../server/src/db/pool';
import { blankPglite } from '../helpers/db';
import { migrate, MIGRATIONS_DIR } from '../../server/src/db/migrate';
import { embeddedRun } from '../helpers/engine';

const PG_URL = process.env.DATABASE_URL;

async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
}

async function expectAppliedOnce(a: Db, b: Db, check: Db) {
  const [first, second] = await Promise.all([migrate(a), migrate(b)]);
  const files = await migrationFiles();
  // Between them they applied each file once; neither applied one the other did.
  expect([...first.applied, ...second.applied].sort()).toEqual(files);
  const { rows } = await check.withClient((c) =>
    c.query<{ name: string; n: number }>('SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name ORDER BY name'),
  );
  expect(rows.map((r) => r.name)).toEqual(files);
  expect(rows.every((r) => r.n === 1)).toBe(true);
}

describe('migrate', { timeout: 300_000 }, () => {
  it.skipIf(!PG_URL)('two servers migrating one new PostgreSQL database at once apply each migration once', async () => {
    const admin = openPostgres(PG_URL!, 1);
    await admin.withClient(async (c) => {
      await c.query('DROP DATABASE IF EXISTS gridplan_ops_migrate WITH (FORCE)');
      await c.query('CREATE DATABASE gridplan_ops_migrate');
    });
    await admin.close();
    const url = new URL(PG_URL!);
    url.pathname = '/gridplan_ops_migrate';
    const a = openPostgres(url.toString());
    const b = openPostgres(url.toString());
    try {
      await expectAppliedOnce(a, b, a);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.runIf(embeddedRun)('two concurrent runs on one embedded database apply each migration once', async () => {
    const db = await blankPglite();
    try {
      await expectAppliedOnce(db, db, db);
    } finally {
      await db.close();
    }
  });
});
