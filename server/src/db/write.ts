/**
 * The one write path for editable records: check the caller's `version` against the row
 * (stale → `stale_version` with the current version), apply the change, bump the version and append the
 * audit entry, all on the caller's transaction. Table and column names come only from the
 * allow-list below, never from a request.
 */
import type { Queryable } from './pool';
import { audit } from './audit';
import { isDistributed } from './distribution';
import { notFound, staleVersion } from '../domain/errors';

export interface EditableSpec {
  table: string;
  key: string;
  /** Columns a client may change. */
  columns: readonly string[];
  /** Of those, the jsonb columns: every value (a string, null) is stored as JSON. */
  jsonColumns?: readonly string[];
}

export const EDITABLE = {
  setting: { table: 'setting', key: 'key', columns: ['value'], jsonColumns: ['value'] },
  community: { table: 'community', key: 'code', columns: ['name', 'min_households_per_cell', 'max_households_per_cell'] },
  building: {
    table: 'building',
    key: 'code',
    columns: ['name', 'address', 'kind', 'floors', 'entrances', 'households', 'residents', 'compound_code'],
  },
  compound: { table: 'compound', key: 'code', columns: ['name', 'property_company', 'built_year'] },
  person: {
    table: 'person',
    key: 'id',
    columns: ['name', 'type', 'party_member', 'phone', 'gender', 'birth_year', 'home_building_code', 'notes'],
  },
  app_user: { table: 'app_user', key: 'username', columns: ['role', 'display_name', 'person_id', 'active'] },
} as const satisfies Record<string, EditableSpec>;

export type EditableName = keyof typeof EDITABLE;

/** The row as JSON without its geometry (audit entries stay small and readable). */
async function snapshot(c: Queryable, spec: EditableSpec, id: string, lock: boolean): Promise<Record<string, unknown> | undefined> {
  const { rows } = await c.query<{ row: Record<string, unknown> }>(
    `SELECT to_jsonb(t.*) - 'geom' AS row FROM ${spec.table} t WHERE ${spec.key}::text = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0]?.row;
}

export interface VersionedUpdate {
  entity: EditableName;
  id: string;
  expectedVersion: number;
  changes: Record<string, unknown>;
  username: string | null;
}

/** Applies a versioned change; returns the row after it. Unknown columns are a programming error. */
export async function updateVersioned(c: Queryable, update: VersionedUpdate): Promise<Record<string, unknown>> {
  const spec: EditableSpec = EDITABLE[update.entity];
  const before = await snapshot(c, spec, update.id, true);
  if (!before) throw notFound('record.not_found', { entity: update.entity, id: update.id });
  if (before.version !== update.expectedVersion)
    throw staleVersion(update.entity, update.id, Number(before.version), update.expectedVersion);
  const names = Object.keys(update.changes);
  for (const name of names) {
    if (!spec.columns.includes(name)) throw new Error(`column ${name} is not editable on ${spec.table}`);
  }
  const sets = names.map((name, i) => `${name} = $${i + 2}`);
  sets.push('version = version + 1', 'updated_at = now()');
  const values = names.map((name) => {
    const v = update.changes[name];
    if (spec.jsonColumns?.includes(name)) return JSON.stringify(v);
    return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  });
  // On a distributed table the row's own county sends the update to its node only.
  const county = isDistributed(spec.table) ? ` AND county_code = $${names.length + 2}` : '';
  await c.query(`UPDATE ${spec.table} SET ${sets.join(', ')} WHERE ${spec.key}::text = $1${county}`, [
    update.id,
    ...values,
    ...(county ? [before.county_code] : []),
  ]);
  const after = (await snapshot(c, spec, update.id, false))!;
  await audit(c, { username: update.username, action: 'update', entity: update.entity, entityId: update.id, before, after });
  return after;
}

/** Bumps a record's version without other changes (an edit to its children), with the same stale check. */
export async function touchVersioned(
  c: Queryable,
  table: 'grid_plan' | 'facility_scenario' | 'facility_option' | 'party_org' | 'volunteer_team' | 'facility_project' | 'party_area',
  id: string,
  expectedVersion: number,
): Promise<number> {
  const county = isDistributed(table);
  const { rows } = await c.query<{ version: number; county?: string }>(
    `SELECT version${county ? ', county_code AS county' : ''} FROM ${table} WHERE id::text = $1 FOR UPDATE`,
    [id],
  );
  if (!rows[0]) throw notFound('record.not_found', { entity: table, id });
  if (rows[0].version !== expectedVersion) throw staleVersion(table, id, rows[0].version, expectedVersion);
  await c.query(
    `UPDATE ${table} SET version = version + 1, updated_at = now() WHERE id::text = $1${county ? ' AND county_code = $2' : ''}`,
    county ? [id, rows[0].county] : [id],
  );
  return expectedVersion + 1;
}
