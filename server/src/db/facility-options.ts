/**
 * The register of candidate acquisition options (table facility_option): one typed function per
 * query. Writes check the caller's version, bump it and append an audit row on the caller's
 * transaction; geometry is a WGS84 point given as lng/lat.
 */
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import type { Queryable } from './pool';
import { audit } from './audit';
import type { AcquisitionMethod, OptionFields, OptionRow, OptionStatus } from '../contract/facility';
import { conflict, notFound, staleVersion } from '../domain/errors';
import { fieldError } from '../domain/facility/fields';

export type { AcquisitionMethod, OptionFields, OptionRow, OptionStatus };

/** A site further than this from the community it belongs to is almost certainly a typo (or lng/lat swapped). */
const MAX_SITE_DISTANCE_M = 5000;

const COLUMN: Record<keyof OptionFields, string> = {
  communityCode: 'community_code',
  method: 'method',
  name: 'name',
  address: 'address',
  lng: 'geom',
  lat: 'geom',
  areaM2: 'area_m2',
  releasedAreaM2: 'released_area_m2',
  oneOffCost: 'one_off_cost',
  yearlyCost: 'yearly_cost',
  availableAfterMonths: 'available_after_months',
  shareRadiusM: 'share_radius_m',
  needsApproval: 'needs_approval',
  uncertain: 'uncertain',
  status: 'status',
  notes: 'notes',
};

const SELECT = `
  SELECT o.id::int AS id, o.code, o.community_code AS "communityCode", c.name AS "communityName", o.method, o.name, o.address,
         round(ST_X(o.geom)::numeric, 6)::float8 AS lng, round(ST_Y(o.geom)::numeric, 6)::float8 AS lat,
         o.area_m2::float8 AS "areaM2", o.released_area_m2::float8 AS "releasedAreaM2",
         (o.area_m2 - o.released_area_m2)::float8 AS "netAreaM2",
         o.one_off_cost::float8 AS "oneOffCost", o.yearly_cost::float8 AS "yearlyCost",
         o.available_after_months AS "availableAfterMonths", o.share_radius_m::float8 AS "shareRadiusM",
         o.needs_approval AS "needsApproval", o.uncertain, o.status, o.notes,
         (SELECT p.status FROM facility_project p WHERE p.option_id = o.id AND p.county_code = o.county_code AND p.status <> 'cancelled' LIMIT 1) AS "projectStatus",
         o.version, to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"
    FROM facility_option o JOIN community c ON c.code = o.community_code AND c.county_code = o.county_code`;

export interface OptionFilter {
  communityCode?: string;
  status?: OptionStatus;
  method?: AcquisitionMethod;
  /** The account's data scope; undefined or null = every community. */
  scope?: Scope;
}

export async function listOptions(c: Queryable, filter: OptionFilter = {}): Promise<OptionRow[]> {
  const { rows } = await c.query<OptionRow>(
    `${SELECT}
      WHERE ($1::text IS NULL OR o.community_code = $1) AND ($2::text IS NULL OR o.status = $2) AND ($3::text IS NULL OR o.method = $3)
        AND ${scopeSql('o.community_code', '$4', '$5')}
      ORDER BY o.community_code, o.code`,
    [filter.communityCode ?? null, filter.status ?? null, filter.method ?? null, ...scopeParams(filter.scope ?? null)],
  );
  return rows;
}

export async function getOption(c: Queryable, code: string): Promise<OptionRow | undefined> {
  const { rows } = await c.query<OptionRow>(`${SELECT} WHERE o.code = $1`, [code]);
  return rows[0];
}

/** The next free code of the form `<community code>-Knn`. */
async function nextCode(c: Queryable, communityCode: string): Promise<string> {
  const { rows } = await c.query<{ n: number }>(
    `SELECT coalesce(max(substring(code from '-K([0-9]+)$')::int), 0)::int + 1 AS n
       FROM facility_option WHERE code LIKE $1 || '-K%'`,
    [communityCode],
  );
  return `${communityCode}-K${String(rows[0].n).padStart(2, '0')}`;
}

function snapshotless(row: OptionRow): Omit<OptionRow, 'projectStatus' | 'communityName'> {
  const { projectStatus: _p, communityName: _c, ...rest } = row;
  return rest;
}

/** Locks an option for a versioned write and bumps its version; unknown → 404, stale → 409. */
async function lockOption(c: Queryable, code: string, expectedVersion: number): Promise<OptionRow> {
  const { rows } = await c.query<{ version: number }>('SELECT version FROM facility_option WHERE code = $1 FOR UPDATE', [code]);
  if (!rows[0]) throw notFound('facility.option.not_found', { code });
  if (rows[0].version !== expectedVersion) throw staleVersion('facility option', code, rows[0].version, expectedVersion);
  const before = (await getOption(c, code))!;
  await c.query('UPDATE facility_option SET version = version + 1, updated_at = now() WHERE id = $1 AND county_code = left($2, 6)', [
    before.id,
    before.communityCode,
  ]);
  return before;
}

/**
 * Rules across fields, checked on the option as it will be stored: only a swap releases space and
 * it must gain some; the community exists and the site lies near it. Throws a 400 naming the field.
 */
export async function checkOption(c: Queryable, o: OptionFields): Promise<void> {
  if (o.method !== 'swap' && o.releasedAreaM2 > 0) throw fieldError('json.releasedAreaM2', 'facility.field.released_not_swap');
  if (o.releasedAreaM2 >= o.areaM2) throw fieldError('json.releasedAreaM2', 'facility.field.released_not_less', { areaM2: o.areaM2 });
  const { rows } = await c.query<{ metres: number }>(
    `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography)::float8 AS metres FROM community WHERE code = $1`,
    [o.communityCode, o.lng, o.lat],
  );
  if (!rows[0]) throw fieldError('json.communityCode', 'facility.field.unknown_community', { communityCode: o.communityCode });
  if (rows[0].metres > MAX_SITE_DISTANCE_M) {
    throw fieldError('json.lng', 'facility.field.site_too_far', {
      distanceKm: Math.round(rows[0].metres / 100) / 10,
      communityCode: o.communityCode,
      maxKm: MAX_SITE_DISTANCE_M / 1000,
    });
  }
}

/** Adds an option after checking it; a code already used is a 409. */
export async function createOption(c: Queryable, fields: OptionFields & { code?: string }, username: string): Promise<OptionRow> {
  await checkOption(c, fields);
  if (fields.code && (await getOption(c, fields.code))) throw conflict('facility.option.code_taken', { code: fields.code });
  return insertOption(c, fields, username);
}

/** Changes an option after checking the result; an option with live work cannot be withdrawn. */
export async function changeOption(
  c: Queryable,
  code: string,
  expectedVersion: number,
  changes: Partial<OptionFields>,
  username: string,
): Promise<OptionRow> {
  const current = await getOption(c, code);
  if (!current) throw notFound('facility.option.not_found', { code });
  await checkOption(c, { ...current, ...changes });
  if (changes.status === 'withdrawn' && (current.projectStatus === 'planned' || current.projectStatus === 'in_progress')) {
    throw conflict('facility.option.withdraw_with_project', { code, projectStatus: current.projectStatus });
  }
  return updateOption(c, code, expectedVersion, changes, username);
}

/** For each known code: its status and whether a delivered project used it. */
export async function optionStates(
  c: Queryable,
  codes: readonly string[],
  lock = false,
): Promise<Map<string, { status: OptionStatus; delivered: boolean }>> {
  const { rows } = await c.query<{ code: string; status: OptionStatus; delivered: boolean }>(
    `SELECT o.code, o.status, EXISTS (SELECT 1 FROM facility_project p WHERE p.option_id = o.id AND p.county_code = o.county_code AND p.status = 'delivered') AS delivered
       FROM facility_option o WHERE o.code = ANY($1::text[])${lock ? ' FOR UPDATE OF o' : ''}`,
    [codes],
  );
  return new Map(rows.map((row) => [row.code, { status: row.status, delivered: row.delivered }]));
}

export async function insertOption(c: Queryable, fields: OptionFields & { code?: string }, username: string): Promise<OptionRow> {
  const code = fields.code ?? (await nextCode(c, fields.communityCode));
  await c.query(
    `INSERT INTO facility_option (code, community_code, county_code, method, name, address, geom, area_m2, released_area_m2, one_off_cost,
        yearly_cost, available_after_months, share_radius_m, needs_approval, uncertain, status, notes)
     VALUES ($1, $2, left($2, 6), $3, $4, $5, ST_SetSRID(ST_MakePoint($6, $7), 4326), $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      code,
      fields.communityCode,
      fields.method,
      fields.name,
      fields.address,
      fields.lng,
      fields.lat,
      fields.areaM2,
      fields.releasedAreaM2,
      fields.oneOffCost,
      fields.yearlyCost,
      fields.availableAfterMonths,
      fields.shareRadiusM,
      fields.needsApproval,
      fields.uncertain,
      fields.status,
      fields.notes,
    ],
  );
  const row = (await getOption(c, code))!;
  await audit(c, { username, action: 'create', entity: 'facility_option', entityId: code, after: snapshotless(row) });
  return row;
}

/** Applies a versioned change (stale version → 409); returns the row after it. */
export async function updateOption(
  c: Queryable,
  code: string,
  expectedVersion: number,
  changes: Partial<OptionFields>,
  username: string,
): Promise<OptionRow> {
  const before = await lockOption(c, code, expectedVersion);
  const merged: OptionFields = { ...before, ...changes };
  const sets: string[] = [];
  const values: unknown[] = [before.id];
  for (const key of Object.keys(changes) as (keyof OptionFields)[]) {
    if (key === 'lng' || key === 'lat') continue;
    values.push(merged[key]);
    sets.push(`${COLUMN[key]} = $${values.length}`);
  }
  if (changes.lng !== undefined || changes.lat !== undefined) {
    values.push(merged.lng, merged.lat);
    sets.push(`geom = ST_SetSRID(ST_MakePoint($${values.length - 1}, $${values.length}), 4326)`);
  }
  if (sets.length > 0) {
    values.push(before.communityCode);
    await c.query(`UPDATE facility_option SET ${sets.join(', ')} WHERE id = $1 AND county_code = left($${values.length}, 6)`, values);
  }
  const after = (await getOption(c, code))!;
  await audit(c, {
    username,
    action: 'update',
    entity: 'facility_option',
    entityId: code,
    before: snapshotless(before),
    after: snapshotless(after),
  });
  return after;
}

/** Deletes an option no project refers to (versioned, audited); a project's option is withdrawn instead (409). */
export async function deleteOption(c: Queryable, code: string, expectedVersion: number, username: string): Promise<void> {
  const before = await lockOption(c, code, expectedVersion);
  const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM facility_project WHERE option_id = $1', [before.id]);
  if (rows[0].n > 0) throw conflict('facility.option.delete_with_project', { code });
  await c.query('DELETE FROM facility_option WHERE id = $1 AND county_code = left($2, 6)', [before.id, before.communityCode]);
  await audit(c, { username, action: 'delete', entity: 'facility_option', entityId: code, before: snapshotless(before) });
}

/** Sets the status of several options at once (approval of a scenario), audited per option. */
export async function setOptionStatus(c: Queryable, codes: readonly string[], status: OptionStatus, username: string): Promise<void> {
  for (const code of codes) {
    const { rows } = await c.query<{ before: string }>(
      `UPDATE facility_option o SET status = $2, version = version + 1, updated_at = now()
         FROM (SELECT id, status AS before FROM facility_option WHERE code = $1 FOR UPDATE) old
        WHERE o.id = old.id AND o.status <> $2 RETURNING old.before`,
      [code, status],
    );
    if (rows[0])
      await audit(c, {
        username,
        action: 'update',
        entity: 'facility_option',
        entityId: code,
        before: { status: rows[0].before },
        after: { status },
      });
  }
}
