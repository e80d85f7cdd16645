/**
 * /api/facility-options: the register of candidate acquisition options. Reads are open to any
 * signed-in user; writes (planners, admins) are versioned and audited.
 */
import { requireInScope } from '../domain/access/scope';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { EDITORS, scopeOf } from '../http/auth';
import { errorBodySchema } from '../contract/common';
import { optionCodeParam, optionCreate, optionDeleteQuery, optionPatch, optionQuery, optionRowSchema } from '../contract/facility';
import { changeOption, createOption, deleteOption, getOption, listOptions } from '../db/facility-options';
import { notFound } from '../domain/errors';

const tags = ['facility'];
const unknown = json(errorBodySchema, 'Unknown code (facility.option.not_found)');

export const facilityOptions = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Candidate acquisition options (filter by community, status, method)',
      ...allow(),
      request: { query: optionQuery },
      responses: { 200: json(z.array(optionRowSchema), 'Options by community and code') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listOptions(q, { ...c.req.valid('query'), scope: scopeOf(c) })), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{code}',
      tags,
      summary: 'One option (ETag = version)',
      ...allow(),
      request: { params: optionCodeParam },
      responses: { 200: json(optionRowSchema, 'The option'), 404: unknown },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const option = await c.var.db.withClient((q) => getOption(q, code));
      if (!option) throw notFound('facility.option.not_found', { code });
      c.header('ETag', `W/"${option.version}"`);
      return c.json(option, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Add an option (costs are totals in CNY; code generated when omitted)',
      ...allow(...EDITORS),
      request: { body: jsonBody(optionCreate) },
      responses: {
        201: json(optionRowSchema, 'The option as stored'),
        409: json(errorBodySchema, 'Code already used (facility.option.code_taken)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      requireInScope(scopeOf(c), body.communityCode);
      return c.json(await c.var.db.withTransaction((q) => createOption(q, body, c.var.user!.username)), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{code}',
      tags,
      summary: 'Change an option (versioned, audited)',
      ...allow(...EDITORS),
      request: { params: optionCodeParam, body: jsonBody(optionPatch) },
      responses: {
        200: json(optionRowSchema, 'The option after the change'),
        404: unknown,
        409: json(
          errorBodySchema,
          'Stale version (stale_version, details.currentVersion), or withdrawing an option with live work (facility.option.withdraw_with_project)',
        ),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { version, ...changes } = c.req.valid('json');
      const option = await c.var.db.withTransaction((q) => changeOption(q, code, version, changes, c.var.user!.username));
      c.header('ETag', `W/"${option.version}"`);
      return c.json(option, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{code}',
      tags,
      summary: 'Delete an option no project refers to',
      ...allow(...EDITORS),
      request: { params: optionCodeParam, query: optionDeleteQuery },
      responses: {
        204: { description: 'Deleted' },
        404: unknown,
        409: json(errorBodySchema, 'Stale version (stale_version), or a project refers to it (facility.option.delete_with_project)'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { version } = c.req.valid('query');
      await c.var.db.withTransaction((q) => deleteOption(q, code, version, c.var.user!.username));
      return c.body(null, 204);
    },
  );
