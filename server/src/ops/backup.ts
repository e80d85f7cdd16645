/**
 * `gridplan backup FILE`: the whole town as a gzip of newline-delimited JSON, written by
 * Gridplan through the `Db` interface, so it works the same on PGlite and PostgreSQL and a
 * backup of one restores into the other. Line 1 is a header (format version, schema level,
 * row counts); then, per table in dependency order, a `{"@table", "columns", "wrapped"}` line followed by
 * one JSON object per row. Geometry is hex EWKB (exact, SRID included); json values are wrapped
 * in a one-element array (the section line lists those columns); every other value is
 * PostgreSQL's own JSON rendering, copied as text so no number passes through a JS double.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Db, Queryable } from '../db/pool';
import { listTables, quoteIdent, type TableInfo } from './tables';

export const BACKUP_FORMAT = 'gridplan-backup';
export const BACKUP_FORMAT_VERSION = 1;
const BATCH_ROWS = 2000;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** Migrations applied in the database backed up; the last is its schema level. */
  migrations: string[];
  schemaLevel: string;
  engine: Db['kind'];
  createdAt: string;
  tables: Array<{ name: string; rows: number }>;
}

export interface BackupReport {
  file: string;
  tables: number;
  rows: number;
  durationMs: number;
}

function rowSelect(table: TableInfo): string {
  const replaced = [
    ...table.geometryColumns.map((g) => `'${g}', t.${quoteIdent(g)}::text`),
    // [value] for a value, null for SQL NULL: JSON null stays distinguishable from no value.
    ...Object.keys(table.jsonColumns).map(
      (j) => `'${j}', CASE WHEN t.${quoteIdent(j)} IS NULL THEN NULL ELSE jsonb_build_array(t.${quoteIdent(j)}) END`,
    ),
  ];
  const overrides = replaced.length ? ` || jsonb_build_object(${replaced.join(', ')})` : '';
  const order = table.orderBy ? `t.${quoteIdent(table.orderBy)}` : 't.ctid';
  return `SELECT (to_jsonb(t)${overrides})::text AS line FROM ${quoteIdent(table.name)} t ORDER BY ${order} LIMIT $1 OFFSET $2`;
}

async function* lines(c: Queryable, header: BackupHeader, tables: TableInfo[]): AsyncGenerator<string> {
  yield JSON.stringify(header) + '\n';
  for (const table of tables) {
    yield JSON.stringify({ '@table': table.name, columns: table.columns, wrapped: Object.keys(table.jsonColumns) }) + '\n';
    const sql = rowSelect(table);
    for (let offset = 0; ; offset += BATCH_ROWS) {
      const { rows } = await c.query<{ line: string }>(sql, [BATCH_ROWS, offset]);
      if (rows.length) yield rows.map((r) => r.line).join('\n') + '\n';
      if (rows.length < BATCH_ROWS) break;
    }
  }
}

/** Writes a backup of `db` to `file` from one consistent snapshot. */
export async function backupDatabase(db: Db, file: string): Promise<BackupReport> {
  const started = Date.now();
  return db.withTransaction(async (c) => {
    // One snapshot for every table; a running server keeps writing meanwhile.
    if (db.kind === 'postgres') await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const migrations = (await c.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY name')).rows.map((r) => r.name);
    const tables = await listTables(c);
    const counts: BackupHeader['tables'] = [];
    for (const t of tables) {
      const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(t.name)}`);
      counts.push({ name: t.name, rows: rows[0].n });
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      migrations,
      schemaLevel: migrations.at(-1) ?? '',
      engine: db.kind,
      createdAt: new Date().toISOString(),
      tables: counts,
    };
    const out = createWriteStream(file, { flags: 'wx' });
    await once(out, 'open');
    await pipeline(Readable.from(lines(c, header, tables)), createGzip(), out);
    return { file, tables: tables.length, rows: counts.reduce((t, x) => t + x.rows, 0), durationMs: Date.now() - started };
  });
}
