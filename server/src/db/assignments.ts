/** Cell assignments: which person holds which role in which published cell, and the lookups around them. */
import type { Queryable } from './pool';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import { audit } from './audit';
import { townToday } from './town-time';
import { conflict, invalid, notFound, staleVersion } from '../domain/errors';
import type { LngLat } from '../domain/responsibility/distance';
import type { Assignment, NewAssignment, PersonType } from '../contract/responsibility';

export type { Assignment, NewAssignment };

export interface PublishedCell {
  id: number;
  code: string;
  label: string;
  communityCode: string;
}

/** A current cell of a published plan, by code. */
export async function publishedCell(c: Queryable, code: string): Promise<PublishedCell | undefined> {
  const { rows } = await c.query<PublishedCell>(
    `SELECT g.id::int AS id, g.code, g.label, p.community_code AS "communityCode"
       FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
      WHERE g.code = $1 AND p.status = 'published' AND g.valid_to IS NULL`,
    [code],
  );
  return rows[0];
}

export async function listAssignments(
  c: Queryable,
  f: { communityCode?: string; cellCode?: string; personId?: number; scope?: Scope },
): Promise<Assignment[]> {
  const { rows } = await c.query<Assignment>(
    `SELECT a.id::int AS id, g.code AS "cellCode", g.label AS "cellLabel", p.community_code AS "communityCode",
            pe.id::int AS "personId", pe.name AS "personName", pe.type AS "personType", pe.phone, a.role,
            to_char(a.valid_from, 'YYYY-MM-DD') AS "validFrom", a.version
       FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id AND g.county_code = a.county_code JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
       JOIN person pe ON pe.id = a.person_id AND pe.county_code = a.county_code
      WHERE a.valid_to IS NULL AND p.status = 'published'
        AND ($1::text IS NULL OR p.community_code = $1) AND ($2::text IS NULL OR g.code = $2) AND ($3::bigint IS NULL OR a.person_id = $3)
        AND ${scopeSql('p.community_code', '$4', '$5')}
      ORDER BY g.code, CASE a.role WHEN 'grid_leader' THEN 0 WHEN 'grid_worker' THEN 1 ELSE 2 END, pe.name, a.id`,
    [f.communityCode ?? null, f.cellCode ?? null, f.personId ?? null, ...scopeParams(f.scope ?? null)],
  );
  return rows;
}

/**
 * Assigns a person to a cell. The person must belong to the cell's community (invalid), and may
 * hold each role in a cell once (conflict). `where` names the input for the error's field
 * (`json`, `json.assignments.3`).
 */
export async function createAssignment(c: Queryable, a: NewAssignment, username: string, where = 'json'): Promise<number> {
  const cell = await publishedCell(c, a.cellCode);
  if (!cell) throw invalid('assignments.unknown_cell', { cellCode: a.cellCode }, { field: `${where}.cellCode` });
  const { rows: people } = await c.query<{ community_code: string }>('SELECT community_code FROM person WHERE id = $1', [a.personId]);
  if (!people[0]) throw invalid('people.unknown_person', { personId: a.personId }, { field: `${where}.personId` });
  if (people[0].community_code !== cell.communityCode) {
    const params = {
      personId: a.personId,
      personCommunity: people[0].community_code,
      cellCode: a.cellCode,
      cellCommunity: cell.communityCode,
    };
    throw invalid('assignments.other_community', params, {
      field: `${where}.personId`,
      personCommunity: people[0].community_code,
      cellCommunity: cell.communityCode,
    });
  }
  const { rows: dup } = await c.query<{ id: number }>(
    'SELECT id::int AS id FROM cell_assignment WHERE cell_id = $1 AND person_id = $2 AND role = $3 AND valid_to IS NULL',
    [cell.id, a.personId, a.role],
  );
  if (dup[0])
    throw conflict(
      'assignments.duplicate',
      { personId: a.personId, role: a.role, cellCode: a.cellCode },
      { field: where, existingId: dup[0].id },
    );
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO cell_assignment (cell_id, county_code, person_id, role, valid_from)
     VALUES ($1, left($5, 6), $2, $3, $4::date) RETURNING id::int AS id`,
    [cell.id, a.personId, a.role, await townToday(c), cell.communityCode],
  );
  await audit(c, { username, action: 'create', entity: 'cell_assignment', entityId: String(rows[0].id), after: a });
  return rows[0].id;
}

/** Ends an open assignment today (history is kept); already ended or stale version → conflict. */
export async function endAssignment(c: Queryable, id: number, expectedVersion: number | undefined, username: string): Promise<void> {
  const { rows } = await c.query<{ row: Record<string, unknown>; version: number; open: boolean }>(
    'SELECT to_jsonb(a.*) AS row, version, valid_to IS NULL AS open FROM cell_assignment a WHERE id = $1 FOR UPDATE',
    [id],
  );
  const before = rows[0];
  if (!before) throw notFound('assignments.not_found', { id });
  if (!before.open) throw conflict('assignments.already_ended', { id });
  if (expectedVersion !== undefined && before.version !== expectedVersion)
    throw staleVersion('assignment', id, before.version, expectedVersion);
  await c.query(
    'UPDATE cell_assignment SET valid_to = $2::date, version = version + 1, updated_at = now() WHERE id = $1 AND county_code = $3',
    [id, await townToday(c), before.row.county_code],
  );
  await audit(c, { username, action: 'end', entity: 'cell_assignment', entityId: String(id), before: before.row });
}

export interface CellForSuggestion {
  cellCode: string;
  households: number;
  center: LngLat;
  currentWorkers: number;
}

/** Current cells of the community's published plan with households, a point inside and their grid workers. */
export async function cellsForSuggestion(c: Queryable, communityCode: string): Promise<CellForSuggestion[]> {
  const { rows } = await c.query<{ code: string; households: number; x: number; y: number; workers: number }>(
    `SELECT g.code, coalesce(sum(b.households), 0)::int AS households,
            ST_X(ST_PointOnSurface(coalesce(g.geom, ST_Collect(b.geom))))::float8 AS x,
            ST_Y(ST_PointOnSurface(coalesce(g.geom, ST_Collect(b.geom))))::float8 AS y,
            (SELECT count(*)::int FROM cell_assignment a WHERE a.cell_id = g.id AND a.county_code = g.county_code AND a.valid_to IS NULL AND a.role = 'grid_worker') AS workers
       FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
       LEFT JOIN cell_building cb ON cb.cell_id = g.id AND cb.county_code = g.county_code LEFT JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code
      WHERE p.community_code = $1 AND p.status = 'published' AND g.valid_to IS NULL AND g.code IS NOT NULL
      GROUP BY g.id, g.county_code, g.code, g.geom ORDER BY g.code`,
    [communityCode],
  );
  return rows.map((r) => ({ cellCode: r.code, households: r.households, center: [r.x, r.y], currentWorkers: r.workers }));
}

export interface PersonAtHome {
  personId: number;
  name: string;
  type: PersonType;
  home: LngLat | null;
}

/** People of the given types in the community who are not grid worker or leader of any current cell. */
export async function freeWorkerCandidates(c: Queryable, communityCode: string, types: readonly string[]): Promise<PersonAtHome[]> {
  const { rows } = await c.query<{ id: number; name: string; type: PersonType; x: number | null; y: number | null }>(
    `SELECT p.id::int AS id, p.name, p.type,
            ST_X(ST_PointOnSurface(b.geom))::float8 AS x, ST_Y(ST_PointOnSurface(b.geom))::float8 AS y
       FROM person p LEFT JOIN building b ON b.code = p.home_building_code AND b.county_code = p.county_code
      WHERE p.community_code = $1 AND p.type = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM cell_assignment a WHERE a.person_id = p.id AND a.county_code = p.county_code AND a.valid_to IS NULL AND a.role IN ('grid_worker', 'grid_leader'))
      ORDER BY p.id`,
    [communityCode, [...types]],
  );
  return rows.map((r) => ({ personId: r.id, name: r.name, type: r.type, home: r.x === null || r.y === null ? null : [r.x, r.y] }));
}
