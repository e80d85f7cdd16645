/**
 * Tracked facility projects (table facility_project): the options of an approved scenario on
 * their way from planned to delivered. Transitions are versioned and audited.
 */
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import type { Queryable } from './pool';
import { audit } from './audit';
import type { Project, ProjectPatch, ProjectStatus } from '../contract/projects';
import { checkTransition, nextSchedule, scheduleOf, type ProjectSchedule } from '../domain/facility/projects';
import { notFound, staleVersion, unprocessable } from '../domain/errors';
import { insertFacility } from './facilities';
import { getOption, setOptionStatus } from './facility-options';
import { getCommunity } from './communities';

export type { ProjectStatus };
export type ProjectRow = Project;

/** When project `p` is due: its planned finish, or without one the end of its planned year (the inbox uses it too). */
export const PROJECT_FINISH_SQL = 'coalesce(p.planned_finish, make_date(p.planned_year, 12, 31))';

// $1 is the town's date: a project not delivered or cancelled whose finish is before it is overdue.
const SELECT = `
  SELECT p.id::int AS id, p.scenario_id::int AS "scenarioId", p.option_id::int AS "optionId", o.code AS "optionCode",
         o.name AS "optionName", o.method, p.community_code AS "communityCode", c.name AS "communityName",
         p.planned_year AS "plannedYear", p.status, (o.area_m2 - o.released_area_m2)::float8 AS "netAreaM2",
         o.one_off_cost::float8 AS "oneOffCost", o.yearly_cost::float8 AS "yearlyCost",
         round(ST_X(o.geom)::numeric, 6)::float8 AS lng, round(ST_Y(o.geom)::numeric, 6)::float8 AS lat,
         to_char(p.delivered_at, 'YYYY-MM-DD') AS "deliveredAt", p.cancel_reason AS "cancelReason",
         to_char(p.cancelled_at, 'YYYY-MM-DD') AS "cancelledAt", p.facility_id::int AS "facilityId",
         p.owner_person_id::int AS "ownerPersonId", p.owner_name AS "ownerName",
         to_char(p.planned_start, 'YYYY-MM-DD') AS "plannedStart", to_char(p.planned_finish, 'YYYY-MM-DD') AS "plannedFinish",
         to_char(p.actual_start, 'YYYY-MM-DD') AS "actualStart", to_char(p.delivered_at, 'YYYY-MM-DD') AS "actualFinish",
         p.progress_percent AS "progressPercent",
         (p.status IN ('planned', 'in_progress') AND ${PROJECT_FINISH_SQL} < $1::date) AS overdue,
         p.version,
         to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"
    FROM facility_project p JOIN facility_option o ON o.id = p.option_id AND o.county_code = p.county_code JOIN community c ON c.code = p.community_code AND c.county_code = p.county_code`;

export interface ProjectFilter {
  status?: ProjectStatus;
  communityCode?: string;
  scenarioId?: number;
  /** The account's data scope; undefined or null = every community. */
  scope?: Scope;
}

/** Projects by planned year and community; `today` (the town's date) decides which are overdue. */
export async function listProjects(c: Queryable, today: string, filter: ProjectFilter = {}): Promise<ProjectRow[]> {
  const { rows } = await c.query<ProjectRow>(
    `${SELECT} WHERE ($2::text IS NULL OR p.status = $2) AND ($3::text IS NULL OR p.community_code = $3)
                 AND ($4::bigint IS NULL OR p.scenario_id = $4) AND ${scopeSql('p.community_code', '$5', '$6')}
      ORDER BY p.planned_year, p.community_code, o.code`,
    [today, filter.status ?? null, filter.communityCode ?? null, filter.scenarioId ?? null, ...scopeParams(filter.scope ?? null)],
  );
  return rows;
}

export async function getProject(c: Queryable, id: number, today: string, lock = false): Promise<ProjectRow | undefined> {
  const { rows } = await c.query<ProjectRow>(`${SELECT} WHERE p.id = $2${lock ? ' FOR UPDATE OF p' : ''}`, [today, id]);
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
    `INSERT INTO facility_project (scenario_id, option_id, community_code, county_code, planned_year)
     SELECT $1, o.id, $3, o.county_code, $4 FROM facility_option o WHERE o.code = $2 AND o.county_code = left($3, 6) RETURNING id::int AS id`,
    [p.scenarioId, p.optionCode, p.communityCode, p.plannedYear],
  );
  await audit(c, { username, action: 'create', entity: 'facility_project', entityId: String(rows[0].id), after: p });
  return rows[0].id;
}

/** Moves a planned project to a newer approved scenario (its year may change), audited. */
export async function repointProject(c: Queryable, id: number, scenarioId: number, plannedYear: number, username: string): Promise<void> {
  const before = await stateOf(c, id);
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
}

/** Applies a status change (the caller has checked the version and the transition). */
export async function setProjectStatus(c: Queryable, id: number, change: ProjectChange, username: string): Promise<void> {
  const before = await stateOf(c, id);
  await c.query(
    `UPDATE facility_project SET status = $2, delivered_at = coalesce($3::date, delivered_at), facility_id = coalesce($4::bigint, facility_id),
            version = version + 1, updated_at = now() WHERE id = $1`,
    [id, change.status, change.deliveredAt ?? null, change.facilityId ?? null],
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

/** What an audit row of a move or a re-point needs to say about the project before it. */
async function stateOf(c: Queryable, id: number) {
  const { rows } = await c.query<{ status: ProjectStatus; scenarioId: number; plannedYear: number }>(
    `SELECT status, scenario_id::int AS "scenarioId", planned_year AS "plannedYear" FROM facility_project WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** The owner a change names: a registered person (their name), free text, or unchanged. */
async function ownerOf(
  c: Queryable,
  current: ProjectRow,
  patch: ProjectPatch,
): Promise<Pick<ProjectSchedule, 'ownerPersonId' | 'ownerName'>> {
  if (patch.ownerPersonId) {
    const { rows } = await c.query<{ name: string }>('SELECT name FROM person WHERE id = $1', [patch.ownerPersonId]);
    if (!rows[0])
      throw unprocessable(
        'project.field.unknown_person',
        { field: 'json.ownerPersonId', id: patch.ownerPersonId },
        { field: 'json.ownerPersonId' },
      );
    return { ownerPersonId: patch.ownerPersonId, ownerName: rows[0].name };
  }
  if (patch.ownerPersonId === null || patch.ownerName !== undefined) return { ownerPersonId: null, ownerName: patch.ownerName ?? '' };
  return { ownerPersonId: current.ownerPersonId, ownerName: current.ownerName };
}

/**
 * Changes a project in one transaction: a move along its life cycle (delivery adds the option's
 * net area to the community as a facility row, so the board shows it compliant when it now is;
 * cancelling frees the option for other scenarios) and/or its owner, dates and progress.
 * Versioned and audited; `today` is the town's date.
 */
export async function changeProject(c: Queryable, id: number, patch: ProjectPatch, today: string, username: string) {
  const project = await getProject(c, id, today, true);
  if (!project) throw notFound('project.not_found', { id });
  if (project.version !== patch.version) throw staleVersion('project', id, project.version, patch.version);
  if (patch.status) checkTransition(project.status, patch.status);
  const status = patch.status ?? project.status;
  const owner = await ownerOf(c, project, patch);
  const schedule = nextSchedule(
    project,
    {
      ...owner,
      plannedStart: patch.plannedStart,
      plannedFinish: patch.plannedFinish,
      actualStart: patch.actualStart,
      actualFinish: patch.actualFinish ?? patch.deliveredAt,
      progressPercent: patch.progressPercent,
    },
    { status, moved: patch.status !== undefined },
    today,
  );
  let facilityId: number | null = project.facilityId;
  if (patch.status === 'delivered') {
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
  const cancelling = patch.status === 'cancelled';
  await c.query(
    `UPDATE facility_project SET status = $2, owner_person_id = $3, owner_name = $4, planned_start = $5::date, planned_finish = $6::date,
            actual_start = $7::date, delivered_at = $8::date, progress_percent = $9, facility_id = $10::bigint,
            cancel_reason = CASE WHEN $11 THEN $12 ELSE cancel_reason END, cancelled_at = CASE WHEN $11 THEN $13::date ELSE cancelled_at END,
            version = version + 1, updated_at = now() WHERE id = $1 AND county_code = left($14, 6)`,
    [
      id,
      status,
      schedule.ownerPersonId,
      schedule.ownerName,
      schedule.plannedStart,
      schedule.plannedFinish,
      schedule.actualStart,
      schedule.actualFinish,
      schedule.progressPercent,
      facilityId,
      cancelling,
      patch.reason ?? '',
      today,
      project.communityCode,
    ],
  );
  const before = { status: project.status, ...scheduleOf(project) };
  const after = { status, ...schedule, ...(cancelling ? { cancelReason: patch.reason ?? '' } : {}), ...(facilityId ? { facilityId } : {}) };
  await audit(c, { username, action: 'update', entity: 'facility_project', entityId: String(id), before, after });
  if (cancelling) await setOptionStatus(c, [project.optionCode], 'candidate', username);
  const community = (await getCommunity(c, project.communityCode))!;
  return {
    ...(await getProject(c, id, today))!,
    community: {
      code: community.code,
      name: community.name,
      requiredAreaM2: community.requiredAreaM2,
      currentAreaM2: community.currentAreaM2,
      compliant: community.compliant,
    },
  };
}
