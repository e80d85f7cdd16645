/**
 * SQL for an account's data scope: one predicate, written as a code range so that the btree index
 * on a table's community code answers it (domain/access/scope.ts has the rule). Every scoped query
 * takes its predicate from here, so a scope means the same in every list, tile and report.
 */
import type { Queryable } from './pool';
import { codeRange, type Scope } from '../domain/access/scope';

/**
 * `column` lies inside the scope whose range the SQL expressions `from` and `to` hold (parameters,
 * usually, filled from `scopeParams`). An unscoped account's range holds every code.
 */
export const scopeSql = (column: string, from: string, to: string) => `(${column} >= ${from} AND ${column} < ${to})`;

/**
 * The parameters for `scopeSql`: the range of codes inside `scope`. `digits` shortens the scope for
 * a column of coarser codes (a road's 9-digit town code under a community's 12-digit scope).
 */
export function scopeParams(scope: Scope, digits?: number): [string, string] {
  return codeRange(scope === null ? '' : scope.slice(0, digits));
}

/**
 * The parameters for `scopeSql` over the codes of a list of communities (12 digits) and of
 * everything inside them (compounds, buildings): from the lowest community code up to the end
 * of the highest's range, so a report over a page of communities reads index ranges instead of
 * whole tables. It may hold communities that are not in the list, never miss one that is; null
 * (every community) gives every code.
 */
export function communitiesRange(codes: readonly string[] | null): [string, string] {
  if (codes === null || codes.length === 0) return codeRange('');
  let low = codes[0];
  let high = codes[0];
  for (const code of codes) {
    if (code < low) low = code;
    if (code > high) high = code;
  }
  return [low, codeRange(high)[1]];
}

/**
 * The first community (by code) outside `scope`, or null when the scope holds every community of
 * the installation: a decision for all communities (a town-wide scenario's approval, a grading
 * round's rules) needs an account whose scope leaves none out.
 */
export async function firstCommunityOutside(c: Queryable, scope: Scope): Promise<string | null> {
  if (scope === null) return null;
  const { rows } = await c.query<{ code: string }>(
    `SELECT code FROM community WHERE NOT ${scopeSql('code', '$1', '$2')} ORDER BY code LIMIT 1`,
    scopeParams(scope),
  );
  return rows[0]?.code ?? null;
}

/**
 * `column` (a record's own scope, null = the whole installation) overlaps the account's scope:
 * it holds the scope (a town-wide record), lies inside it, or is the same. Its three parameters
 * come from `scopeOverlapParams`.
 */
export const scopeOverlapSql = (column: string, scope: string, from: string, to: string) =>
  `(${column} IS NULL OR starts_with(${scope}, ${column}) OR ${scopeSql(column, from, to)})`;

/** The parameters for `scopeOverlapSql`: the scope itself ('' for none), then its range. */
export function scopeOverlapParams(scope: Scope): [string, string, string] {
  return [scope ?? '', ...scopeParams(scope)];
}

/** Tables an import writes, and their key and scope columns (never from the request). */
type ImportTable = 'community' | 'compound' | 'building' | 'facility' | 'facility_option' | 'person' | 'division' | 'road';

/**
 * The scope column's stored value of the `table` records with these keys (codes, or ids as text),
 * by key: where the records an import would update lie now.
 */
export async function storedCodes(
  c: Queryable,
  table: ImportTable,
  key: 'code' | 'id',
  column: string,
  keys: string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const { rows } = await c.query<{ key: string; code: string }>(
    `SELECT ${key}::text AS key, ${column} AS code FROM ${table} WHERE ${key} = ANY($1::${key === 'id' ? 'bigint' : 'text'}[])`,
    [keys],
  );
  return new Map(rows.map((r) => [r.key, r.code]));
}

/** Records reached by id whose community decides whether a scoped account may touch them. */
const COMMUNITY_OF = {
  grid_plan: 'SELECT community_code FROM grid_plan WHERE id = ANY($1::bigint[])',
  dispute: 'SELECT community_code FROM dispute WHERE id = ANY($1::bigint[])',
  person: 'SELECT community_code FROM person WHERE id = ANY($1::bigint[])',
  facility_project: 'SELECT community_code FROM facility_project WHERE id = ANY($1::bigint[])',
  facility_option: 'SELECT community_code FROM facility_option WHERE code = ANY($1::text[])',
  party_org: 'SELECT community_code FROM party_org WHERE id = ANY($1::bigint[])',
  party_area:
    'SELECT p.community_code FROM party_area a JOIN person p ON p.id = a.person_id AND p.county_code = a.county_code WHERE a.id = ANY($1::bigint[])',
  volunteer_team: 'SELECT community_code FROM volunteer_team WHERE id = ANY($1::bigint[])',
  cell_assignment: `SELECT p.community_code FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id AND g.county_code = a.county_code
       JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code WHERE a.id = ANY($1::bigint[])`,
} as const;
export type ScopedRecord = keyof typeof COMMUNITY_OF;

/** The community codes of the `kind` records with these ids (none for unknown ids: the route answers 404). */
export async function communitiesOf(c: Queryable, kind: ScopedRecord, ids: string[]): Promise<string[]> {
  const { rows } = await c.query<{ community_code: string }>(COMMUNITY_OF[kind], [ids]);
  return rows.map((r) => r.community_code);
}

/**
 * ` AND` a map layer's (or search's) `scope_code` column (of the source aliased `alias`) lies in the scope,
 * with its two parameters numbered from `first`; for an unscoped layer nothing, so the statement
 * (and a prepared statement's plan) stays the one every unscoped map uses.
 */
export function layerScopeSql(
  layer: { scope?: string | null; scopeDigits?: number },
  alias: string,
  first: number,
): { sql: string; params: string[] } {
  if (!layer.scope) return { sql: '', params: [] };
  return {
    sql: ` AND ${scopeSql(`${alias}.scope_code`, `$${first}`, `$${first + 1}`)}`,
    params: scopeParams(layer.scope, layer.scopeDigits),
  };
}
