/** The people register: list, read, create, edit and delete (editors), with phones masked for others. */
import { requireInScope } from '../domain/access/scope';
import { createRoute } from '@hono/zod-openapi';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { EDITORS, scopeOf } from '../http/auth';
import {
  peoplePageSchema,
  peopleQuery,
  personCreate,
  personPatch,
  personSchema,
  recordIdParam,
  versionQuery,
} from '../contract/responsibility';
import { deletePerson, insertPerson, listPeople, requirePerson, updatePerson } from '../db/people';
import { error, presentPeople, tags } from './responsibility-common';

const homeErrors =
  'Unknown home building (people.unknown_building) or one of another community (people.home_other_community); details.field';

export const people = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'The people register, filtered and paged (phones masked unless admin/planner; no-store)',
      ...allow(),
      request: { query: peopleQuery },
      responses: { 200: json(peoplePageSchema, 'The page and the total') },
    }),
    async (c) => {
      const { community, ...rest } = c.req.valid('query');
      const page = await c.var.db.withClient((q) => listPeople(q, { communityCode: community, ...rest, scope: scopeOf(c) }));
      return c.json({ total: page.total, people: presentPeople(c, page.people) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One person',
      ...allow(),
      request: { params: recordIdParam },
      responses: { 200: json(personSchema, 'The person'), 404: error('Unknown person (people.not_found)') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const person = await c.var.db.withClient((q) => requirePerson(q, id));
      return c.json(presentPeople(c, [person])[0], 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Add a person; the home building must be in their community',
      ...allow(...EDITORS),
      request: { body: jsonBody(personCreate) },
      responses: { 201: json(personSchema, 'The person'), 400: error(homeErrors) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      requireInScope(scopeOf(c), body.communityCode);
      const person = await c.var.db.withTransaction((q) => insertPerson(q, body, c.var.user!.username));
      return c.json(presentPeople(c, [person])[0], 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary: 'Change a person (versioned)',
      ...allow(...EDITORS),
      request: { params: recordIdParam, body: jsonBody(personPatch) },
      responses: {
        200: json(personSchema, 'The person after the change'),
        400: error(homeErrors),
        404: error('Unknown person (people.not_found)'),
        409: error('Stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version, ...fields } = c.req.valid('json');
      const person = await c.var.db.withTransaction((q) => updatePerson(q, id, version, fields, c.var.user!.username));
      return c.json(presentPeople(c, [person])[0], 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete a person with no open responsibilities',
      ...allow(...EDITORS),
      request: { params: recordIdParam, query: versionQuery },
      responses: {
        204: { description: 'Deleted' },
        404: error('Unknown person (people.not_found)'),
        409: error(
          'Stale version (stale_version), or the person still holds assignments, areas, teams, organisations or an account (people.in_use; details counts them)',
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version } = c.req.valid('query');
      await c.var.db.withTransaction((q) => deletePerson(q, id, version, c.var.user!.username));
      return c.body(null, 204);
    },
  );
