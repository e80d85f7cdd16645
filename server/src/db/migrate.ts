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

export async function migrate(db: Db, log: (line: string) => void = () => undefined): Promise<MigrationReport> {
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
