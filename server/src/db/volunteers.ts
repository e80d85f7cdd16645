/** Volunteer teams (8 categories) per community, with members and the compounds or cells they serve. */
import type { Queryable } from './pool';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import { audit } from './audit';
import { touchVersioned } from './write';
import { lockVersion, REGISTERS } from './locked-version';
import { invalid, notFound } from '../domain/errors';
import type { VolunteerTeam, VolunteerTeamInput } from '../contract/responsibility-party';

export type { VolunteerTeam, VolunteerTeamInput };

const TEAM_SELECT = `
  SELECT t.id::int AS id, t.community_code AS "communityCode", t.name, t.category, t.leader_person_id::int AS "leaderPersonId",
         l.name AS "leaderName",
         coalesce((SELECT json_agg(json_build_object('personId', p.id, 'name', p.name) ORDER BY p.name, p.id)
                     FROM volunteer_member m JOIN person p ON p.id = m.person_id AND p.county_code = m.county_code WHERE m.team_id = t.id AND m.county_code = t.county_code), '[]'::json) AS members,
         coalesce((SELECT array_agg(compound_code ORDER BY compound_code) FROM volunteer_team_area WHERE team_id = t.id AND county_code = t.county_code AND compound_code IS NOT NULL), '{}') AS "compoundCodes",
         coalesce((SELECT array_agg(cell_code ORDER BY cell_code) FROM volunteer_team_area WHERE team_id = t.id AND county_code = t.county_code AND cell_code IS NOT NULL), '{}') AS "cellCodes",
         t.version
    FROM volunteer_team t LEFT JOIN person l ON l.id = t.leader_person_id AND l.county_code = t.county_code`;

const parse = (row: VolunteerTeam): VolunteerTeam =>
  typeof row.members === 'string' ? { ...row, members: JSON.parse(row.members) as VolunteerTeam['members'] } : row;

/** The teams of a community, or of every community in `scope` (null = all). */
export async function listTeams(c: Queryable, communityCode?: string, scope: Scope = null): Promise<VolunteerTeam[]> {
  const { rows } = await c.query<VolunteerTeam>(
    `${TEAM_SELECT} WHERE ($1::text IS NULL OR t.community_code = $1) AND ${scopeSql('t.community_code', '$2', '$3')}
      ORDER BY t.community_code, t.category, t.name, t.id`,
    [communityCode ?? null, ...scopeParams(scope)],
  );
  return rows.map(parse);
}

export async function getTeam(c: Queryable, id: number): Promise<VolunteerTeam | undefined> {
  const { rows } = await c.query<VolunteerTeam>(`${TEAM_SELECT} WHERE t.id = $1`, [id]);
  return rows[0] && parse(rows[0]);
}

/** The team; unknown id → not found. */
export async function requireTeam(c: Queryable, id: number): Promise<VolunteerTeam> {
  const team = await getTeam(c, id);
  if (!team) throw notFound('volunteers.not_found', { id });
  return team;
}

/** People, compounds and cells must all belong to the team's community. */
async function checkTeam(c: Queryable, t: VolunteerTeamInput, where: string): Promise<void> {
  const { communityCode } = t;
  const { rows: community } = await c.query('SELECT 1 FROM community WHERE code = $1', [communityCode]);
  if (!community[0]) throw invalid('volunteers.unknown_community', { communityCode }, { field: `${where}.communityCode` });
  const people = [...new Set([...(t.leaderPersonId === null ? [] : [t.leaderPersonId]), ...t.memberPersonIds])];
  const { rows: strangers } = await c.query<{ id: number; community_code: string | null }>(
    `SELECT x.id::int AS id, p.community_code FROM unnest($2::bigint[]) AS x(id) LEFT JOIN person p ON p.id = x.id
      WHERE p.id IS NULL OR p.community_code <> $1 ORDER BY x.id`,
    [communityCode, people],
  );
  const unknown = strangers.find((s) => s.community_code === null);
  if (unknown)
    throw invalid(
      'people.unknown_person',
      { personId: unknown.id },
      { field: `${where}.memberPersonIds`, personIds: strangers.map((x) => x.id) },
    );
  if (strangers.length) {
    const personIds = strangers.map((x) => x.id);
    throw invalid('volunteers.people_other_community', { communityCode, personIds }, { field: `${where}.memberPersonIds`, personIds });
  }
  const { rows: compounds } = await c.query<{ code: string }>(
    `SELECT x.code FROM unnest($2::text[]) AS x(code) LEFT JOIN compound k ON k.code = x.code WHERE k.code IS NULL OR k.community_code <> $1`,
    [communityCode, t.compoundCodes],
  );
  if (compounds.length) {
    throw invalid(
      'volunteers.compounds_other_community',
      { communityCode, compoundCodes: compounds.map((r) => r.code) },
      { field: `${where}.compoundCodes` },
    );
  }
  const { rows: cells } = await c.query<{ code: string }>(
    `SELECT x.code FROM unnest($2::text[]) AS x(code)
      WHERE NOT EXISTS (SELECT 1 FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
                         WHERE g.code = x.code AND p.community_code = $1 AND p.status = 'published' AND g.valid_to IS NULL)`,
    [communityCode, t.cellCodes],
  );
  if (cells.length)
    throw invalid(
      'volunteers.cells_other_community',
      { communityCode, cellCodes: cells.map((r) => r.code) },
      { field: `${where}.cellCodes` },
    );
}

async function setChildren(c: Queryable, id: number, t: VolunteerTeamInput): Promise<void> {
  const county = t.communityCode.slice(0, 6);
  await c.query('DELETE FROM volunteer_member WHERE team_id = $1 AND county_code = $2', [id, county]);
  await c.query('DELETE FROM volunteer_team_area WHERE team_id = $1 AND county_code = $2', [id, county]);
  await c.query('INSERT INTO volunteer_member (team_id, county_code, person_id) SELECT DISTINCT $1::bigint, $3, unnest($2::bigint[])', [
    id,
    t.memberPersonIds,
    county,
  ]);
  await c.query(
    'INSERT INTO volunteer_team_area (team_id, county_code, compound_code) SELECT DISTINCT $1::bigint, $3, unnest($2::text[])',
    [id, t.compoundCodes, county],
  );
  await c.query('INSERT INTO volunteer_team_area (team_id, county_code, cell_code) SELECT DISTINCT $1::bigint, $3, unnest($2::text[])', [
    id,
    t.cellCodes,
    county,
  ]);
}

export async function insertTeam(c: Queryable, t: VolunteerTeamInput, username: string, where = 'json'): Promise<number> {
  await checkTeam(c, t, where);
  const { rows } = await c.query<{ id: number }>(
    'INSERT INTO volunteer_team (community_code, county_code, name, category, leader_person_id) VALUES ($1, left($1, 6), $2, $3, $4) RETURNING id::int AS id',
    [t.communityCode, t.name, t.category, t.leaderPersonId],
  );
  await setChildren(c, rows[0].id, t);
  await audit(c, { username, action: 'create', entity: 'volunteer_team', entityId: String(rows[0].id), after: t });
  return rows[0].id;
}

/** Replaces a team's fields, members and served area (its community stays). */
export async function updateTeam(
  c: Queryable,
  id: number,
  version: number,
  t: Omit<VolunteerTeamInput, 'communityCode'>,
  username: string,
): Promise<void> {
  await lockVersion(c, REGISTERS.volunteerTeam, id, version);
  const before = (await getTeam(c, id))!;
  const next = { ...t, communityCode: before.communityCode };
  await checkTeam(c, next, 'json');
  await touchVersioned(c, 'volunteer_team', String(id), version);
  await c.query('UPDATE volunteer_team SET name = $2, category = $3, leader_person_id = $4 WHERE id = $1 AND county_code = left($5, 6)', [
    id,
    t.name,
    t.category,
    t.leaderPersonId,
    before.communityCode,
  ]);
  await setChildren(c, id, next);
  await audit(c, { username, action: 'update', entity: 'volunteer_team', entityId: String(id), before, after: next });
}

export async function deleteTeam(c: Queryable, id: number, version: number, username: string): Promise<void> {
  await lockVersion(c, REGISTERS.volunteerTeam, id, version);
  const before = await getTeam(c, id);
  await touchVersioned(c, 'volunteer_team', String(id), version);
  await c.query('DELETE FROM volunteer_team WHERE id = $1 AND county_code = left($2, 6)', [id, before!.communityCode]);
  await audit(c, { username, action: 'delete', entity: 'volunteer_team', entityId: String(id), before });
}
