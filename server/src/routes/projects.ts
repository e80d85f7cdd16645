/**
 * /api/projects: approved options tracked until the space exists. planned → in_progress →
 * delivered (either of the first two may be cancelled). Delivery adds the option's net area to
 * the community as a facility row, so the status board shows it compliant when it now is.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { ApiError, conflict, notFound } from '../http/errors';
import { requireRole } from '../http/auth';
import { getProject, listProjects, setProjectStatus, type ProjectStatus } from '../db/projects';
import { insertFacility } from '../db/facilities';
import { getOption, setOptionStatus } from '../db/facility-options';
import { getCommunity } from '../db/communities';
import { PLANNERS, communityCode, idParam } from './facility-common';

const STATUSES = ['planned', 'in_progress', 'delivered', 'cancelled'] as const;

/** Allowed next states. */
export const TRANSITIONS: Record<ProjectStatus, ProjectStatus[]> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

export const projectQuery = z.object({
  status: z.enum(STATUSES).optional(),
  communityCode: communityCode.optional(),
  scenarioId: z.coerce.number().int().positive().optional(),
});

export const projectPatch = z
  .object({
    version: z.number().int().positive(),
    status: z.enum(STATUSES),
    deliveredAt: z.iso.date('deliveredAt is a date YYYY-MM-DD').optional(),
  })
  .strict();

export const projects = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', projectQuery), async (c) => c.json(await c.var.db.withClient((q) => listProjects(q, c.req.valid('query')))))
  .get('/:id', requireRole(), validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const project = await c.var.db.withClient((q) => getProject(q, id));
    if (!project) throw notFound(`No project ${id}`);
    c.header('ETag', `W/"${project.version}"`);
    return c.json(project);
  })
  .patch('/:id', requireRole(...PLANNERS), validate('param', idParam), validate('json', projectPatch), async (c) => {
    const { id } = c.req.valid('param');
    const { version, status, deliveredAt } = c.req.valid('json');
    const username = c.var.user!.username;
    const answer = await c.var.db.withTransaction(async (q) => {
      const project = await getProject(q, id, true);
      if (!project) throw notFound(`No project ${id}`);
      if (project.version !== version) {
        throw conflict(`Project ${id} was changed by someone else (version ${project.version}, you had ${version})`, { currentVersion: project.version });
      }
      if (!TRANSITIONS[project.status].includes(status)) {
        const allowed = TRANSITIONS[project.status];
        throw new ApiError(409, 'invalid_transition', `A ${project.status} project cannot become ${status}${allowed.length ? ` (it can become ${allowed.join(' or ')})` : ''}`, {
          field: 'json.status',
          from: project.status,
          allowed,
        });
      }
      let facilityId: number | null = null;
      if (status === 'delivered') {
        const option = (await getOption(q, project.optionCode))!;
        facilityId = await insertFacility(
          q,
          { communityCode: project.communityCode, name: option.name, address: option.address, areaM2: option.netAreaM2, lng: option.lng, lat: option.lat },
          username,
        );
      }
      await setProjectStatus(q, id, { status, deliveredAt: status === 'delivered' ? (deliveredAt ?? new Date().toISOString().slice(0, 10)) : null, facilityId }, username);
      if (status === 'cancelled') await setOptionStatus(q, [project.optionCode], 'candidate', username);
      return { project: (await getProject(q, id))!, community: (await getCommunity(q, project.communityCode))! };
    });
    return c.json({
      ...answer.project,
      community: {
        code: answer.community.code,
        name: answer.community.name,
        requiredAreaM2: answer.community.requiredAreaM2,
        currentAreaM2: answer.community.currentAreaM2,
        compliant: answer.community.compliant,
      },
    });
  });

export const projectDocs: RouteDoc[] = [
  { method: 'get', path: '/projects', tag: 'facility', summary: 'Tracked facility projects', roles: ['*'], query: projectQuery, returns: '[{id, scenarioId, optionCode, optionName, method, communityCode, communityName, plannedYear, status, netAreaM2, oneOffCost, yearlyCost, lng, lat, deliveredAt, facilityId, version}]' },
  { method: 'get', path: '/projects/{id}', tag: 'facility', summary: 'One project (ETag = version)', roles: ['*'], params: idParam, returns: 'the project', errors: { 404: 'Unknown project' } },
  {
    method: 'patch',
    path: '/projects/{id}',
    tag: 'facility',
    summary: 'Move a project on: planned → in_progress → delivered, or cancel it. Delivery adds a facility row with the net area (a swap adds area − released area)',
    roles: PLANNERS,
    params: idParam,
    body: projectPatch,
    returns: 'the project plus community: {code, name, requiredAreaM2, currentAreaM2, compliant}',
    errors: { 404: 'Unknown project', 409: 'Stale version, or a transition that is not allowed (code invalid_transition)' },
  },
];
