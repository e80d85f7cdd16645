// Writes facilities, acquisition options, people, party organisations and areas, volunteer
// teams, and the demo accounts. Ids come from the generator, so sequences are moved past
// them afterwards.
import type { Queryable } from '../../server/src/db/pool';
import type { DemoTown } from '../generator/types';
import { insertJson, toWkt } from './bulk';

export async function insertFacilities(c: Queryable, town: DemoTown): Promise<void> {
  await insertJson(
    c,
    `INSERT INTO facility (community_code, county_code, name, address, area_m2, rooms, geom)
     SELECT r.community_code, left(r.community_code, 6), r.name, r.address, r.area_m2, r.rooms, ST_GeomFromText(r.wkt, 4326)
     FROM json_to_recordset($1::json) AS r(community_code text, name text, address text, area_m2 float8, rooms jsonb, wkt text)`,
    town.facilities.map((f) => ({
      community_code: f.communityCode,
      name: f.name,
      address: f.address,
      area_m2: f.areaSquareMetres,
      rooms: f.rooms.map((r) => ({ room: r.room, areaM2: r.areaSquareMetres })),
      wkt: toWkt(f.geometry),
    })),
  );
  await insertJson(
    c,
    `INSERT INTO facility_option (code, community_code, county_code, method, name, address, geom, area_m2, released_area_m2, one_off_cost,
                                  yearly_cost, available_after_months, share_radius_m, needs_approval, uncertain, notes)
     SELECT r.code, r.community_code, left(r.community_code, 6), r.method, r.name, r.address, ST_GeomFromText(r.wkt, 4326), r.area_m2, r.released_area_m2,
            r.one_off_cost, r.yearly_cost, r.available_after_months, r.share_radius_m, r.needs_approval, r.uncertain, r.notes
     FROM json_to_recordset($1::json) AS r(code text, community_code text, method text, name text, address text, wkt text,
       area_m2 float8, released_area_m2 float8, one_off_cost float8, yearly_cost float8, available_after_months int,
       share_radius_m float8, needs_approval bool, uncertain bool, notes text)`,
    town.options.map((o) => ({
      code: o.code,
      community_code: o.communityCode,
      method: o.method,
      name: o.name,
      address: o.address,
      wkt: toWkt(o.geometry),
      area_m2: o.areaSquareMetres,
      released_area_m2: o.releasedAreaSquareMetres,
      one_off_cost: o.oneOffCostYuan,
      yearly_cost: o.yearlyCostYuan,
      available_after_months: o.availableAfterMonths,
      share_radius_m: o.shareRadiusMetres,
      needs_approval: o.needsApproval,
      uncertain: o.uncertain,
      notes: o.notes,
    })),
  );
}

export async function insertPeople(c: Queryable, town: DemoTown): Promise<void> {
  await insertJson(
    c,
    `INSERT INTO person (id, community_code, county_code, name, type, party_member, phone, gender, birth_year, home_building_code)
     SELECT r.id, r.community_code, left(r.community_code, 6), r.name, r.type, r.party_member, r.phone, r.gender, r.birth_year, r.home_building_code
     FROM json_to_recordset($1::json) AS r(id bigint, community_code text, name text, type text, party_member bool, phone text,
                                           gender text, birth_year int, home_building_code text)`,
    town.people.map((p) => ({
      id: p.id,
      community_code: p.communityCode,
      name: p.name,
      type: p.type,
      party_member: p.partyMember,
      phone: p.phone,
      gender: p.gender,
      birth_year: p.birthYear,
      home_building_code: p.homeBuildingCode,
    })),
  );
}

export async function insertParty(c: Queryable, town: DemoTown): Promise<void> {
  // Each row names its county (a cluster places it by that value): a party area's is its person's.
  const communityOf = new Map(town.people.map((p) => [p.id, p.communityCode]));
  // Foreign keys are checked at the end of each statement, and the generator lists parents
  // before children, so chunks written in order never point at a parent not yet written.
  await insertJson(
    c,
    `INSERT INTO party_org (id, parent_id, community_code, county_code, level, scope, name, compound_code, secretary_person_id)
     SELECT r.id, r.parent_id, r.community_code, left(r.community_code, 6), r.level, r.scope, r.name, r.compound_code, r.secretary_person_id
     FROM json_to_recordset($1::json) AS r(id bigint, parent_id bigint, community_code text, level text, scope text, name text,
                                           compound_code text, secretary_person_id bigint)`,
    town.partyOrgs.map((o) => ({
      id: o.id,
      parent_id: o.parentId,
      community_code: o.communityCode,
      level: o.level,
      scope: o.scope,
      name: o.name,
      compound_code: o.compoundCode,
      secretary_person_id: o.secretaryPersonId,
    })),
  );
  await insertJson(
    c,
    `INSERT INTO party_org_building (party_org_id, building_code, county_code)
     SELECT r.id, r.code, left(r.code, 6) FROM json_to_recordset($1::json) AS r(id bigint, code text)`,
    town.partyOrgs.flatMap((o) => o.buildingCodes.map((code) => ({ id: o.id, code }))),
  );
  await insertJson(
    c,
    `INSERT INTO party_area (id, person_id, name, county_code)
     SELECT r.id, r.person_id, r.name, left(r.community_code, 6)
       FROM json_to_recordset($1::json) AS r(id bigint, person_id bigint, name text, community_code text)`,
    town.partyAreas.map((a) => ({ id: a.id, person_id: a.personId, name: a.name, community_code: communityOf.get(a.personId) })),
  );
  await insertJson(
    c,
    `INSERT INTO party_area_building (area_id, building_code, county_code)
     SELECT r.id, r.code, left(r.code, 6) FROM json_to_recordset($1::json) AS r(id bigint, code text)`,
    town.partyAreas.flatMap((a) => a.buildingCodes.map((code) => ({ id: a.id, code }))),
  );
}

export async function insertVolunteers(c: Queryable, town: DemoTown): Promise<void> {
  await insertJson(
    c,
    `INSERT INTO volunteer_team (id, community_code, county_code, name, category, leader_person_id)
     SELECT r.id, r.community_code, left(r.community_code, 6), r.name, r.category, r.leader_person_id
     FROM json_to_recordset($1::json) AS r(id bigint, community_code text, name text, category text, leader_person_id bigint)`,
    town.volunteerTeams.map((t) => ({
      id: t.id,
      community_code: t.communityCode,
      name: t.name,
      category: t.category,
      leader_person_id: t.leaderPersonId,
    })),
  );
  await insertJson(
    c,
    `INSERT INTO volunteer_member (team_id, person_id, county_code)
     SELECT r.team_id, r.person_id, r.county_code FROM json_to_recordset($1::json) AS r(team_id bigint, person_id bigint, county_code text)`,
    town.volunteerTeams.flatMap((t) =>
      t.memberPersonIds.map((person_id) => ({ team_id: t.id, person_id, county_code: t.communityCode.slice(0, 6) })),
    ),
  );
  await insertJson(
    c,
    `INSERT INTO volunteer_team_area (team_id, compound_code, county_code)
     SELECT r.team_id, r.compound_code, left(r.compound_code, 6) FROM json_to_recordset($1::json) AS r(team_id bigint, compound_code text)`,
    town.volunteerTeams.flatMap((t) => t.compoundCodes.map((compound_code) => ({ team_id: t.id, compound_code }))),
  );
}

/** The demo accounts, all with the same password hash (hashed once: scrypt is slow on purpose). */
export async function insertAccounts(c: Queryable, town: DemoTown, passwordHash: string): Promise<void> {
  await insertJson(
    c,
    `INSERT INTO app_user (username, password_hash, role, display_name, person_id)
     SELECT r.username, r.password_hash, r.role, r.display_name, r.person_id
     FROM json_to_recordset($1::json) AS r(username text, password_hash text, role text, display_name text, person_id bigint)`,
    town.accounts.map((a) => ({
      username: a.username,
      password_hash: passwordHash,
      role: a.role,
      display_name: a.displayName,
      person_id: a.personId,
    })),
  );
}

/** Moves id sequences past the ids written explicitly. */
export async function syncSequences(c: Queryable): Promise<void> {
  for (const table of ['person', 'party_org', 'party_area', 'volunteer_team', 'grid_plan', 'grid_cell', 'cell_assignment']) {
    await c.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST(1, (SELECT COALESCE(max(id), 0) FROM ${table})), (SELECT count(*) > 0 FROM ${table}))`,
    );
  }
}

export async function setBudget(c: Queryable, budgetPerYearYuan: readonly number[]): Promise<void> {
  await c.query(
    `INSERT INTO setting (key, value, description) VALUES ('facility.budgetPerYear', $1::jsonb, 'Yearly facility budget (CNY)')
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = setting.version + 1, updated_at = now()`,
    [JSON.stringify(budgetPerYearYuan)],
  );
}
