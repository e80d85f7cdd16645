/** The register of people (PRODUCT §5.4): who they are, their type, party membership, phone, home. */
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import type { Queryable } from './pool';
import { audit } from './audit';
import { updateVersioned } from './write';
import { lockVersion, REGISTERS } from './locked-version';
import { conflict, invalid, notFound } from '../domain/errors';
import type { Person, PersonChanges, PersonInput, PersonType } from '../contract/responsibility';

export type { Person, PersonInput };

const PERSON_SELECT = `
  SELECT p.id::int AS id, p.community_code AS "communityCode", p.name, p.type, p.party_member AS "partyMember", p.phone,
         p.gender, p.birth_year AS "birthYear", p.home_building_code AS "homeBuildingCode", p.notes, p.version,
         coalesce((SELECT json_agg(json_build_object('id', a.id, 'cellCode', g.code, 'role', a.role) ORDER BY g.code, a.role)
                     FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id AND g.county_code = a.county_code
                    WHERE a.person_id = p.id AND a.county_code = p.county_code AND a.valid_to IS NULL), '[]'::json) AS assignments
    FROM person p`;

const parseAssignments = (row: Person): Person =>
  typeof row.assignments === 'string' ? { ...row, assignments: JSON.parse(row.assignments) as Person['assignments'] } : row;

export interface PeopleFilter {
  communityCode?: string;
  type?: PersonType;
  partyMember?: boolean;
  q?: string;
  /** The account's data scope; undefined or null = every community. */
  scope?: Scope;
  limit: number;
  offset: number;
}

export async function listPeople(c: Queryable, f: PeopleFilter): Promise<{ total: number; people: Person[] }> {
  const where = `WHERE ($1::text IS NULL OR p.community_code = $1) AND ($2::text IS NULL OR p.type = $2)
                   AND ($3::boolean IS NULL OR p.party_member = $3) AND ($4::text IS NULL OR p.name ILIKE '%' || $4 || '%')
                   AND ${scopeSql('p.community_code', '$5', '$6')}`;
  const params = [f.communityCode ?? null, f.type ?? null, f.partyMember ?? null, f.q ?? null, ...scopeParams(f.scope ?? null)];
  const { rows } = await c.query<Person>(`${PERSON_SELECT} ${where} ORDER BY p.community_code, p.name, p.id LIMIT $7 OFFSET $8`, [
    ...params,
    f.limit,
    f.offset,
  ]);
  const count = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM person p ${where}`, params);
  return { total: count.rows[0].n, people: rows.map(parseAssignments) };
}

export async function getPerson(c: Queryable, id: number): Promise<Person | undefined> {
  const { rows } = await c.query<Person>(`${PERSON_SELECT} WHERE p.id = $1`, [id]);
  return rows[0] && parseAssignments(rows[0]);
}

/** The person; unknown id → not found. */
export async function requirePerson(c: Queryable, id: number): Promise<Person> {
  const person = await getPerson(c, id);
  if (!person) throw notFound('people.not_found', { id });
  return person;
}

/** The community of each of `ids` that exists. */
export async function communitiesOfPeople(c: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  const { rows } = await c.query<{ id: number; community_code: string }>(
    'SELECT id::int AS id, community_code FROM person WHERE id = ANY($1::bigint[])',
    [[...ids]],
  );
  return new Map(rows.map((r) => [r.id, r.community_code]));
}

/** A home must be a building of the person's own community. */
async function checkHome(c: Queryable, communityCode: string, home: string | null | undefined): Promise<void> {
  if (!home) return;
  const field = 'json.homeBuildingCode';
  const { rows } = await c.query<{ community_code: string }>('SELECT community_code FROM building WHERE code = $1', [home]);
  if (!rows[0]) throw invalid('people.unknown_building', { buildingCode: home }, { field });
  if (rows[0].community_code !== communityCode) {
    throw invalid(
      'people.home_other_community',
      { buildingCode: home, buildingCommunity: rows[0].community_code, communityCode },
      { field },
    );
  }
}

export async function insertPerson(c: Queryable, p: PersonInput, username: string): Promise<Person> {
  await checkHome(c, p.communityCode, p.homeBuildingCode);
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO person (community_code, county_code, name, type, party_member, phone, gender, birth_year, home_building_code, notes)
     VALUES ($1, left($1, 6), $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::int AS id`,
    [p.communityCode, p.name, p.type, p.partyMember, p.phone, p.gender, p.birthYear, p.homeBuildingCode, p.notes],
  );
  const id = rows[0].id;
  await audit(c, { username, action: 'create', entity: 'person', entityId: String(id), after: p });
  return requirePerson(c, id);
}

const COLUMN: Record<keyof PersonChanges, string> = {
  name: 'name',
  type: 'type',
  partyMember: 'party_member',
  phone: 'phone',
  gender: 'gender',
  birthYear: 'birth_year',
  homeBuildingCode: 'home_building_code',
  notes: 'notes',
};

/** Changes the given fields of a person (versioned); returns the person after the change. */
export async function updatePerson(c: Queryable, id: number, version: number, fields: PersonChanges, username: string): Promise<Person> {
  await lockVersion(c, REGISTERS.person, id, version);
  const before = await requirePerson(c, id);
  await checkHome(c, before.communityCode, fields.homeBuildingCode);
  const changes = Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [COLUMN[k as keyof PersonChanges], v]),
  );
  await updateVersioned(c, { entity: 'person', id: String(id), expectedVersion: version, changes, username });
  return requirePerson(c, id);
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
  await lockVersion(c, REGISTERS.person, id, expectedVersion);
  const { rows } = await c.query<{ row: Record<string, unknown> }>('SELECT to_jsonb(p.*) AS row FROM person p WHERE id = $1', [id]);
  const refs = await personReferences(c, id);
  if (Object.values(refs).some((n) => n > 0)) throw conflict('people.in_use', { id, ...refs }, refs);
  const county = rows[0].row.county_code;
  await c.query('DELETE FROM cell_assignment WHERE person_id = $1 AND county_code = $2', [id, county]);
  await c.query('DELETE FROM person WHERE id = $1 AND county_code = $2', [id, county]);
  await audit(c, { username, action: 'delete', entity: 'person', entityId: String(id), before: rows[0].row });
}
