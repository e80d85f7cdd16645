/**
 * `gridplan restore FILE [--force]`: reads a backup made by backup.ts (section lines start with `{"@table":`) into the configured
 * database. It refuses a backup from a newer schema, and a database that holds data unless
 * forced; the restore runs in one transaction (a failure leaves the database as it was), then
 * moves every id sequence past the restored ids.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Db, Queryable } from '../db/pool';
import { migrate, MIGRATIONS_DIR } from '../db/migrate';
import { readdir } from 'node:fs/promises';
import { audit } from '../db/audit';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupHeader } from './backup';
import { listTables, NOT_BACKED_UP, quoteIdent, type TableInfo } from './tables';

const BATCH_ROWS = 1000;

/** A backup that cannot go into this database (newer schema, not empty, damaged file). */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreReport {
  tables: number;
  rows: number;
  durationMs: number;
}

function lineReader(file: string): AsyncIterator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  return createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
}

/** Reads and checks a backup's header line without touching any database. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = lineReader(file);
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch (err) {
    throw new RestoreRefused(`${file} is not a Gridplan backup (${(err as Error).message})`);
  } finally {
    await lines.return?.();
  }
  let header: BackupHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value) as BackupHeader;
  } catch {
    throw new RestoreRefused(`${file} is not a Gridplan backup`);
  }
  if (header.format !== BACKUP_FORMAT) throw new RestoreRefused(`${file} is not a Gridplan backup`);
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new RestoreRefused(
      `${file} uses backup format ${header.formatVersion}; this Gridplan reads up to ${BACKUP_FORMAT_VERSION}: upgrade Gridplan first`,
    );
  }
  return header;
}

/** Migration files this Gridplan knows. */
async function knownMigrations(): Promise<Set<string>> {
  return new Set((await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)));
}

/**
 * Reference tables the migrations themselves fill (settings, the plan's yearly targets): a freshly
 * migrated database has rows there and is still empty. A restore replaces them like every table.
 */
const SEEDED_BY_MIGRATIONS = new Set(['setting', 'scorecard_target']);

/** Tables (other than those seeded by migrations) that hold rows. */
async function tablesWithRows(c: Queryable, tables: TableInfo[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tables) {
    if (SEEDED_BY_MIGRATIONS.has(t.name)) continue;
    const { rows } = await c.query(`SELECT 1 FROM ${quoteIdent(t.name)} LIMIT 1`);
    if (rows.length) out.push(t.name);
  }
  return out;
}

async function insertBatch(c: Queryable, table: TableInfo, columns: string[], wrapped: string[], rows: string[]): Promise<void> {
  const list = columns.map(quoteIdent).join(', ');
  // jsonb_populate_record turns each value into the column's type with that type's own input
  // function: hex EWKB into geometry, ISO text into timestamptz, arrays into text[]. Wrapped
  // json values are unwrapped from their one-element array instead.
  const values = columns.map((col) =>
    wrapped.includes(col) ? `(e -> '${col.replace(/'/g, "''")}' -> 0)::${table.jsonColumns[col] ?? 'jsonb'}` : `(r).${quoteIdent(col)}`,
  );
  await c.query(
    `INSERT INTO ${quoteIdent(table.name)} (${list}) OVERRIDING SYSTEM VALUE
     SELECT ${values.join(', ')}
       FROM jsonb_array_elements($1::jsonb) AS e, LATERAL jsonb_populate_record(NULL::${quoteIdent(table.name)}, e) AS r`,
    [`[${rows.join(',')}]`],
  );
}

/** Moves every serial / identity sequence past the largest restored id. */
async function resetSequences(c: Queryable, tables: TableInfo[]): Promise<void> {
  for (const t of tables) {
    for (const col of t.columns) {
      const { rows } = await c.query<{ seq: string | null }>('SELECT pg_get_serial_sequence($1, $2) AS seq', [quoteIdent(t.name), col]);
      const seq = rows[0].seq;
      if (!seq) continue;
      await c.query(
        `SELECT setval($1::regclass, COALESCE((SELECT max(${quoteIdent(col)}) FROM ${quoteIdent(t.name)}), 1),
                (SELECT count(*) > 0 FROM ${quoteIdent(t.name)}))`,
        [seq],
      );
    }
  }
}

/** Restores `file` into `db` (migrated first); `force` replaces whatever the database holds. */
export async function restoreDatabase(
  db: Db,
  file: string,
  opts: { force?: boolean; log?: (line: string) => void } = {},
): Promise<RestoreReport> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const header = await readBackupHeader(file);
  const known = await knownMigrations();
  const newer = header.migrations.filter((m) => !known.has(m));
  if (newer.length) {
    throw new RestoreRefused(
      `the backup's schema (${header.schemaLevel}) is newer than this Gridplan's (missing ${newer.join(', ')}): upgrade Gridplan first`,
    );
  }
  await migrate(db, log);
  return db.withTransaction(async (c) => {
    const tables = new Map((await listTables(c)).map((t) => [t.name, t]));
    const filled = await tablesWithRows(c, [...tables.values()]);
    if (filled.length && !opts.force) {
      throw new RestoreRefused(
        `the database is not empty (rows in ${filled.slice(0, 5).join(', ')}${filled.length > 5 ? ', …' : ''}); restore with --force to replace its data`,
      );
    }
    const wipe = [...tables.keys(), ...NOT_BACKED_UP.filter((t) => t === 'session')];
    await c.query(`TRUNCATE ${wipe.map(quoteIdent).join(', ')} RESTART IDENTITY CASCADE`);

    const lines = lineReader(file);
    await lines.next(); // the header, read above
    const restored = new Map<string, number>();
    let table: TableInfo | undefined;
    let columns: string[] = [];
    let wrapped: string[] = [];
    let batch: string[] = [];
    const flush = async () => {
      if (table && batch.length) await insertBatch(c, table, columns, wrapped, batch);
      if (table) restored.set(table.name, (restored.get(table.name) ?? 0) + batch.length);
      batch = [];
    };
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (!line) continue;
      if (line.startsWith('{"@table":')) {
        await flush();
        const section = JSON.parse(line) as { '@table': string; columns: string[]; wrapped?: string[] };
        const { '@table': name, columns: sectionColumns } = section;
        table = tables.get(name);
        if (!table) throw new RestoreRefused(`the backup has a table ${name} this schema does not`);
        const missing = sectionColumns.filter((col) => !table!.columns.includes(col));
        if (missing.length) throw new RestoreRefused(`table ${name}: columns ${missing.join(', ')} are not in this schema`);
        columns = sectionColumns;
        wrapped = section.wrapped ?? [];
        log(`restoring ${name}`);
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush();
    for (const { name, rows } of header.tables) {
      if ((restored.get(name) ?? 0) !== rows) {
        throw new RestoreRefused(`table ${name}: the backup announces ${rows} rows but holds ${restored.get(name) ?? 0} (damaged file?)`);
      }
    }
    await resetSequences(c, [...tables.values()]);
    await audit(c, {
      username: null,
      action: 'restore',
      entity: 'database',
      entityId: header.schemaLevel,
      after: { createdAt: header.createdAt, engine: header.engine },
    });
    const rows = [...restored.values()].reduce((t, n) => t + n, 0);
    return { tables: restored.size, rows, durationMs: Date.now() - started };
  });
}
