/** Party organisation tree (general branch → branch → group) and party member responsibility areas. */
import type { Queryable } from './pool';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import { audit } from './audit';
import { touchVersioned } from './write';
import { lockVersion, REGISTERS } from './locked-version';
import { conflict, invalid, notFound } from '../domain/errors';
import { checkPartyStructure, type PartyLevel, type PartyScope } from '../domain/responsibility/vocabulary';
import type { PartyOrg, PartyOrgInput } from '../contract/responsibility-party';

export type { PartyOrg, PartyOrgInput };

const ORG_SELECT = `
  SELECT o.id::int AS id, o.parent_id::int AS "parentId", o.community_code AS "communityCode", o.level, o.scope, o.name,
         o.compound_code AS "compoundCode", o.secretary_person_id::int AS "secretaryPersonId", s.name AS "secretaryName",
         coalesce((SELECT array_agg(pb.building_code ORDER BY pb.building_code) FROM party_org_building pb WHERE pb.party_org_id = o.id AND pb.county_code = o.county_code), '{}') AS "buildingCodes",
         o.version
    FROM party_org o LEFT JOIN person s ON s.id = o.secretary_person_id AND s.county_code = o.county_code`;

/** The organisations of a community, or of every community in `scope` (null = all). */
export async function listPartyOrgs(c: Queryable, communityCode?: string, scope: Scope = null): Promise<PartyOrg[]> {
  const { rows } = await c.query<PartyOrg>(
    `${ORG_SELECT} WHERE ($1::text IS NULL OR o.community_code = $1) AND o.level <> 'committee' AND ${scopeSql('o.community_code', '$2', '$3')}
      ORDER BY o.community_code, CASE o.level WHEN 'general_branch' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END, o.name, o.id`,
    [communityCode ?? null, ...scopeParams(scope)],
  );
  return rows;
}

export async function getPartyOrg(c: Queryable, id: number): Promise<PartyOrg | undefined> {
  const { rows } = await c.query<PartyOrg>(`${ORG_SELECT} WHERE o.id = $1`, [id]);
  return rows[0];
}

/** The organisation; unknown id → not found. */
export async function requirePartyOrg(c: Queryable, id: number): Promise<PartyOrg> {
  const org = await getPartyOrg(c, id);
  if (!org) throw notFound('party.not_found', { id });
  return org;
}

/** Codes among `codes` that are not buildings of the community (unknown or elsewhere). */
export async function buildingsOutsideCommunity(c: Queryable, communityCode: string, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const { rows } = await c.query<{ code: string }>(
    `SELECT x.code FROM unnest($2::text[]) AS x(code) LEFT JOIN building b ON b.code = x.code
      WHERE b.code IS NULL OR b.community_code <> $1 ORDER BY x.code`,
    [communityCode, [...codes]],
  );
  return rows.map((r) => r.code);
}

/** Checks an organisation against the tree and its community; `where` names the input for the error's field. */
export async function checkPartyOrg(c: Queryable, o: PartyOrgInput, where: string, selfId?: number): Promise<void> {
  const at = (field: string) => ({ field: `${where}.${field}` });
  let parent: { level: PartyLevel; scope: PartyScope } | null = null;
  if (o.parentId !== null) {
    if (o.parentId === selfId) throw invalid('party.parent_cycle', {}, at('parentId'));
    const found = await getPartyOrg(c, o.parentId);
    if (!found) throw invalid('party.unknown_parent', { parentId: o.parentId }, at('parentId'));
    if (found.communityCode !== o.communityCode) {
      throw invalid(
        'party.parent_other_community',
        { parentName: found.name, parentCommunity: found.communityCode, communityCode: o.communityCode },
        at('parentId'),
      );
    }
    parent = { level: found.level, scope: found.scope };
  }
  const structure = checkPartyStructure(o.level, o.scope, parent);
  if (!structure.valid) throw invalid(structure.reason, structure.params, at('level'));
  if (o.compoundCode !== null) {
    const { rows } = await c.query<{ community_code: string }>('SELECT community_code FROM compound WHERE code = $1', [o.compoundCode]);
    if (!rows[0]) throw invalid('party.unknown_compound', { compoundCode: o.compoundCode }, at('compoundCode'));
    if (rows[0].community_code !== o.communityCode) {
      throw invalid(
        'party.compound_other_community',
        { compoundCode: o.compoundCode, compoundCommunity: rows[0].community_code, communityCode: o.communityCode },
        at('compoundCode'),
      );
    }
  }
  if (o.scope === 'compound' && o.compoundCode === null) throw invalid('party.missing_compound', {}, at('compoundCode'));
  const outside = await buildingsOutsideCommunity(c, o.communityCode, o.buildingCodes);
  if (outside.length) {
    throw invalid(
      'party.buildings_other_community',
      { communityCode: o.communityCode, buildingCodes: outside.slice(0, 5) },
      { ...at('buildingCodes'), buildingCodes: outside },
    );
  }
  if (o.secretaryPersonId !== null) await checkPartyMember(c, o.secretaryPersonId, o.communityCode, `${where}.secretaryPersonId`);
}

/** The person must exist, be a party member and (when given) belong to `communityCode`; returns their community. */
export async function checkPartyMember(c: Queryable, personId: number, communityCode: string | null, field: string): Promise<string> {
  const { rows } = await c.query<{ community_code: string; party_member: boolean }>(
    'SELECT community_code, party_member FROM person WHERE id = $1',
    [personId],
  );
  if (!rows[0]) throw invalid('people.unknown_person', { personId }, { field });
  if (communityCode !== null && rows[0].community_code !== communityCode) {
    throw invalid('party.secretary_other_community', { personId, personCommunity: rows[0].community_code, communityCode }, { field });
  }
  if (!rows[0].party_member) throw invalid('party.not_party_member', { personId }, { field });
  return rows[0].community_code;
}

async function setOrgBuildings(c: Queryable, id: number, codes: readonly string[]): Promise<void> {
  await c.query(
    'DELETE FROM party_org_building WHERE party_org_id = $1 AND county_code = (SELECT county_code FROM party_org WHERE id = $1)',
    [id],
  );
  if (codes.length)
    await c.query(
      `INSERT INTO party_org_building (party_org_id, building_code, county_code)
       SELECT $1, code, left(code, 6) FROM unnest($2::text[]) AS code ON CONFLICT DO NOTHING`,
      [id, [...codes]],
    );
}

export async function insertPartyOrg(c: Queryable, o: PartyOrgInput, username: string, where = 'json'): Promise<number> {
  await checkPartyOrg(c, o, where);
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO party_org (parent_id, community_code, county_code, level, scope, name, compound_code, secretary_person_id)
     VALUES ($1, $2, left($2, 6), $3, $4, $5, $6, $7) RETURNING id::int AS id`,
    [o.parentId, o.communityCode, o.level, o.scope, o.name, o.compoundCode, o.secretaryPersonId],
  );
  await setOrgBuildings(c, rows[0].id, o.buildingCodes);
  await audit(c, { username, action: 'create', entity: 'party_org', entityId: String(rows[0].id), after: o });
  return rows[0].id;
}

/** Replaces an organisation's editable fields (its community stays); stale version → conflict. */
export async function updatePartyOrg(
  c: Queryable,
  id: number,
  version: number,
  o: Omit<PartyOrgInput, 'communityCode'>,
  username: string,
): Promise<void> {
  await lockVersion(c, REGISTERS.partyOrg, id, version);
  const before = (await getPartyOrg(c, id))!;
  const next = { ...o, communityCode: before.communityCode };
  await checkPartyOrg(c, next, 'json', id);
  if (o.parentId !== null && (await isDescendant(c, o.parentId, id))) throw invalid('party.parent_cycle', {}, { field: 'json.parentId' });
  if (o.level !== before.level && (await hasChildren(c, id))) throw conflict('party.level_locked', { id });
  await touchVersioned(c, 'party_org', String(id), version);
  await c.query(
    `UPDATE party_org SET parent_id = $2, level = $3, scope = $4, name = $5, compound_code = $6, secretary_person_id = $7
      WHERE id = $1 AND county_code = left($8, 6)`,
    [id, o.parentId, o.level, o.scope, o.name, o.compoundCode, o.secretaryPersonId, before.communityCode],
  );
  await setOrgBuildings(c, id, o.buildingCodes);
  await audit(c, { username, action: 'update', entity: 'party_org', entityId: String(id), before, after: next });
}

async function hasChildren(c: Queryable, id: number): Promise<boolean> {
  const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM party_org WHERE parent_id = $1', [id]);
  return rows[0].n > 0;
}

async function isDescendant(c: Queryable, candidate: number, ancestor: number): Promise<boolean> {
  const { rows } = await c.query<{ hit: boolean }>(
    `WITH RECURSIVE down AS (SELECT id FROM party_org WHERE parent_id = $2 UNION SELECT o.id FROM party_org o JOIN down ON o.parent_id = down.id)
     SELECT EXISTS (SELECT 1 FROM down WHERE id = $1) AS hit`,
    [candidate, ancestor],
  );
  return rows[0].hit;
}

export async function deletePartyOrg(c: Queryable, id: number, version: number, username: string): Promise<void> {
  const before = await getPartyOrg(c, id);
  if (!before) throw notFound('party.not_found', { id });
  if (await hasChildren(c, id)) throw conflict('party.has_children', { id });
  await lockVersion(c, REGISTERS.partyOrg, id, version);
  await touchVersioned(c, 'party_org', String(id), version);
  await c.query('DELETE FROM party_org WHERE id = $1 AND county_code = left($2, 6)', [id, before.communityCode]);
  await audit(c, { username, action: 'delete', entity: 'party_org', entityId: String(id), before });
}
