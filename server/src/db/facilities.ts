/**
 * Existing community facility space (table facility) and the status board built on it: per
 * community the standard's required area, the current area, the gap, and the options and
 * projects that concern it.
 */
import type { Queryable } from './pool';
import { audit } from './audit';
import { listCommunities } from './communities';
import type { BoardRow, FacilityRow, StatusBoard } from '../contract/facility';

export type { BoardRow, FacilityRow, StatusBoard };

export async function listFacilities(c: Queryable, communityCode?: string): Promise<FacilityRow[]> {
  const { rows } = await c.query<FacilityRow>(
    `SELECT id::int AS id, community_code AS "communityCode", name, address, area_m2::float8 AS "areaM2",
            round(ST_X(geom)::numeric, 6)::float8 AS lng, round(ST_Y(geom)::numeric, 6)::float8 AS lat, version
       FROM facility WHERE ($1::text IS NULL OR community_code = $1) ORDER BY community_code, id`,
    [communityCode ?? null],
  );
  return rows;
}

export interface NewFacility {
  communityCode: string;
  name: string;
  address: string;
  areaM2: number;
  lng: number;
  lat: number;
}

/** Adds a facility row (a delivered project) and audits it; returns its id. */
export async function insertFacility(c: Queryable, f: NewFacility, username: string): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO facility (community_code, name, address, area_m2, geom)
     VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)) RETURNING id::int AS id`,
    [f.communityCode, f.name, f.address, f.areaM2, f.lng, f.lat],
  );
  await audit(c, { username, action: 'create', entity: 'facility', entityId: String(rows[0].id), after: f });
  return rows[0].id;
}

/** The status board: every community against the standard, with town totals. */
export async function statusBoard(c: Queryable): Promise<StatusBoard> {
  const communities = await listCommunities(c);
  const { rows: counts } = await c.query<{
    code: string;
    facilities: number;
    options: number;
    planned: number;
    inProgress: number;
    delivered: number;
  }>(
    `SELECT c.code,
            (SELECT count(*) FROM facility f WHERE f.community_code = c.code AND f.county_code = c.county_code)::int AS facilities,
            (SELECT count(*) FROM facility_option o WHERE o.community_code = c.code AND o.county_code = c.county_code AND o.status <> 'withdrawn')::int AS options,
            (SELECT count(*) FROM facility_project p WHERE p.community_code = c.code AND p.county_code = c.county_code AND p.status = 'planned')::int AS planned,
            (SELECT count(*) FROM facility_project p WHERE p.community_code = c.code AND p.county_code = c.county_code AND p.status = 'in_progress')::int AS "inProgress",
            (SELECT count(*) FROM facility_project p WHERE p.community_code = c.code AND p.county_code = c.county_code AND p.status = 'delivered')::int AS delivered
       FROM community c`,
  );
  const byCode = new Map(counts.map((r) => [r.code, r]));
  const { rows: settings } = await c.query<{ key: string; value: number; version: number }>(
    `SELECT key, value::text::float8 AS value, version FROM setting WHERE key IN ('standard.minimumAreaM2', 'standard.perHundredHouseholdsM2')`,
  );
  const setting = (key: string) => settings.find((s) => s.key === key) ?? { value: 0, version: 0 };
  const board: BoardRow[] = communities.map((row) => {
    const n = byCode.get(row.code);
    return {
      code: row.code,
      name: row.name,
      households: row.households,
      requiredAreaM2: row.requiredAreaM2,
      currentAreaM2: row.currentAreaM2,
      gapM2: row.gapM2,
      compliant: row.compliant,
      centroid: row.centroid,
      facilityCount: n?.facilities ?? 0,
      optionCount: n?.options ?? 0,
      projects: { planned: n?.planned ?? 0, inProgress: n?.inProgress ?? 0, delivered: n?.delivered ?? 0 },
    };
  });
  const sum = (pick: (r: BoardRow) => number) => Math.round(board.reduce((s, r) => s + pick(r), 0) * 10) / 10;
  const compliant = board.filter((r) => r.compliant).length;
  return {
    standard: {
      minimumAreaM2: setting('standard.minimumAreaM2').value,
      perHundredHouseholdsM2: setting('standard.perHundredHouseholdsM2').value,
      versions: {
        minimumAreaM2: setting('standard.minimumAreaM2').version,
        perHundredHouseholdsM2: setting('standard.perHundredHouseholdsM2').version,
      },
    },
    totals: {
      communities: board.length,
      compliant,
      nonCompliant: board.length - compliant,
      households: sum((r) => r.households),
      requiredAreaM2: sum((r) => r.requiredAreaM2),
      currentAreaM2: sum((r) => r.currentAreaM2),
      gapM2: sum((r) => r.gapM2),
    },
    communities: board,
  };
}
