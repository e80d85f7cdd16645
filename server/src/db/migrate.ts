/**
 * Applies migrations/NNNN_name.sql in order, each in its own transaction, recording them in
 * `schema_migration`. Files are forward-only: a fix is a new file, never an edit.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root';
import type { Db } from './pool';

export const MIGRATIONS_DIR = path.join(PACKAGE_ROOT, 'migrations');

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Key of the advisory lock that lets one process at a time migrate a database. */
export const MIGRATION_LOCK_KEY = 7_305_162_008;

/**
 * Applies the pending migrations. Two servers starting together on one PostgreSQL take turns
 * through an advisory lock, so the second finds the first's work done instead of applying it again.
 */
export function migrate(db: Db, log: (line: string) => void = () => undefined): Promise<MigrationReport> {
  // An advisory lock is re-entrant within one session, and PGlite has a single session: calls in
  // one process on one Db also queue behind each other.
  const run = (queued.get(db) ?? Promise.resolve()).catch(() => undefined).then(() => migrateUnderLock(db, log));
  queued.set(db, run);
  return run;
}

const queued = new WeakMap<Db, Promise<unknown>>();

async function migrateUnderLock(db: Db, log: (line: string) => void): Promise<MigrationReport> {
  return db.withClient(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await migrateLocked(db, log);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

async function migrateLocked(db: Db, log: (line: string) => void): Promise<MigrationReport> {
  await db.withClient((c) =>
    c.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`),
  );
  const done = new Set(
    (await db.withClient((c) => c.query<{ name: string }>('SELECT name FROM schema_migration'))).rows.map((r) => r.name),
  );
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    log(`migrating ${file}`);
    await db.withTransaction(async (c) => {
      await c.exec(sql);
      await c.query('INSERT INTO schema_migration (name) VALUES ($1)', [file]);
    });
    applied.push(file);
  }
  return { applied, alreadyApplied: done.size };
}
