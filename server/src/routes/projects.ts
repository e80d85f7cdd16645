/**
 * /api/projects: approved options tracked until the space exists. planned → in_progress →
 * delivered (either of the first two may be cancelled), with an owner, planned and actual dates,
 * progress and an overdue flag by the town's date.
 */
import { scopeOf } from '../http/auth';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema, idParam } from '../contract/common';
import { movedProjectSchema, projectPatch, projectQuery, projectSchema } from '../contract/projects';
import { changeProject, getProject, listProjects } from '../db/projects';
import { townToday } from '../db/town-time';
import { notFound } from '../domain/errors';
import { PLANNERS } from './facility-common';

const tags = ['facility'];

export const projects = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Tracked facility projects',
      ...allow(),
      request: { query: projectQuery },
      responses: { 200: json(z.array(projectSchema), 'Projects by planned year and community') },
    }),
    async (c) =>
      c.json(
        await c.var.db.withClient(async (q) => listProjects(q, await townToday(q), { ...c.req.valid('query'), scope: scopeOf(c) })),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One project (ETag = version)',
      ...allow(),
      request: { params: idParam },
      responses: { 200: json(projectSchema, 'The project'), 404: json(errorBodySchema, 'Unknown project (project.not_found)') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const project = await c.var.db.withClient(async (q) => getProject(q, id, await townToday(q)));
      if (!project) throw notFound('project.not_found', { id });
      c.header('ETag', `W/"${project.version}"`);
      return c.json(project, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary:
        'Move a project on (planned → in_progress → delivered, or cancel it) and/or set its owner, planned and actual dates and progress. Delivery adds a facility row with the net area (a swap adds area − released area)',
      ...allow(...PLANNERS),
      request: { params: idParam, body: jsonBody(projectPatch) },
      responses: {
        200: json(movedProjectSchema, 'The project and its community standing after the move'),
        404: json(errorBodySchema, 'Unknown project (project.not_found)'),
        409: json(
          errorBodySchema,
          'Stale version (stale_version), a move the life cycle does not allow (project.invalid_transition), or a change to a cancelled project (project.cancelled_final)',
        ),
        422: json(
          errorBodySchema,
          'Dates or progress that do not fit (a finish before its start, an actual date in the future or before the project started, less than 100 % once delivered) or an unknown owner person; details.field names the field',
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const moved = await c.var.db.withTransaction(async (q) =>
        changeProject(q, id, c.req.valid('json'), await townToday(q), c.var.user!.username),
      );
      return c.json(moved, 200);
    },
  );
