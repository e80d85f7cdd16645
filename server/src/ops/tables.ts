/**
 * The tables a backup carries, in an order where every table comes after the tables it
 * references, with their columns. Read from the catalogue, so a new migration's tables are
 * backed up without a change here.
 */
import type { Queryable } from '../db/pool';
import { STAGE_NAMES } from '../data/write-staged';

/**
 * Not Gridplan's data: the migration ledger (restore runs migrations), PostGIS's own table, live
 * sessions, recent failed sign-ins, the map data's version counter (a restore raises it), the
 * communities' building counts and low-zoom overview and the search entries and their pieces (all
 * kept by triggers as the restored rows are written).
 */
export const NOT_BACKED_UP = [
  'schema_migration',
  'spatial_ref_sys',
  'session',
  'login_failure',
  'map_data_version',
  'community_building_summary',
  'community_overview',
  'search_entry',
  'search_piece',
];

export interface TableInfo {
  name: string;
  /** Columns a restore writes (generated columns are left out). */
  columns: string[];
  geometryColumns: string[];
  /** json / jsonb columns: a backup wraps their values, since to_jsonb writes SQL NULL and JSON null alike. */
  jsonColumns: Record<string, 'json' | 'jsonb'>;
  /** Single-column primary key used to order rows (parents before children in self-references). */
  orderBy: string | null;
}

/** Gridplan's tables in the current schema, referenced tables first. */
export async function listTables(c: Queryable): Promise<TableInfo[]> {
  const { rows: cols } = await c.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT c.table_name, c.column_name, c.udt_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
        AND NOT (c.table_name = ANY($1::text[]))
        -- an import's staging tables (PostgreSQL: unlogged tables of the schema while it runs)
        AND c.table_name NOT LIKE $2
      ORDER BY c.table_name, c.ordinal_position`,
    [NOT_BACKED_UP, STAGE_NAMES],
  );
  const { rows: fks } = await c.query<{ child: string; parent: string }>(
    `SELECT DISTINCT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
       FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
  );
  const { rows: pks } = await c.query<{ table_name: string; column_name: string }>(
    `SELECT rel.relname AS table_name, a.attname AS column_name
       FROM pg_constraint k JOIN pg_class rel ON rel.oid = k.conrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'p' AND k.connamespace = current_schema()::regnamespace
        -- a one-column key, or one column and the county code the sharded schema adds to every key (0024)
        AND (array_length(k.conkey, 1) = 1
             OR (array_length(k.conkey, 1) = 2
                 AND (SELECT attname FROM pg_attribute WHERE attrelid = k.conrelid AND attnum = k.conkey[2]) = 'county_code'))`,
  );
  const tables = new Map<string, TableInfo>();
  for (const col of cols) {
    const table = tables.get(col.table_name) ?? { name: col.table_name, columns: [], geometryColumns: [], jsonColumns: {}, orderBy: null };
    table.columns.push(col.column_name);
    if (col.udt_name === 'geometry' || col.udt_name === 'geography') table.geometryColumns.push(col.column_name);
    if (col.udt_name === 'json' || col.udt_name === 'jsonb') table.jsonColumns[col.column_name] = col.udt_name;
    tables.set(col.table_name, table);
  }
  for (const pk of pks) {
    const table = tables.get(pk.table_name);
    if (table) table.orderBy = pk.column_name;
  }
  return dependencyOrder([...tables.values()], fks);
}

/** Depth-first topological order: parents before children; self-references are ignored here. */
export function dependencyOrder<T extends { name: string }>(tables: T[], fks: Array<{ child: string; parent: string }>): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const parents = new Map<string, string[]>();
  for (const { child, parent } of fks) {
    if (child === parent || !byName.has(child) || !byName.has(parent)) continue;
    parents.set(child, [...(parents.get(child) ?? []), parent]);
  }
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`foreign keys form a cycle through ${name}`);
    state.set(name, 'visiting');
    for (const parent of (parents.get(name) ?? []).sort()) visit(parent);
    state.set(name, 'done');
    out.push(byName.get(name)!);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return out;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const quoteIdent = ident;
