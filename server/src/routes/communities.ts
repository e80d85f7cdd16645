/** /api/communities: summaries with the housing standard and compliance; planners set names and grid sizes. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody, open, OUTSIDE_SCOPE } from '../http/openapi';
import { EDITORS, scopeOf } from '../http/auth';
import { errorBodySchema } from '../contract/common';
import { communityCodeParam, communityPatch, communitySchema } from '../contract/communities';
import { listCommunities, requireCommunity, updateCommunity } from '../db/communities';

const tags = ['communities'];

export const communities = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Every community (of your data scope) with households, area, required vs current facility area and compliance',
      ...open,
      responses: { 200: json(z.array(communitySchema), 'Communities by code') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listCommunities(q, scopeOf(c))), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{code}',
      tags,
      summary: 'One community (ETag = version)',
      ...open,
      request: { params: communityCodeParam },
      responses: {
        200: json(communitySchema, 'The community'),
        403: OUTSIDE_SCOPE,
        404: json(errorBodySchema, 'Unknown code (community.not_found)'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const community = await c.var.db.withClient((q) => requireCommunity(q, code));
      c.header('ETag', `W/"${community.version}"`);
      return c.json(community, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{code}',
      tags,
      summary: 'Rename a community or set its grid size (null = the town setting)',
      ...allow(...EDITORS),
      request: { params: communityCodeParam, body: jsonBody(communityPatch) },
      responses: {
        200: json(communitySchema, 'The community after the change'),
        403: json(errorBodySchema, 'A role that may not edit, or a community outside your data scope (scope.outside)'),
        404: json(errorBodySchema, 'Unknown code (community.not_found)'),
        409: json(errorBodySchema, 'Stale version (stale_version); details.currentVersion'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const community = await c.var.db.withTransaction((q) => updateCommunity(q, code, c.req.valid('json'), c.var.user!.username));
      c.header('ETag', `W/"${community.version}"`);
      return c.json(community, 200);
    },
  );
