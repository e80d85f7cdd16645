/** The register of people (PRODUCT §5.4): who they are, their type, party membership, phone, home. */
import type { Queryable } from './pool';
import { audit } from './audit';
import { conflict, notFound } from '../http/errors';

export interface PersonRow {
  id: number;
  communityCode: string;
  name: string;
  type: string;
  partyMember: boolean;
  phone: string | null;
  gender: 'F' | 'M' | null;
  birthYear: number | null;
  homeBuildingCode: string | null;
  notes: string;
  version: number;
  /** Open cell assignments. */
  assignments: { id: number; cellCode: string | null; role: string }[];
}

export interface PersonInput {
  communityCode: string;
  name: string;
  type: string;
  partyMember: boolean;
  phone: string | null;
  gender: 'F' | 'M' | null;
  birthYear: number | null;
  homeBuildingCode: string | null;
  notes: string;
}

const PERSON_SELECT = `
  SELECT p.id::int AS id, p.community_code AS "communityCode", p.name, p.type, p.party_member AS "partyMember", p.phone,
         p.gender, p.birth_year AS "birthYear", p.home_building_code AS "homeBuildingCode", p.notes, p.version,
         coalesce((SELECT json_agg(json_build_object('id', a.id, 'cellCode', g.code, 'role', a.role) ORDER BY g.code, a.role)
                     FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
                    WHERE a.person_id = p.id AND a.valid_to IS NULL), '[]'::json) AS assignments
    FROM person p`;

const parseAssignments = (row: PersonRow): PersonRow =>
  typeof row.assignments === 'string' ? { ...row, assignments: JSON.parse(row.assignments) as PersonRow['assignments'] } : row;

export interface PeopleFilter {
  communityCode?: string;
  type?: string;
  partyMember?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

export async function listPeople(c: Queryable, f: PeopleFilter): Promise<{ total: number; people: PersonRow[] }> {
  const where = `WHERE ($1::text IS NULL OR p.community_code = $1) AND ($2::text IS NULL OR p.type = $2)
                   AND ($3::boolean IS NULL OR p.party_member = $3) AND ($4::text IS NULL OR p.name ILIKE '%' || $4 || '%')`;
  const params = [f.communityCode ?? null, f.type ?? null, f.partyMember ?? null, f.q ?? null];
  const { rows } = await c.query<PersonRow>(`${PERSON_SELECT} ${where} ORDER BY p.community_code, p.name, p.id LIMIT $5 OFFSET $6`, [...params, f.limit, f.offset]);
  const count = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM person p ${where}`, params);
  return { total: count.rows[0].n, people: rows.map(parseAssignments) };
}

export async function getPerson(c: Queryable, id: number): Promise<PersonRow | undefined> {
  const { rows } = await c.query<PersonRow>(`${PERSON_SELECT} WHERE p.id = $1`, [id]);
  return rows[0] && parseAssignments(rows[0]);
}

/** The community of a building, or undefined when the code is unknown. */
export async function communityOfBuilding(c: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await c.query<{ community_code: string }>('SELECT community_code FROM building WHERE code = $1', [code]);
  return rows[0]?.community_code;
}

export async function insertPerson(c: Queryable, p: PersonInput, username: string): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO person (community_code, name, type, party_member, phone, gender, birth_year, home_building_code, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::int AS id`,
    [p.communityCode, p.name, p.type, p.partyMember, p.phone, p.gender, p.birthYear, p.homeBuildingCode, p.notes],
  );
  const id = rows[0].id;
  await audit(c, { username, action: 'create', entity: 'person', entityId: String(id), after: p });
  return id;
}

/** Where a person is still referenced; a person in use can't be deleted. */
export async function personReferences(c: Queryable, id: number) {
  const { rows } = await c.query<{ assignments: number; areas: number; teams: number; orgs: number; accounts: number }>(
    `SELECT (SELECT count(*)::int FROM cell_assignment WHERE person_id = $1 AND valid_to IS NULL) AS assignments,
            (SELECT count(*)::int FROM party_area WHERE person_id = $1) AS areas,
            (SELECT count(*)::int FROM volunteer_member WHERE person_id = $1)
              + (SELECT count(*)::int FROM volunteer_team WHERE leader_person_id = $1) AS teams,
            (SELECT count(*)::int FROM party_org WHERE secretary_person_id = $1) AS orgs,
            (SELECT count(*)::int FROM app_user WHERE person_id = $1) AS accounts`,
    [id],
  );
  return rows[0];
}

/** Deletes a person with no open responsibilities; ended assignments go with them (their history is in the audit log). */
export async function deletePerson(c: Queryable, id: number, expectedVersion: number, username: string): Promise<void> {
  const { rows } = await c.query<{ row: Record<string, unknown> }>('SELECT to_jsonb(p.*) AS row FROM person p WHERE id = $1 FOR UPDATE', [id]);
  const before = rows[0]?.row;
  if (!before) throw notFound(`No person ${id}`);
  if (before.version !== expectedVersion) throw conflict(`person ${id} was changed by someone else`, { currentVersion: before.version });
  const refs = await personReferences(c, id);
  if (Object.values(refs).some((n) => n > 0)) throw conflict(`person ${id} still has responsibilities; end them first`, refs);
  await c.query('DELETE FROM cell_assignment WHERE person_id = $1', [id]);
  await c.query('DELETE FROM person WHERE id = $1', [id]);
  await audit(c, { username, action: 'delete', entity: 'person', entityId: String(id), before });
}
