/**
 * The register of disputes and hazards (table dispute, its history dispute_event, its photo
 * dispute_photo). Rows come back unmasked; the route masks them for the caller. Every write is
 * audited; status changes are versioned.
 */
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import type { Queryable } from './pool';
import { townToday } from './town-time';
import { audit } from './audit';
import type { DisputeCreate, DisputeKind, DisputeStatus } from '../contract/disputes';
import { checkTransition, isClosed } from '../domain/disputes/transitions';
import { notFound, staleVersion } from '../domain/errors';

/** A case as stored, personal data in full. */
export interface DisputeRow {
  id: number;
  kind: DisputeKind;
  category: string;
  status: DisputeStatus;
  buildingCode: string;
  buildingName: string;
  address: string;
  communityCode: string;
  communityName: string;
  cellCode: string | null;
  parties: string[];
  description: string;
  hasPhoto: boolean;
  reportedBy: string;
  reporterPhone: string | null;
  reportedAt: string;
  deadline: string;
  overdue: boolean;
  closedAt: string | null;
  lng: number;
  lat: number;
  version: number;
  updatedAt: string;
}

const UTC = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;
// \`today\` is the SQL placeholder of the town's date (overdue = past the deadline there).
const select = (today: string) => `
  SELECT d.id::int AS id, d.kind, d.category, d.status, d.building_code AS "buildingCode", b.name AS "buildingName", b.address,
         d.community_code AS "communityCode", m.name AS "communityName", d.cell_code AS "cellCode",
         array_to_json(d.parties)::text AS parties, d.description,
         EXISTS (SELECT 1 FROM dispute_photo p WHERE p.dispute_id = d.id AND p.county_code = d.county_code) AS "hasPhoto",
         d.reported_by AS "reportedBy", d.reporter_phone AS "reporterPhone",
         to_char(d.reported_at AT TIME ZONE 'UTC', ${UTC}) AS "reportedAt", to_char(d.deadline, 'YYYY-MM-DD') AS deadline,
         (d.status IN ('reported', 'accepted', 'mediating') AND d.deadline < ${today}::date) AS overdue,
         to_char(d.closed_at AT TIME ZONE 'UTC', ${UTC}) AS "closedAt",
         round(ST_X(ST_PointOnSurface(b.geom))::numeric, 6)::float8 AS lng, round(ST_Y(ST_PointOnSurface(b.geom))::numeric, 6)::float8 AS lat,
         d.version, to_char(d.updated_at AT TIME ZONE 'UTC', ${UTC}) AS "updatedAt"
    FROM dispute d JOIN building b ON b.code = d.building_code AND b.county_code = d.county_code JOIN community m ON m.code = d.community_code AND m.county_code = d.county_code`;

// Parties travel as JSON text so both engines hand back the same thing.
const parse = (row: Omit<DisputeRow, 'parties'> & { parties: string }): DisputeRow => ({
  ...row,
  parties: JSON.parse(row.parties) as string[],
});

export interface DisputeFilter {
  status?: DisputeStatus;
  kind?: DisputeKind;
  communityCode?: string;
  cellCode?: string;
  overdue?: boolean;
  /** Only cases of these cells (a grid worker's register); undefined = every case. */
  cells?: readonly string[];
  /** Only cases of the account's data scope; undefined or null = every community. */
  scope?: Scope;
}

export async function listDisputes(c: Queryable, f: DisputeFilter = {}): Promise<DisputeRow[]> {
  const { rows } = await c.query<Omit<DisputeRow, 'parties'> & { parties: string }>(
    `${select('$7')}
      WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.kind = $2)
        AND ($3::text IS NULL OR d.community_code = $3) AND ($4::text IS NULL OR d.cell_code = $4)
        AND ($5::boolean IS NULL OR (d.status IN ('reported', 'accepted', 'mediating') AND d.deadline < $7::date) = $5)
        AND ($6::text[] IS NULL OR d.cell_code = ANY($6::text[])) AND ${scopeSql('d.community_code', '$8', '$9')}
      ORDER BY d.reported_at DESC, d.id DESC`,
    [
      f.status ?? null,
      f.kind ?? null,
      f.communityCode ?? null,
      f.cellCode ?? null,
      f.overdue ?? null,
      f.cells ? [...f.cells] : null,
      await townToday(c),
      ...scopeParams(f.scope ?? null),
    ],
  );
  return rows.map(parse);
}

export async function getDispute(c: Queryable, id: number, lock = false): Promise<DisputeRow | undefined> {
  const { rows } = await c.query<Omit<DisputeRow, 'parties'> & { parties: string }>(
    `${select('$2')} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
    [id, await townToday(c)],
  );
  return rows[0] && parse(rows[0]);
}

export interface DisputeEventRow {
  at: string;
  username: string | null;
  fromStatus: DisputeStatus | null;
  toStatus: DisputeStatus;
  note: string;
}

export async function disputeHistory(c: Queryable, id: number): Promise<DisputeEventRow[]> {
  const { rows } = await c.query<DisputeEventRow>(
    `SELECT to_char(at AT TIME ZONE 'UTC', ${UTC}) AS at, username, from_status AS "fromStatus", to_status AS "toStatus", note
       FROM dispute_event WHERE dispute_id = $1 ORDER BY id`,
    [id],
  );
  return rows;
}

/** Where a building's cases go: its community, and its cell in the community's published plan. */
export async function buildingRoute(
  c: Queryable,
  buildingCode: string,
): Promise<{ communityCode: string; cellCode: string | null } | undefined> {
  const { rows } = await c.query<{ communityCode: string; cellCode: string | null }>(
    `SELECT b.community_code AS "communityCode",
            (SELECT g.code FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id AND p.county_code = cb.county_code AND p.status = 'published'
               JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code
              WHERE cb.building_code = b.code AND cb.county_code = b.county_code AND g.valid_to IS NULL LIMIT 1) AS "cellCode"
       FROM building b WHERE b.code = $1`,
    [buildingCode],
  );
  return rows[0];
}

/** The grid leaders and workers of a cell, by name (a case is routed to them). */
export async function cellPeople(c: Queryable, cellCode: string): Promise<{ name: string; role: string }[]> {
  const { rows } = await c.query<{ name: string; role: string }>(
    `SELECT pe.name, a.role FROM cell_assignment a JOIN person pe ON pe.id = a.person_id AND pe.county_code = a.county_code JOIN grid_cell g ON g.id = a.cell_id AND g.county_code = a.county_code
       JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code AND p.status = 'published'
      WHERE g.code = $1 AND a.valid_to IS NULL AND a.role IN ('grid_leader', 'grid_worker')
      ORDER BY CASE a.role WHEN 'grid_leader' THEN 0 ELSE 1 END, pe.name, pe.id`,
    [cellCode],
  );
  return rows;
}

/** The phone on the person record behind an account, if any. */
export async function accountPhone(c: Queryable, username: string): Promise<string | null> {
  const { rows } = await c.query<{ phone: string | null }>(
    'SELECT pe.phone FROM app_user u JOIN person pe ON pe.id = u.person_id WHERE u.username = $1',
    [username],
  );
  return rows[0]?.phone ?? null;
}

export interface NewDispute extends DisputeCreate {
  communityCode: string;
  cellCode: string | null;
  reporterPhone: string | null;
  deadline: string;
}

/** Registers a case in status `reported`, with its first history line; audited. */
export async function insertDispute(c: Queryable, d: NewDispute, username: string): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO dispute (kind, category, building_code, community_code, county_code, cell_code, parties, description, reported_by, reporter_phone, deadline)
     VALUES ($1, $2, $3, $4, left($4, 6), $5, $6::text[], $7, $8, $9, $10::date) RETURNING id::int AS id`,
    [d.kind, d.category, d.buildingCode, d.communityCode, d.cellCode, d.parties, d.description, username, d.reporterPhone, d.deadline],
  );
  const id = rows[0].id;
  await c.query(
    `INSERT INTO dispute_event (dispute_id, county_code, from_status, to_status, note, username)
     VALUES ($1, left($3, 6), NULL, 'reported', '', $2)`,
    [id, username, d.communityCode],
  );
  await audit(c, { username, action: 'create', entity: 'dispute', entityId: String(id), after: d });
  return id;
}

/** Moves a case along its life cycle (version checked, transition checked), with a note; audited. */
export async function moveDispute(
  c: Queryable,
  id: number,
  change: { version: number; status: DisputeStatus; note: string },
  username: string,
): Promise<void> {
  const before = await getDispute(c, id, true);
  if (!before) throw notFound('dispute.not_found', { id });
  if (before.version !== change.version) throw staleVersion('dispute', id, before.version, change.version);
  checkTransition(before.status, change.status);
  await c.query(
    `UPDATE dispute SET status = $2, version = version + 1, updated_at = now(),
            mediated_at = CASE WHEN $2 = 'mediating' THEN coalesce(mediated_at, now()) ELSE mediated_at END,
            closed_at = CASE WHEN $3 THEN now() ELSE closed_at END
      WHERE id = $1 AND county_code = left($4, 6)`,
    [id, change.status, isClosed(change.status), before.communityCode],
  );
  await c.query(
    `INSERT INTO dispute_event (dispute_id, county_code, from_status, to_status, note, username)
     VALUES ($1, left($6, 6), $2, $3, $4, $5)`,
    [id, before.status, change.status, change.note, username, before.communityCode],
  );
  await audit(c, {
    username,
    action: 'update',
    entity: 'dispute',
    entityId: String(id),
    before: { status: before.status, version: before.version },
    after: change,
  });
}

/** Stores (or replaces) a case's photo; audited without the bytes. */
export async function savePhoto(
  c: Queryable,
  id: number,
  photo: { contentType: string; bytes: Uint8Array },
  username: string,
): Promise<void> {
  await c.query(
    `INSERT INTO dispute_photo (dispute_id, county_code, content_type, bytes, uploaded_by)
     SELECT id, county_code, $2, $3, $4 FROM dispute WHERE id = $1
     ON CONFLICT (dispute_id, county_code) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes,
       uploaded_by = excluded.uploaded_by, uploaded_at = now()`,
    [id, photo.contentType, photo.bytes, username],
  );
  await audit(c, {
    username,
    action: 'update',
    entity: 'dispute_photo',
    entityId: String(id),
    after: { contentType: photo.contentType, bytes: photo.bytes.byteLength },
  });
}

export async function getPhoto(c: Queryable, id: number): Promise<{ contentType: string; bytes: Uint8Array } | undefined> {
  const { rows } = await c.query<{ contentType: string; bytes: Uint8Array }>(
    'SELECT content_type AS "contentType", bytes FROM dispute_photo WHERE dispute_id = $1',
    [id],
  );
  return rows[0];
}
