/** The people register: list, read, create, edit and delete (editors), with phones masked for others. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { ApiError, notFound } from '../http/errors';
import { EDITORS, requireRole } from '../http/auth';
import { communityOfBuilding, deletePerson, getPerson, insertPerson, listPeople } from '../db/people';
import { updateVersioned } from '../db/write';
import type { Queryable } from '../db/pool';
import { PERSON_TYPES } from '../domain/responsibility/vocabulary';
import { buildingCode, communityCode, idParam, presentPeople, versionQuery } from './responsibility-common';

const personFields = {
  name: z.string().trim().min(1).max(60),
  type: z.enum(PERSON_TYPES),
  partyMember: z.boolean(),
  phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'digits, spaces, + and -; 5 to 20 characters').nullable(),
  gender: z.enum(['F', 'M']).nullable(),
  birthYear: z.number().int().min(1900).max(2100).nullable(),
  homeBuildingCode: buildingCode.nullable(),
  notes: z.string().max(500),
};

export const personCreate = z.object({
  communityCode,
  ...personFields,
  partyMember: personFields.partyMember.default(false),
  phone: personFields.phone.default(null),
  gender: personFields.gender.default(null),
  birthYear: personFields.birthYear.default(null),
  homeBuildingCode: personFields.homeBuildingCode.default(null),
  notes: personFields.notes.default(''),
});
export const personPatch = z.object({ version: z.number().int().positive(), ...z.object(personFields).partial().shape });
export const peopleQuery = z.object({
  community: communityCode.optional(),
  type: z.enum(PERSON_TYPES).optional(),
  partyMember: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().min(1).max(60).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A home must be a building of the person's own community. */
async function checkHome(q: Queryable, community: string, home: string | null | undefined): Promise<void> {
  if (!home) return;
  const actual = await communityOfBuilding(q, home);
  if (!actual) throw new ApiError(400, 'unknown_building', `json.homeBuildingCode: no building ${home}`, [{ field: 'json.homeBuildingCode', message: 'unknown building' }]);
  if (actual !== community) {
    throw new ApiError(400, 'other_community', `json.homeBuildingCode: building ${home} is in community ${actual}, not ${community}`, [{ field: 'json.homeBuildingCode', message: 'building of another community' }]);
  }
}

const COLUMN: Record<keyof typeof personFields, string> = {
  name: 'name', type: 'type', partyMember: 'party_member', phone: 'phone', gender: 'gender', birthYear: 'birth_year', homeBuildingCode: 'home_building_code', notes: 'notes',
};

export const people = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', peopleQuery), async (c) => {
    const { community, ...rest } = c.req.valid('query');
    const page = await c.var.db.withClient((q) => listPeople(q, { communityCode: community, ...rest }));
    return c.json({ total: page.total, people: presentPeople(c, page.people) });
  })
  .get('/:id', requireRole(), validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const person = await c.var.db.withClient((q) => getPerson(q, id));
    if (!person) throw notFound(`No person ${id}`);
    return c.json(presentPeople(c, [person])[0]);
  })
  .post('/', requireRole(...EDITORS), validate('json', personCreate), async (c) => {
    const body = c.req.valid('json');
    const person = await c.var.db.withTransaction(async (q) => {
      await checkHome(q, body.communityCode, body.homeBuildingCode);
      return getPerson(q, await insertPerson(q, body, c.var.user!.username));
    });
    return c.json(presentPeople(c, [person!])[0], 201);
  })
  .patch('/:id', requireRole(...EDITORS), validate('param', idParam), validate('json', personPatch), async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...fields } = c.req.valid('json');
    const person = await c.var.db.withTransaction(async (q) => {
      const before = await getPerson(q, id);
      if (!before) throw notFound(`No person ${id}`);
      await checkHome(q, before.communityCode, fields.homeBuildingCode);
      const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [COLUMN[k as keyof typeof personFields], v]));
      await updateVersioned(q, { entity: 'person', id: String(id), expectedVersion: version, changes, username: c.var.user!.username });
      return getPerson(q, id);
    });
    return c.json(presentPeople(c, [person!])[0]);
  })
  .delete('/:id', requireRole(...EDITORS), validate('param', idParam), validate('query', versionQuery), async (c) => {
    const { id } = c.req.valid('param');
    const { version } = c.req.valid('query');
    await c.var.db.withTransaction((q) => deletePerson(q, id, version, c.var.user!.username));
    return c.body(null, 204);
  });

export const peopleDocs: RouteDoc[] = [
  { method: 'get', path: '/people', tag: 'responsibility', summary: 'The people register, filtered and paged (phones masked unless admin/planner; no-store)', roles: ['*'], query: peopleQuery, returns: '{total, people: [{id, communityCode, name, type, partyMember, phone, gender, birthYear, homeBuildingCode, notes, version, assignments}]}' },
  { method: 'get', path: '/people/{id}', tag: 'responsibility', summary: 'One person', roles: ['*'], params: idParam, returns: 'the person', errors: { 404: 'Unknown person' } },
  { method: 'post', path: '/people', tag: 'responsibility', summary: 'Add a person; the home building must be in their community', roles: EDITORS, body: personCreate, returns: 'the person (201)', errors: { 400: 'Unknown building or building of another community' } },
  { method: 'patch', path: '/people/{id}', tag: 'responsibility', summary: 'Change a person (versioned)', roles: EDITORS, params: idParam, body: personPatch, returns: 'the person after the change', errors: { 404: 'Unknown person', 409: 'Stale version' } },
  { method: 'delete', path: '/people/{id}', tag: 'responsibility', summary: 'Delete a person with no open responsibilities', roles: EDITORS, params: idParam, query: versionQuery, returns: '204', errors: { 404: 'Unknown person', 409: 'Stale version, or the person still holds assignments, areas, teams or an account' } },
];
