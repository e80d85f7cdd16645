/**
 * The test database: one per run, shared by every test file. With DATABASE_URL it is that
 * PostgreSQL + PostGIS (its public schema is reset first, so point it at a test database);
 * without, an in-memory PGlite + PostGIS. Migrated and loaded with the demo town once.
 *
 * Tests that write create their own rows or restore what they change, so files don't depend
 * on each other's leftovers.
 */
import { openPglite, openPostgres, type Db } from '../../server/src/db/pool';
import { migrate } from '../../server/src/db/migrate';
import { loadDemoTown } from '../../data/load';

const KEY = Symbol.for('gridplan.testDb');
type Holder = { [KEY]?: Promise<Db> };

async function open(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  let db: Db;
  if (url) {
    db = openPostgres(url);
    await db.withClient((c) => c.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'));
  } else {
    db = await openPglite();
  }
  await migrate(db);
  await loadDemoTown(db, {});
  return db;
}

/** The shared, migrated, demo-loaded test database. */
export function testDb(): Promise<Db> {
  const holder = globalThis as Holder;
  holder[KEY] ??= open();
  return holder[KEY];
}

/** A fresh, empty, migrated database for tests that must start from nothing (PGlite only). */
export async function freshPglite(): Promise<Db> {
  const db = await openPglite();
  await migrate(db);
  return db;
}
