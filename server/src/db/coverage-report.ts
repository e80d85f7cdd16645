/** Facts for the roster rules, gathered per cell and per community in two set-based queries. */
import { communitiesRange, scopeParams, scopeSql } from './scope';
import type { Queryable } from './pool';
import type { CellFacts, CommunityFacts } from '../contract/responsibility-report';
import { PERSON_TYPES } from '../domain/responsibility/vocabulary';

// Residential buildings (households > 0) with whether a party branch or group covers them
// (bound to the building, or a compound-scoped organisation of its compound) and whether they lie
// in a party member's responsibility area: one pass over the scope's buildings, each looked up in
// the party tables (a scoped report reads only its own buildings; `$1`: community codes, null for all;
// `$2`/`$3`: the code range holding them, so the bindings and the compounds' branches are read for
// that range only: a building's code and a compound's start with their community's).
const BUILDING_FLAGS = `
  flags AS (
    SELECT b.code, b.county_code, b.community_code, b.compound_code, b.households, b.residents,
           b.households > 0
             AND NOT EXISTS (SELECT 1 FROM party_org_building pob WHERE pob.building_code = b.code AND pob.county_code = b.county_code
                                AND ${scopeSql('pob.building_code', '$2', '$3')})
             AND NOT EXISTS (SELECT 1 FROM party_org o
                              WHERE o.compound_code = b.compound_code AND o.county_code = b.county_code AND o.scope = 'compound'
                                AND ${scopeSql('o.compound_code', '$2', '$3')}) AS no_branch,
           b.households > 0
             AND NOT EXISTS (SELECT 1 FROM party_area_building ab WHERE ab.building_code = b.code AND ab.county_code = b.county_code
                                AND ${scopeSql('ab.building_code', '$2', '$3')}) AS no_area
      FROM building b
     WHERE ($1::text[] IS NULL OR b.community_code = ANY($1::text[])))`;

// Person types as bits (from the fixed vocabulary, not from a request), so a cell's participant
// types aggregate with bit_or over a few rows per cell instead of one row per person and type.
const TYPE_BITS = PERSON_TYPES.map((t, i) => `('${t}', ${1 << i})`).join(', ');

// The type bit of the person a responsibility row names: looked up by id for the scope's rows
// only (a person's county is the row's, by their composite foreign key), never for every person.
const typeBitOf = (personId: string, county: string) =>
  `JOIN person pe ON pe.id = ${personId} AND pe.county_code = ${county} JOIN type_bit tb ON tb.type = pe.type`;

// A cell's participants are everyone with a responsibility touching it: its assigned people, the
// party members whose areas reach into it, the secretaries of party organisations bound to its
// buildings, and the members of volunteer teams serving it (whole community, its compounds or it).
// A cell's buildings are read from the scope's building flags (a cell holds buildings of its own
// community), so the report passes over the scope's buildings once. They are joined to the flags
// as an outer join: every building of a scope's cell is in the scope, but PostgreSQL, taking the
// cells' scope and the flags' scope for two independent filters, would expect a third of the rows
// from an inner join and plan nested loops over them (a 33-community report: 41 → 38 ms at 100
// communities, 59 → 48 ms at 1,000).
// A set worked out above (a CTE) is joined by id or building code alone: the code or id decides the
// county, and PostgreSQL, which has no statistics for a CTE's columns, would take a county equality
// beside it for a 1-in-200 filter and plan nested loops for a few rows where there are thousands (a
// cluster runs such a set on its own and joins its result, so it needs no county equality either).
const CELL_PARTS = `
  cells AS (
    SELECT g.id, g.county_code, g.code, g.label, g.name, p.community_code
      FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
     WHERE p.status = 'published' AND g.valid_to IS NULL AND g.code IS NOT NULL AND ($1::text[] IS NULL OR p.community_code = ANY($1::text[]))),
  ${BUILDING_FLAGS},
  cb AS (
    SELECT cb.cell_id, cb.building_code, cb.county_code, f.compound_code, f.households, f.residents, f.no_branch, f.no_area
      FROM cell_building cb JOIN cells ON cells.id = cb.cell_id LEFT JOIN flags f ON f.code = cb.building_code),
  staff AS (
    SELECT a.cell_id, count(*) FILTER (WHERE a.role = 'grid_worker')::int AS workers,
           count(*) FILTER (WHERE a.role = 'grid_leader')::int AS leaders
      FROM cell_assignment a JOIN cells ON cells.id = a.cell_id WHERE a.valid_to IS NULL GROUP BY a.cell_id),
  type_bit (type, bit) AS (VALUES ${TYPE_BITS}),
  team_cells AS (
    SELECT t.id AS team_id, c.id AS cell_id FROM volunteer_team t JOIN cells c ON c.community_code = t.community_code
     WHERE ($1::text[] IS NULL OR t.community_code = ANY($1::text[])) AND NOT EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id AND va.county_code = t.county_code)
    UNION
    SELECT va.team_id, c.id FROM volunteer_team_area va JOIN cells c ON c.code = va.cell_code
    UNION
    SELECT va.team_id, cb.cell_id FROM volunteer_team_area va JOIN cb ON cb.compound_code = va.compound_code AND cb.county_code = va.county_code
     WHERE ${scopeSql('va.compound_code', '$2', '$3')}),
  team_bits AS (
    SELECT m.team_id, bit_or(tb.bit) AS bits FROM volunteer_member m ${typeBitOf('m.person_id', 'm.county_code')}
     WHERE m.team_id IN (SELECT team_id FROM team_cells) GROUP BY m.team_id),
  participants AS (
    SELECT a.cell_id, bit_or(tb.bit) AS bits FROM cell_assignment a JOIN cells ON cells.id = a.cell_id
      ${typeBitOf('a.person_id', 'a.county_code')} WHERE a.valid_to IS NULL GROUP BY a.cell_id
    UNION ALL
    SELECT cb.cell_id, bit_or(tb.bit) FROM cb JOIN party_area_building ab ON ab.building_code = cb.building_code AND ${scopeSql('ab.building_code', '$2', '$3')}
      JOIN party_area pa ON pa.id = ab.area_id AND pa.county_code = ab.county_code ${typeBitOf('pa.person_id', 'pa.county_code')} GROUP BY cb.cell_id
    UNION ALL
    SELECT cb.cell_id, bit_or(tb.bit) FROM cb JOIN party_org_building pob ON pob.building_code = cb.building_code AND ${scopeSql('pob.building_code', '$2', '$3')}
      JOIN party_org o ON o.id = pob.party_org_id AND o.county_code = pob.county_code ${typeBitOf('o.secretary_person_id', 'o.county_code')} GROUP BY cb.cell_id
    UNION ALL
    SELECT tc.cell_id, bit_or(tb.bits) FROM team_cells tc JOIN team_bits tb ON tb.team_id = tc.team_id GROUP BY tc.cell_id),
  types AS (SELECT cell_id, bit_or(bits) AS bits FROM participants GROUP BY cell_id),
  cell_rows AS (
    SELECT c.code AS "cellCode", c.community_code AS "communityCode", c.label, c.name,
           coalesce(sum(cb.households), 0)::int AS households, coalesce(sum(cb.residents), 0)::int AS residents,
           count(cb.building_code)::int AS "buildingCount",
           coalesce(max(s.workers), 0)::int AS "gridWorkers", coalesce(max(s.leaders), 0)::int AS "gridLeaders",
           coalesce(max(ty.bits), 0)::int AS "participantBits",
           count(*) FILTER (WHERE cb.no_branch)::int AS "buildingsWithoutBranch",
           count(*) FILTER (WHERE cb.no_area)::int AS "buildingsOutsideAreas"
      FROM cells c LEFT JOIN staff s ON s.cell_id = c.id LEFT JOIN types ty ON ty.cell_id = c.id
      LEFT JOIN cb ON cb.cell_id = c.id
     GROUP BY c.id, c.code, c.community_code, c.label, c.name)`;

const COMMUNITY_PARTS = `
  published AS (
    SELECT id, county_code, community_code FROM grid_plan
     WHERE status = 'published' AND ($1::text[] IS NULL OR community_code = ANY($1::text[]))),
  in_cell AS (SELECT cb.building_code AS code FROM cell_building cb JOIN published p ON p.id = cb.plan_id AND p.county_code = cb.county_code),
  workers AS (
    SELECT community_code, count(DISTINCT id)::int AS n FROM (
      SELECT id, community_code FROM person WHERE type = 'community_cadre' AND ($1::text[] IS NULL OR community_code = ANY($1::text[]))
      UNION
      SELECT pe.id, pe.community_code FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id AND g.county_code = a.county_code JOIN published p ON p.id = g.plan_id AND p.county_code = g.county_code
        JOIN person pe ON pe.id = a.person_id AND pe.county_code = a.county_code
       WHERE a.valid_to IS NULL AND g.valid_to IS NULL AND a.role IN ('grid_worker', 'grid_leader')) w
     GROUP BY community_code),
  categories AS (
    SELECT community_code, array_agg(DISTINCT category) AS cats FROM volunteer_team
     WHERE ($1::text[] IS NULL OR community_code = ANY($1::text[])) GROUP BY community_code),
  per AS (
    SELECT f.community_code, sum(f.households)::int AS households, sum(f.residents)::int AS residents,
           count(*) FILTER (WHERE f.no_branch)::int AS no_branch, count(*) FILTER (WHERE f.no_area)::int AS no_area,
           count(*) FILTER (WHERE ic.code IS NULL)::int AS no_cell
      FROM flags f LEFT JOIN in_cell ic ON ic.code = f.code GROUP BY f.community_code),
  community_rows AS (
    SELECT m.code AS "communityCode", m.name, coalesce(per.households, 0) AS households, coalesce(per.residents, 0) AS residents,
           coalesce(w.n, 0) AS "communityWorkers", coalesce(k.cats, '{}') AS "volunteerCategories",
           coalesce(per.no_branch, 0) AS "buildingsWithoutBranch", coalesce(per.no_area, 0) AS "buildingsOutsideAreas",
           coalesce(per.no_cell, 0) AS "buildingsWithoutCell"
      FROM community m LEFT JOIN per ON per.community_code = m.code LEFT JOIN workers w ON w.community_code = m.code
      LEFT JOIN categories k ON k.community_code = m.code
     WHERE ($1::text[] IS NULL OR m.code = ANY($1::text[])))`;

export const CELLS_SQL = `WITH ${CELL_PARTS} SELECT * FROM cell_rows ORDER BY "cellCode"`;

// Cells and communities in one statement, so the scope's building flags are worked out once for
// both (a CTE read twice is computed once); each list comes back as one JSON array.
export const REPORT_SQL = `
  WITH ${CELL_PARTS}, ${COMMUNITY_PARTS}
  SELECT (SELECT coalesce(json_agg(r ORDER BY r."cellCode"), '[]') FROM cell_rows r) AS cells,
         (SELECT coalesce(json_agg(r ORDER BY r."communityCode"), '[]') FROM community_rows r) AS communities`;

/** The communities of a report's scope; null for every community of the database. */
export type ReportScope = readonly string[] | null;

/**
 * The codes of the communities in one page of a report's scope (a community, a code prefix, or
 * both), in code order, and how many the scope holds; `codes` is null for an unfiltered, unpaged
 * report so the whole-town queries keep their plain plans.
 */
export async function reportCommunities(
  c: Queryable,
  scope: { community?: string; prefix?: string; limit?: number; offset: number },
): Promise<{ codes: ReportScope; total: number }> {
  const filter = `($1::text IS NULL OR code = $1) AND ${scopeSql('code', '$2', '$3')}`;
  const params = [scope.community ?? null, ...scopeParams(scope.prefix ?? null)];
  const { rows } = await c.query<{ n: number; every: number }>(
    `SELECT count(*) FILTER (WHERE ${filter})::int AS n, count(*)::int AS every FROM community`,
    params,
  );
  // A prefix that holds every community (a scope of the whole town) is no filter either.
  const everything = !scope.community && (!scope.prefix || rows[0].n === rows[0].every);
  if (everything && scope.limit === undefined && scope.offset === 0) return { codes: null, total: rows[0].n };
  const page = await c.query<{ code: string }>(`SELECT code FROM community WHERE ${filter} ORDER BY code LIMIT $4 OFFSET $5`, [
    ...params,
    scope.limit ?? null,
    scope.offset,
  ]);
  return { codes: page.rows.map((r) => r.code), total: rows[0].n };
}

type CellRow = Omit<CellFacts, 'participantTypes'> & { participantBits: number };

const cellFactsOf = ({ participantBits, ...r }: CellRow): CellFacts => ({
  ...r,
  participantTypes: PERSON_TYPES.filter((_, i) => (participantBits & (1 << i)) !== 0),
});

export async function cellFacts(c: Queryable, scope: ReportScope): Promise<CellFacts[]> {
  const { rows } = await c.query<CellRow>(CELLS_SQL, [scope, ...communitiesRange(scope)]);
  return rows.map(cellFactsOf);
}

/** The facts of every cell and community of the scope, from one pass over its buildings. */
export async function reportFacts(c: Queryable, scope: ReportScope): Promise<{ cells: CellFacts[]; communities: CommunityFacts[] }> {
  const { rows } = await c.query<{ cells: CellRow[] | string; communities: CommunityFacts[] | string }>(REPORT_SQL, [
    scope,
    ...communitiesRange(scope),
  ]);
  const json = <T>(v: T[] | string): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : v);
  return { cells: json(rows[0].cells).map(cellFactsOf), communities: json(rows[0].communities) };
}

/** Outlines of the current published cells (GeoJSON geometry), for the coverage map. */
export async function cellOutlines(c: Queryable, scope: ReportScope): Promise<Map<string, unknown>> {
  const { rows } = await c.query<{ code: string; geometry: string }>(
    `SELECT g.code, ST_AsGeoJSON(g.geom, 6) AS geometry FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
      WHERE p.status = 'published' AND g.valid_to IS NULL AND g.code IS NOT NULL AND g.geom IS NOT NULL
        AND ($1::text[] IS NULL OR p.community_code = ANY($1::text[]))`,
    [scope],
  );
  return new Map(rows.map((r) => [r.code, JSON.parse(r.geometry) as unknown]));
}

/** A community's name; undefined for an unknown code. */
export async function communityName(c: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await c.query<{ name: string }>('SELECT name FROM community WHERE code = $1', [code]);
  return rows[0]?.name;
}
