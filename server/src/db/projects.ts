/**
 * Tracked facility projects (table facility_project): the options of an approved scenario on
 * their way from planned to delivered. Transitions are versioned and audited.
 */
import type { Queryable } from './pool';
import { audit } from './audit';
import type { Project, ProjectStatus } from '../contract/projects';
import { checkTransition } from '../domain/facility/projects';
import { notFound, staleVersion } from '../domain/errors';
import { insertFacility } from './facilities';
import { getOption, setOptionStatus } from './facility-options';
import { getCommunity } from './communities';

export type { ProjectStatus };
export type ProjectRow = Project;

const SELECT = `
  SELECT p.id::int AS id, p.scenario_id::int AS "scenarioId", p.option_id::int AS "optionId", o.code AS "optionCode",
         o.name AS "optionName", o.method, p.community_code AS "communityCode", c.name AS "communityName",
         p.planned_year AS "plannedYear", p.status, (o.area_m2 - o.released_area_m2)::float8 AS "netAreaM2",
         o.one_off_cost::float8 AS "oneOffCost", o.yearly_cost::float8 AS "yearlyCost",
         round(ST_X(o.geom)::numeric, 6)::float8 AS lng, round(ST_Y(o.geom)::numeric, 6)::float8 AS lat,
         to_char(p.delivered_at, 'YYYY-MM-DD') AS "deliveredAt", p.cancel_reason AS "cancelReason",
         to_char(p.cancelled_at, 'YYYY-MM-DD') AS "cancelledAt", p.facility_id::int AS "facilityId", p.version,
         to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"
    FROM facility_project p JOIN facility_option o ON o.id = p.option_id JOIN community c ON c.code = p.community_code`;

export interface ProjectFilter {
  status?: ProjectStatus;
  communityCode?: string;
  scenarioId?: number;
}

export async function listProjects(c: Queryable, filter: ProjectFilter = {}): Promise<ProjectRow[]> {
  const { rows } = await c.query<ProjectRow>(
    `${SELECT} WHERE ($1::text IS NULL OR p.status = $1) AND ($2::text IS NULL OR p.community_code = $2)
                 AND ($3::bigint IS NULL OR p.scenario_id = $3)
      ORDER BY p.planned_year, p.community_code, o.code`,
    [filter.status ?? null, filter.communityCode ?? null, filter.scenarioId ?? null],
  );
  return rows;
}

export async function getProject(c: Queryable, id: number, lock = false): Promise<ProjectRow | undefined> {
  const { rows } = await c.query<ProjectRow>(`${SELECT} WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`, [id]);
  return rows[0];
}

export interface NewProject {
  scenarioId: number;
  optionCode: string;
  communityCode: string;
  plannedYear: number;
}

export async function insertProject(c: Queryable, p: NewProject, username: string): Promise<number> {
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO facility_project (scenario_id, option_id, community_code, planned_year)
     SELECT $1, o.id, $3, $4 FROM facility_option o WHERE o.code = $2 RETURNING id::int AS id`,
    [p.scenarioId, p.optionCode, p.communityCode, p.plannedYear],
  );
  await audit(c, { username, action: 'create', entity: 'facility_project', entityId: String(rows[0].id), after: p });
  return rows[0].id;
}

/** Moves a planned project to a newer approved scenario (its year may change), audited. */
export async function repointProject(c: Queryable, id: number, scenarioId: number, plannedYear: number, username: string): Promise<void> {
  const before = await getProject(c, id);
  await c.query(
    `UPDATE facility_project SET scenario_id = $2, planned_year = $3, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, scenarioId, plannedYear],
  );
  await audit(c, {
    username,
    action: 'update',
    entity: 'facility_project',
    entityId: String(id),
    before: before && { scenarioId: before.scenarioId, plannedYear: before.plannedYear },
    after: { scenarioId, plannedYear },
  });
}

export interface ProjectChange {
  status: ProjectStatus;
  deliveredAt?: string | null;
  facilityId?: number | null;
  /** Set when cancelling: the reason and the town's date. */
  cancelled?: { reason: string; on: string };
}

/** Applies a status change (the caller has checked the version and the transition). */
export async function setProjectStatus(c: Queryable, id: number, change: ProjectChange, username: string): Promise<void> {
  const before = await getProject(c, id);
  await c.query(
    `UPDATE facility_project SET status = $2, delivered_at = coalesce($3::date, delivered_at), facility_id = coalesce($4::bigint, facility_id),
            cancel_reason = coalesce($5, cancel_reason), cancelled_at = coalesce($6::date, cancelled_at),
            version = version + 1, updated_at = now() WHERE id = $1`,
    [
      id,
      change.status,
      change.deliveredAt ?? null,
      change.facilityId ?? null,
      change.cancelled?.reason ?? null,
      change.cancelled?.on ?? null,
    ],
  );
  await audit(c, {
    username,
    action: 'update',
    entity: 'facility_project',
    entityId: String(id),
    before: before && { status: before.status },
    after: change,
  });
}

/**
 * Moves a project along its life cycle in one transaction: delivery adds the option's net area
 * to the community as a facility row (so the board shows it compliant when it now is);
 * cancelling frees the option for other scenarios.
 */
export async function moveProject(
  c: Queryable,
  id: number,
  move: { version: number; status: ProjectStatus; deliveredAt?: string; reason?: string; today: string },
  username: string,
) {
  const project = await getProject(c, id, true);
  if (!project) throw notFound('project.not_found', { id });
  if (project.version !== move.version) throw staleVersion('project', id, project.version, move.version);
  checkTransition(project.status, move.status);
  let facilityId: number | null = null;
  if (move.status === 'delivered') {
    const option = (await getOption(c, project.optionCode))!;
    facilityId = await insertFacility(
      c,
      {
        communityCode: project.communityCode,
        name: option.name,
        address: option.address,
        areaM2: option.netAreaM2,
        lng: option.lng,
        lat: option.lat,
      },
      username,
    );
  }
  const deliveredAt = move.status === 'delivered' ? (move.deliveredAt ?? move.today) : null;
  const cancelled = move.status === 'cancelled' ? { reason: move.reason ?? '', on: move.today } : undefined;
  await setProjectStatus(c, id, { status: move.status, deliveredAt, facilityId, cancelled }, username);
  if (move.status === 'cancelled') await setOptionStatus(c, [project.optionCode], 'candidate', username);
  const community = (await getCommunity(c, project.communityCode))!;
  return {
    ...(await getProject(c, id))!,
    community: {
      code: community.code,
      name: community.name,
      requiredAreaM2: community.requiredAreaM2,
      currentAreaM2: community.currentAreaM2,
      compliant: community.compliant,
    },
  };
}
