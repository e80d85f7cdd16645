/**
 * The schema can be sharded by county (docs/citus.sql): read from the catalogue of the migrated
 * test database, every distributed table carries county_code in each of its keys and in every
 * foreign key to another distributed table, no reference or local table points into a
 * distributed one, and docs/citus.sql distributes exactly the tables server code lists.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DISTRIBUTED_TABLES,
  DISTRIBUTED_VIEWS,
  DISTRIBUTION_COLUMN,
  LOCAL_TABLES,
  REFERENCE_TABLES,
} from '../../server/src/db/distribution';
import type { Db } from '../../server/src/db/pool';
import { PACKAGE_ROOT } from '../../server/src/package-root';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';

const distributed: string[] = DISTRIBUTED_TABLES.map((t) => t.table);
let db: Db;

beforeAll(async () => {
  db = await testDb();
});

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.withClient((c) => c.query<T & object>(sql, params))).rows as T[];
}

/** Keys and unique indexes of a table with their column names, in key order. */
const KEYS = `
  SELECT c.relname AS table, i.indexrelid::regclass::text AS name,
         array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace s ON s.oid = c.relnamespace
   WHERE s.nspname = 'public' AND i.indisunique AND c.relname = ANY ($1)`;

const FOREIGN_KEYS = `
  SELECT f.conname AS name, f.conrelid::regclass::text AS table, f.confrelid::regclass::text AS ref,
         array(SELECT a.attname::text FROM unnest(f.conkey) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
         array(SELECT a.attname::text FROM unnest(f.confkey) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_columns
    FROM pg_constraint f JOIN pg_namespace s ON s.oid = f.connamespace
   WHERE s.nspname = 'public' AND f.contype = 'f'`;

describe('distribution by county', () => {
  it('classifies every table of the schema exactly once', async () => {
    const tables = await rows<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p')
          -- PostGIS's own spatial_ref_sys belongs to the extension, which Citus sets up on every node
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`,
    );
    const listed = [...distributed, ...REFERENCE_TABLES, ...LOCAL_TABLES];
    expect(new Set(listed).size).toBe(listed.length);
    expect(tables.map((t) => t.relname).sort()).toEqual([...listed].sort());
  });

  it('gives every distributed table and view a required six-digit county_code', async () => {
    const columns = await rows<{ relname: string; type: string; notnull: boolean }>(
      `SELECT c.relname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p', 'v') AND a.attname = $1 AND NOT a.attisdropped`,
      [DISTRIBUTION_COLUMN],
    );
    const byTable = new Map(columns.map((c) => [c.relname, c]));
    for (const table of distributed) expect(byTable.get(table), table).toMatchObject({ type: 'text', notnull: true });
    for (const view of DISTRIBUTED_VIEWS) expect(byTable.get(view)?.type, view).toBe('text');
    // nothing outside the distributed tables pretends to be one
    expect(columns.map((c) => c.relname).sort()).toEqual([...distributed, ...DISTRIBUTED_VIEWS].sort());
  });

  it('includes county_code in every primary key, unique constraint and unique index of a distributed table', async () => {
    const keys = await rows<{ table: string; name: string; columns: string[] }>(KEYS, [distributed]);
    const withPrimaryKey = await rows<{ relname: string }>(
      `SELECT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'p' AND c.relname = ANY ($1)`,
      [distributed],
    );
    expect(keys.length).toBeGreaterThanOrEqual(distributed.length);
    expect(keys.filter((k) => !k.columns.includes(DISTRIBUTION_COLUMN))).toEqual([]);
    // every distributed table keeps a primary key (volunteer_team_area never had one)
    expect(withPrimaryKey.map((r) => r.relname).sort()).toEqual(distributed.filter((t) => t !== 'volunteer_team_area').sort());
  });

  it('makes every foreign key between distributed tables match county_code to county_code', async () => {
    const keys = (await rows<{ name: string; table: string; ref: string; columns: string[]; ref_columns: string[] }>(FOREIGN_KEYS)).filter(
      (k) => distributed.includes(k.table) && distributed.includes(k.ref),
    );
    expect(keys.length).toBeGreaterThan(30);
    const broken = keys.filter((k) => {
      const at = k.columns.indexOf(DISTRIBUTION_COLUMN);
      return at < 0 || k.ref_columns[at] !== DISTRIBUTION_COLUMN;
    });
    expect(broken).toEqual([]);
  });

  it('has no foreign key from a reference or local table into a distributed one', async () => {
    const keys = await rows<{ name: string; table: string; ref: string }>(FOREIGN_KEYS);
    expect(keys.filter((k) => !distributed.includes(k.table) && distributed.includes(k.ref))).toEqual([]);
  });

  it('refuses a row whose county differs from its code or its parent row', async () => {
    const { rows: plans } = await db.withClient((c) =>
      c.query<{ id: number; county: string }>(`SELECT id::int, county_code AS county FROM grid_plan ORDER BY id LIMIT 1`),
    );
    const other = plans[0].county === '110101' ? '110102' : '110101';
    const attempt = (sql: string, params: unknown[]) =>
      db.withTransaction(async (c) => {
        await c.query(sql, params);
      });
    await expect(
      attempt(`INSERT INTO grid_cell (plan_id, county_code, label) VALUES ($1, $2, 'x')`, [plans[0].id, other]),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      attempt(`UPDATE building SET county_code = $1 WHERE code = (SELECT min(code) FROM building)`, [other]),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('fills county_code from the code or the parent row when a hand-written insert leaves it out', async () => {
    await withRollback(db, (rolled) =>
      rolled.withClient(async (c) => {
        const { rows: plans } = await c.query<{ id: number; community: string }>(
          `SELECT id::int, community_code AS community FROM grid_plan ORDER BY id LIMIT 1`,
        );
        const cell = await c.query<{ county: string }>(
          `INSERT INTO grid_cell (plan_id, label) VALUES ($1, 'x') RETURNING county_code AS county`,
          [plans[0].id],
        );
        expect(cell.rows[0].county).toBe(plans[0].community.slice(0, 6));
      }),
    );
  });

  it('lists in docs/citus.sql exactly the reference and distributed tables, in dependency order', async () => {
    const sql = await readFile(path.join(PACKAGE_ROOT, 'docs/citus.sql'), 'utf8');
    const reference = [...sql.matchAll(/create_reference_table\('(\w+)'\)/g)].map((m) => m[1]);
    const calls = [...sql.matchAll(/create_distributed_table\('(\w+)', '(\w+)'(?:, colocate_with => '(\w+)')?\)/g)];
    expect(reference).toEqual([...REFERENCE_TABLES]);
    expect(calls.map((m) => m[1])).toEqual(distributed);
    expect(new Set(calls.map((m) => m[2]))).toEqual(new Set([DISTRIBUTION_COLUMN]));
    expect(calls.slice(1).map((m) => m[3])).toEqual(distributed.slice(1).map(() => distributed[0]));
    // a table is distributed after every distributed table it references
    const keys = await rows<{ table: string; ref: string }>(FOREIGN_KEYS);
    const late = keys.filter((k) => distributed.includes(k.ref) && distributed.indexOf(k.table) < distributed.indexOf(k.ref));
    expect(late.filter((k) => k.table !== k.ref)).toEqual([]);
  });
});
