/**
 * Facility scenarios (table facility_scenario) and the data a scenario is solved on: every
 * community against the standard, and every usable option with, per community it may serve, the
 * households-weighted mean distance from that community's buildings to the option (PostGIS,
 * geography, metres).
 */
import type { Queryable } from './pool';
import { audit } from './audit';
import { listCommunities } from './communities';
import { scopeOverlapParams, scopeOverlapSql, scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import type { AcquisitionMethod } from '../contract/facility';
import type { ScenarioParams, ScenarioResult, ScenarioState } from '../contract/facility-plans';
import { msg, type Message } from '../contract/messages';

export type { ScenarioState };

export interface PlanCommunity {
  code: string;
  name: string;
  households: number;
  requiredAreaM2: number;
  currentAreaM2: number;
  centroid: [number, number];
}

export interface PlanOption {
  id: string;
  name: string;
  homeCommunity: string;
  method: AcquisitionMethod;
  areaM2: number;
  releasedAreaM2: number;
  oneOffCost: number;
  yearlyCost: number;
  availableAfterMonths: number;
  needsApproval: boolean;
  uncertain: boolean;
  lng: number;
  lat: number;
  communities: { code: string; distanceMetres: number }[];
  /** Community of the in-progress project built from this option (it must stay in every plan). */
  committedTo: string | null;
}

export interface PlanData {
  communities: PlanCommunity[];
  options: PlanOption[];
}

// Options already delivered are part of `facility`; withdrawn ones are out. A shareable option
// also serves every other community whose boundary lies within its radius (a bounding box in
// degrees prefilters, the geography distance decides).
const PAIRS = `
  WITH usable AS MATERIALIZED (
    SELECT o.*, o.geom::geography AS g FROM facility_option o
     WHERE o.status <> 'withdrawn' AND ${scopeSql('o.community_code', '$1', '$2')}
       AND NOT EXISTS (SELECT 1 FROM facility_project p WHERE p.option_id = o.id AND p.county_code = o.county_code AND p.status = 'delivered')
  ), pairs AS (
    SELECT u.id, u.community_code AS served FROM usable u
    UNION
    SELECT u.id, c.code FROM usable u JOIN community c
        ON u.share_radius_m > 0
       AND c.geom && ST_Expand(u.geom, u.share_radius_m / 110000.0, u.share_radius_m / (110000.0 * cos(radians(ST_Y(u.geom)))))
       AND ST_DWithin(c.geom::geography, u.geom::geography, u.share_radius_m)
       AND ${scopeSql('c.code', '$1', '$2')}
  ), points AS MATERIALIZED (
    -- Each building's point once, as geography; sphere distances are within 0.5% of the spheroid's
    -- at these distances and several times cheaper.
    SELECT community_code, households, ST_PointOnSurface(geom)::geography AS g
      FROM building WHERE community_code IN (SELECT served FROM pairs)
  ), distances AS (
    SELECT p.id, p.served,
           coalesce(sum(b.households * ST_Distance(b.g, u.g, false)) / nullif(sum(b.households), 0),
                    avg(ST_Distance(b.g, u.g, false))) AS metres
      FROM pairs p JOIN usable u ON u.id = p.id
      LEFT JOIN points b ON b.community_code = p.served
     GROUP BY p.id, p.served
  ), served AS MATERIALIZED (
    -- once: planned as one row (the options are a CTE), it was otherwise joined in a nested loop
    -- that worked every option's distances out again for each option (2.4 s embedded on the demo town)
    SELECT d.id, jsonb_agg(jsonb_build_object('code', d.served, 'distanceMetres',
                 round(coalesce(d.metres, ST_Distance(c.geom::geography, u.g))::numeric, 1)) ORDER BY d.served) AS communities
      FROM distances d JOIN usable u ON u.id = d.id JOIN community c ON c.code = d.served
     GROUP BY d.id
  )
  SELECT u.code AS id, u.name, u.community_code AS "homeCommunity", u.method, u.area_m2::float8 AS "areaM2",
         u.released_area_m2::float8 AS "releasedAreaM2", u.one_off_cost::float8 AS "oneOffCost", u.yearly_cost::float8 AS "yearlyCost",
         u.available_after_months AS "availableAfterMonths", u.needs_approval AS "needsApproval", u.uncertain,
         round(ST_X(u.geom)::numeric, 6)::float8 AS lng, round(ST_Y(u.geom)::numeric, 6)::float8 AS lat,
         (SELECT p.community_code FROM facility_project p WHERE p.option_id = u.id AND p.status = 'in_progress' LIMIT 1) AS "committedTo",
         s.communities
    FROM usable u JOIN served s ON s.id = u.id
   ORDER BY u.code`;

/**
 * Everything a scenario is solved on, read in one snapshot (call it in a transaction): the
 * communities of `scope` (null = all) and the options of those communities, serving them only.
 */
export async function loadPlanData(c: Queryable, scope: Scope = null): Promise<PlanData> {
  // The distance join has a row per (option, community served, building): a million at 1,000
  // communities; room in memory keeps its sort and aggregation off disk. No effect outside a transaction.
  await c.query(`SET LOCAL work_mem = '64MB'`);
  const communities = (await listCommunities(c, scope)).map((row) => ({
    code: row.code,
    name: row.name,
    households: row.households,
    requiredAreaM2: row.requiredAreaM2,
    currentAreaM2: row.currentAreaM2,
    centroid: row.centroid,
  }));
  const { rows } = await c.query<Omit<PlanOption, 'communities'> & { communities: { code: string; distanceMetres: number | string }[] }>(
    PAIRS,
    scopeParams(scope),
  );
  const options = rows.map((row) => ({
    ...row,
    // In-progress work serves the community it was started for, nobody else.
    communities: row.communities
      .map((pair) => ({ code: pair.code, distanceMetres: Number(pair.distanceMetres) }))
      .filter((pair) => row.committedTo === null || pair.code === row.committedTo),
  }));
  return { communities, options };
}

/** A stored scenario; params and result were written by the solve route, so the JSON has their shapes. */
export interface ScenarioRow {
  id: number;
  name: string;
  params: ScenarioParams;
  result: ScenarioResult;
  scenarioStatus: ScenarioState;
  createdBy: string | null;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  scopeCode: string | null;
  version: number;
}

const SELECT_SCENARIO = `
  SELECT id::int AS id, name, params, result, status AS "scenarioStatus", created_by AS "createdBy",
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
         approved_by AS "approvedBy", to_char(approved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "approvedAt",
         scope_code AS "scopeCode", version
    FROM facility_scenario`;

export async function insertScenario(
  c: Queryable,
  s: { name: string; params: ScenarioParams; result: ScenarioResult; scopeCode: Scope },
  username: string,
): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO facility_scenario (name, params, result, created_by, scope_code) VALUES ($1, $2::jsonb, $3::jsonb, $4, $5) RETURNING id::int AS id`,
    [s.name, JSON.stringify(s.params), JSON.stringify(s.result), username, s.scopeCode],
  );
  await audit(c, {
    username,
    action: 'create',
    entity: 'facility_scenario',
    entityId: String(rows[0].id),
    after: { name: s.name, params: s.params, scopeCode: s.scopeCode },
  });
  return rows[0].id;
}

/**
 * Scenarios solved before reasons and notes were coded stored them as English sentences; they are
 * read as a message that carries the sentence (re-solving gives the coded reason).
 */
function readStored(row: ScenarioRow): ScenarioRow {
  const result = row.result as ScenarioResult & { infeasible: { reason: unknown; details?: unknown }[]; notes: unknown[] };
  if (result.infeasible.every((entry) => typeof entry.reason === 'object') && result.notes.every((note) => typeof note === 'object'))
    return row;
  const asMessage = (value: unknown) => (typeof value === 'string' ? msg('facility.stored_text', { text: value }) : (value as Message));
  return {
    ...row,
    result: {
      ...row.result,
      infeasible: row.result.infeasible.map((entry) => ({ ...entry, reason: asMessage(entry.reason), details: entry.details ?? [] })),
      notes: row.result.notes.map(asMessage),
    },
  };
}

export async function getScenario(c: Queryable, id: number, lock = false): Promise<ScenarioRow | undefined> {
  const { rows } = await c.query<ScenarioRow>(`${SELECT_SCENARIO} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] && readStored(rows[0]);
}

export async function getScenarios(c: Queryable, ids: readonly number[]): Promise<ScenarioRow[]> {
  const { rows } = await c.query<ScenarioRow>(`${SELECT_SCENARIO} WHERE id = ANY($1::bigint[])`, [ids]);
  return ids.flatMap((id) => rows.filter((row) => row.id === id)).map(readStored);
}

/** The newest scenarios that concern `scope` (null = all): solved for it, inside it, or for a scope holding it. */
export async function listScenarios(c: Queryable, limit: number, scope: Scope = null): Promise<ScenarioRow[]> {
  const { rows } = await c.query<ScenarioRow>(
    `${SELECT_SCENARIO} WHERE ${scopeOverlapSql('scope_code', '$2', '$3', '$4')} ORDER BY id DESC LIMIT $1`,
    [limit, ...scopeOverlapParams(scope)],
  );
  return rows.map(readStored);
}

/**
 * The approved scenarios a new approval for `scope` supersedes: every one for a town-wide scenario
 * (null), else those solved for that scope or inside it (a wider approved scenario stays approved
 * for its other communities).
 */
export async function approvedScenarioIds(c: Queryable, scope: Scope): Promise<number[]> {
  const { rows } = await c.query<{ id: number }>(
    `SELECT id::int AS id FROM facility_scenario
      WHERE status = 'approved' AND ($1::text IS NULL OR ${scopeSql('scope_code', '$2', '$3')}) ORDER BY id`,
    [scope, ...scopeParams(scope)],
  );
  return rows.map((r) => r.id);
}

/** Sets a scenario's state (the caller has checked its version), audited. */
export async function setScenarioState(
  c: Queryable,
  id: number,
  state: ScenarioState,
  username: string,
  auditExtra: Record<string, unknown> = {},
): Promise<void> {
  const { rows } = await c.query<{ before: string }>(
    `UPDATE facility_scenario s SET status = $2,
            approved_by = CASE WHEN $2 = 'approved' THEN $3 ELSE s.approved_by END,
            approved_at = CASE WHEN $2 = 'approved' THEN now() ELSE s.approved_at END,
            version = s.version + 1, updated_at = now()
       FROM (SELECT id, status AS before FROM facility_scenario WHERE id = $1 FOR UPDATE) old
      WHERE s.id = old.id RETURNING old.before`,
    [id, state, username],
  );
  if (rows[0])
    await audit(c, {
      username,
      action: state === 'approved' ? 'approve' : 'update',
      entity: 'facility_scenario',
      entityId: String(id),
      before: { status: rows[0].before },
      after: { status: state, ...auditExtra },
    });
}
