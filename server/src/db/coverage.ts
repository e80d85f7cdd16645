/** The lookup chain for a building (PRODUCT §5.4): community, compound, cell, people, party, volunteers. */
import type { Queryable } from './pool';
import type { CoverageChain } from '../contract/lookup';
import { sessionCtes, sessionParams, toSessionUser, type SessionUser, type ViewerRow } from './sessions';
import { accountCellsSql } from './users';

export type { CoverageChain };

/**
 * One statement so a lookup costs one round trip. The party chain starts at the most specific
 * organisation that covers the building: one bound to the building (a group before a branch),
 * else a branch of its compound, else the community's general branch.
 */
const coverageSql = (code: string, before = '', extraColumns = '') => `
  WITH RECURSIVE ${before} b AS (SELECT * FROM building WHERE code = ${code}),
  cell AS (
    SELECT g.id, g.code, g.label, g.name, g.plan_id FROM cell_building cb
      JOIN grid_plan p ON p.id = cb.plan_id AND p.county_code = cb.county_code AND p.status = 'published'
      JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code
     WHERE cb.building_code = ${code} AND cb.county_code = left(${code}, 6) AND g.valid_to IS NULL LIMIT 1),
  start AS (
    SELECT id FROM (
      SELECT o.id, CASE o.level WHEN 'group' THEN 0 ELSE 1 END AS rank FROM party_org_building pb JOIN party_org o ON o.id = pb.party_org_id AND o.county_code = pb.county_code
       WHERE pb.building_code = ${code}
      UNION ALL
      SELECT o.id, CASE o.level WHEN 'group' THEN 2 ELSE 3 END FROM party_org o JOIN b ON o.compound_code = b.compound_code AND o.county_code = b.county_code
       WHERE o.scope = 'compound'
      UNION ALL
      SELECT o.id, 4 FROM party_org o JOIN b ON o.community_code = b.community_code AND o.county_code = b.county_code WHERE o.level = 'general_branch'
    ) s ORDER BY rank, id LIMIT 1),
  up AS (
    SELECT o.id, o.parent_id, o.name, o.level, o.scope, 0 AS depth FROM party_org o WHERE o.id = (SELECT id FROM start)
    UNION ALL
    SELECT p.id, p.parent_id, p.name, p.level, p.scope, up.depth + 1 FROM party_org p JOIN up ON p.id = up.parent_id
     WHERE up.depth < 10 AND up.level <> 'general_branch')
  SELECT json_build_object(
    'building', (SELECT json_build_object('code', code, 'name', name, 'address', address, 'households', households,
                  'residents', residents, 'floors', floors, 'kind', kind,
                  'centroid', json_build_array(round(ST_X(ST_PointOnSurface(geom))::numeric, 6), round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)))
                 FROM b),
    'community', (SELECT json_build_object('code', m.code, 'name', m.name) FROM community m JOIN b ON b.community_code = m.code AND b.county_code = m.county_code),
    'compound', (SELECT json_build_object('code', k.code, 'name', k.name, 'propertyCompany', k.property_company)
                   FROM compound k JOIN b ON b.compound_code = k.code AND b.county_code = k.county_code),
    'cell', (SELECT json_build_object('code', code, 'label', label, 'name', name, 'planId', plan_id) FROM cell),
    'people', coalesce((SELECT json_agg(json_build_object('personId', pe.id, 'name', pe.name, 'type', pe.type, 'role', a.role,
                  'phone', pe.phone, 'partyMember', pe.party_member)
                  ORDER BY CASE a.role WHEN 'grid_leader' THEN 0 WHEN 'grid_worker' THEN 1 WHEN 'liaison' THEN 2 ELSE 3 END, pe.name, pe.id)
                FROM cell_assignment a JOIN person pe ON pe.id = a.person_id AND pe.county_code = a.county_code
               WHERE a.cell_id = (SELECT id FROM cell) AND a.valid_to IS NULL), '[]'::json),
    'partyChain', coalesce((SELECT json_agg(json_build_object('id', id, 'name', name, 'level', level, 'scope', scope) ORDER BY depth) FROM up), '[]'::json),
    'partyMember', (SELECT json_build_object('personId', pe.id, 'name', pe.name, 'phone', pe.phone, 'area', pa.name)
                      FROM party_area_building ab JOIN party_area pa ON pa.id = ab.area_id AND pa.county_code = ab.county_code JOIN person pe ON pe.id = pa.person_id AND pe.county_code = pa.county_code
                     WHERE ab.building_code = ${code} ORDER BY pa.id LIMIT 1),
    'volunteerTeams', coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'category', t.category) ORDER BY t.category, t.id)
                FROM volunteer_team t, b
               WHERE t.community_code = b.community_code AND t.county_code = b.county_code
                 AND (NOT EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id AND va.county_code = t.county_code)
                      OR EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id AND va.county_code = t.county_code
                                  AND (va.compound_code = b.compound_code AND va.county_code = b.county_code OR va.cell_code = (SELECT code FROM cell))))), '[]'::json)
  ) AS chain${extraColumns}
  WHERE EXISTS (SELECT 1 FROM b)`;

/**
 * A signed-in lookup: the session check (parameters from `first` on) and the account's own cells
 * are CTEs of the chain's statement, so the lookup stays one round trip.
 */
const viewerCtes = (first: number) => `${sessionCtes(`$${first}`, `$${first + 1}`, `$${first + 2}`)}
  viewer_cells AS (${accountCellsSql('(SELECT username FROM viewer)', '(SELECT person_id FROM viewer)')}),`;
const VIEWER_COLUMN = `, (SELECT json_build_object('username', username, 'role', role, 'display_name', display_name,
    'person_id', person_id, 'scope_code', scope_code, 'cells', coalesce((SELECT json_agg(code ORDER BY code) FROM viewer_cells), '[]'::json)) FROM viewer) AS viewer`;

export const COVERAGE_SQL = coverageSql('$1');
const COVERAGE_VIEWER_SQL = coverageSql('$1', viewerCtes(2), VIEWER_COLUMN);

/** Who asked, as a signed-in lookup's statement found them: their user (null: no live session) and own cells. */
export interface LookupViewer {
  user: SessionUser | null;
  cells: string[];
}

type Row = { chain: CoverageChain | string; viewer?: (ViewerRow & { cells: string[] }) | string | null; distance?: number };

// pg parses json columns; keep both engines on one path.
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function viewerOf(row: Row, token: string | undefined): LookupViewer | undefined {
  if (token === undefined) return undefined;
  const v = row.viewer ? parsed(row.viewer) : null;
  return v ? { user: toSessionUser(v), cells: v.cells } : { user: null, cells: [] };
}

/**
 * The chain for a building code; undefined when there is no such building. With the session
 * `token` the same statement checks the session and returns the viewer.
 */
export async function buildingCoverage(
  c: Queryable,
  code: string,
  token?: string,
): Promise<{ chain: CoverageChain; viewer?: LookupViewer } | undefined> {
  const { rows } =
    token === undefined
      ? await c.query<Row>(COVERAGE_SQL, [code], 'lookup_code')
      : await c.query<Row>(COVERAGE_VIEWER_SQL, [code, ...sessionParams(token)], 'lookup_code_viewer');
  const row = rows[0];
  if (!row?.chain) return undefined;
  return { chain: parsed(row.chain), viewer: viewerOf(row, token) };
}

// The building containing a point, else the nearest within $3 metres, as a CTE so a lookup by
// point is one statement. The index pre-filter box is the tolerance in degrees at this latitude (a
// slight overestimate, so it never drops a building within reach); the five nearest by the index
// are then ranked by their exact geography distance.
const HIT_CTE = `
  near AS (
    SELECT b.code, ST_Distance(b.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)::float8 AS distance
      FROM building b
     WHERE b.geom && ST_Expand(ST_SetSRID(ST_MakePoint($1, $2), 4326), $3 / (111320.0 * greatest(cos(radians($2)), 0.01)), $3 / 110540.0)
     ORDER BY b.geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 5),
  hit AS (SELECT code, distance FROM near WHERE distance <= $3 ORDER BY distance, code LIMIT 1),`;

const DISTANCE_COLUMN = ', (SELECT distance FROM hit) AS distance';
/** The coverage chain of the building at or nearest a point, with its distance, in one statement. */
export const LOOKUP_POINT_SQL = coverageSql('(SELECT code FROM hit)', HIT_CTE, DISTANCE_COLUMN);
const LOOKUP_POINT_VIEWER_SQL = coverageSql('(SELECT code FROM hit)', HIT_CTE + viewerCtes(4), DISTANCE_COLUMN + VIEWER_COLUMN);

/**
 * The chain for the building at (or within `toleranceMetres` of) a point; undefined when none is
 * that near. With the session `token` the same statement checks the session and returns the viewer.
 */
export async function lookupAtPoint(
  c: Queryable,
  lng: number,
  lat: number,
  toleranceMetres: number,
  token?: string,
): Promise<{ chain: CoverageChain; distanceMetres: number; viewer?: LookupViewer } | undefined> {
  const { rows } =
    token === undefined
      ? await c.query<Row>(LOOKUP_POINT_SQL, [lng, lat, toleranceMetres], 'lookup_point')
      : await c.query<Row>(LOOKUP_POINT_VIEWER_SQL, [lng, lat, toleranceMetres, ...sessionParams(token)], 'lookup_point_viewer');
  const row = rows[0];
  if (!row) return undefined;
  return { chain: parsed(row.chain), distanceMetres: Math.round((row.distance ?? 0) * 10) / 10, viewer: viewerOf(row, token) };
}
