/** Party member responsibility areas (党员责任区): each a set of buildings under one party member. */
import type { Queryable } from './pool';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import { audit } from './audit';
import { touchVersioned } from './write';
import { lockVersion, REGISTERS } from './locked-version';
import { buildingsOutsideCommunity, checkPartyMember } from './party';
import { invalid, notFound } from '../domain/errors';
import type { LngLat } from '../domain/responsibility/distance';
import type { PartyArea, PartyAreaInput } from '../contract/responsibility-party';

export type { PartyArea, PartyAreaInput };

const AREA_SELECT = `
  SELECT a.id::int AS id, a.person_id::int AS "personId", p.name AS "personName", p.community_code AS "communityCode", a.name,
         coalesce(array_agg(ab.building_code ORDER BY ab.building_code) FILTER (WHERE ab.building_code IS NOT NULL), '{}') AS "buildingCodes",
         coalesce(sum(b.households), 0)::int AS households, a.version
    FROM party_area a JOIN person p ON p.id = a.person_id AND p.county_code = a.county_code
    LEFT JOIN party_area_building ab ON ab.area_id = a.id AND ab.county_code = a.county_code
    LEFT JOIN building b ON b.code = ab.building_code AND b.county_code = ab.county_code`;

// The keys are (id, county_code): grouping by both lets the area's and person's other columns be selected.
const AREA_GROUP = 'GROUP BY a.id, a.county_code, p.id, p.county_code';

/** The areas of a community, or of every community in `scope` (null = all). */
export async function listPartyAreas(c: Queryable, communityCode?: string, scope: Scope = null): Promise<PartyArea[]> {
  const { rows } = await c.query<PartyArea>(
    `${AREA_SELECT} WHERE ($1::text IS NULL OR p.community_code = $1) AND ${scopeSql('p.community_code', '$2', '$3')}
      ${AREA_GROUP} ORDER BY p.community_code, p.name, a.id`,
    [communityCode ?? null, ...scopeParams(scope)],
  );
  return rows;
}

export async function getPartyArea(c: Queryable, id: number): Promise<PartyArea | undefined> {
  const { rows } = await c.query<PartyArea>(`${AREA_SELECT} WHERE a.id = $1 ${AREA_GROUP}`, [id]);
  return rows[0];
}

/** The area; unknown id → not found. */
export async function requirePartyArea(c: Queryable, id: number): Promise<PartyArea> {
  const area = await getPartyArea(c, id);
  if (!area) throw notFound('party_areas.not_found', { id });
  return area;
}

/** The person must be a party member and the buildings in their community; returns that community. */
async function checkArea(c: Queryable, a: PartyAreaInput, where: string): Promise<string> {
  const community = await checkPartyMember(c, a.personId, null, `${where}.personId`);
  const outside = await buildingsOutsideCommunity(c, community, a.buildingCodes);
  if (outside.length) {
    throw invalid(
      'party.buildings_other_community',
      { communityCode: community, buildingCodes: outside.slice(0, 5) },
      { field: `${where}.buildingCodes`, buildingCodes: outside },
    );
  }
  return community;
}

async function setAreaBuildings(c: Queryable, id: number, codes: readonly string[]): Promise<void> {
  await c.query('DELETE FROM party_area_building WHERE area_id = $1 AND county_code = (SELECT county_code FROM party_area WHERE id = $1)', [
    id,
  ]);
  if (codes.length)
    await c.query(
      `INSERT INTO party_area_building (area_id, building_code, county_code)
       SELECT $1, code, left(code, 6) FROM unnest($2::text[]) AS code ON CONFLICT DO NOTHING`,
      [id, [...codes]],
    );
}

export async function insertPartyArea(c: Queryable, a: PartyAreaInput, username: string, where = 'json'): Promise<number> {
  const community = await checkArea(c, a, where);
  const { rows } = await c.query<{ id: number }>(
    'INSERT INTO party_area (person_id, name, county_code) VALUES ($1, $2, left($3, 6)) RETURNING id::int AS id',
    [a.personId, a.name, community],
  );
  await setAreaBuildings(c, rows[0].id, a.buildingCodes);
  await audit(c, { username, action: 'create', entity: 'party_area', entityId: String(rows[0].id), after: a });
  return rows[0].id;
}

export async function updatePartyArea(c: Queryable, id: number, version: number, a: PartyAreaInput, username: string): Promise<void> {
  await lockVersion(c, REGISTERS.partyArea, id, version);
  const before = await getPartyArea(c, id);
  await checkArea(c, a, 'json');
  await touchVersioned(c, 'party_area', String(id), version);
  await c.query(
    'UPDATE party_area SET person_id = $2, name = $3 WHERE id = $1 AND county_code = (SELECT county_code FROM party_area WHERE id = $1)',
    [id, a.personId, a.name],
  );
  await setAreaBuildings(c, id, a.buildingCodes);
  await audit(c, { username, action: 'update', entity: 'party_area', entityId: String(id), before, after: a });
}

export async function deletePartyArea(c: Queryable, id: number, version: number, username: string): Promise<void> {
  await lockVersion(c, REGISTERS.partyArea, id, version);
  const before = await getPartyArea(c, id);
  await touchVersioned(c, 'party_area', String(id), version);
  await c.query('DELETE FROM party_area WHERE id = $1 AND county_code = (SELECT county_code FROM party_area WHERE id = $1)', [id]);
  await audit(c, { username, action: 'delete', entity: 'party_area', entityId: String(id), before });
}

/** Party members of the community with the households already in their responsibility areas. */
export async function partyMembersWithLoad(c: Queryable, communityCode: string) {
  const { rows } = await c.query<{ id: number; name: string; x: number | null; y: number | null; households: number }>(
    `SELECT p.id::int AS id, p.name, ST_X(ST_PointOnSurface(h.geom))::float8 AS x, ST_Y(ST_PointOnSurface(h.geom))::float8 AS y,
            coalesce((SELECT sum(b.households) FROM party_area pa
                        JOIN party_area_building ab ON ab.area_id = pa.id AND ab.county_code = pa.county_code
                        JOIN building b ON b.code = ab.building_code AND b.county_code = ab.county_code
                       WHERE pa.person_id = p.id AND pa.county_code = p.county_code), 0)::int AS households
       FROM person p LEFT JOIN building h ON h.code = p.home_building_code AND h.county_code = p.county_code
      WHERE p.community_code = $1 AND p.party_member ORDER BY p.id`,
    [communityCode],
  );
  return rows.map((r) => ({
    personId: r.id,
    name: r.name,
    home: r.x === null || r.y === null ? null : ([r.x, r.y] as LngLat),
    currentHouseholds: r.households,
  }));
}

/** Residential buildings of the community in no party member's responsibility area. */
export async function buildingsOutsideAreas(c: Queryable, communityCode: string) {
  const { rows } = await c.query<{ code: string; households: number; x: number; y: number }>(
    `SELECT b.code, b.households, ST_X(ST_PointOnSurface(b.geom))::float8 AS x, ST_Y(ST_PointOnSurface(b.geom))::float8 AS y
       FROM building b
      WHERE b.community_code = $1 AND b.households > 0
        AND NOT EXISTS (SELECT 1 FROM party_area_building ab WHERE ab.building_code = b.code AND ab.county_code = b.county_code)
      ORDER BY b.code`,
    [communityCode],
  );
  return rows.map((r) => ({ code: r.code, households: r.households, center: [r.x, r.y] as LngLat }));
}
