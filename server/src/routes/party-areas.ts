/** Party member responsibility areas (党员责任区): CRUD, balanced suggestions and CSV. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { EDITORS, requireRole } from '../http/auth';
import { notFound } from '../http/errors';
import { buildingsOutsideAreas, deleteCommunityAreas, deletePartyArea, getPartyArea, insertPartyArea, listPartyAreas, partyMembersWithLoad, updatePartyArea } from '../db/party-areas';
import { suggestAreas } from '../domain/responsibility/suggest-areas';
import { partyAreaRow, readRegister, REGISTER_COLUMNS, writeRegister, type CsvProblem } from '../domain/responsibility/csv';
import { buildingCode, communityCode, communityQuery, csvReply, idParam, optionalCommunityQuery, readCsvBody, rejectProblems, rowProblem, versionQuery } from './responsibility-common';

export const partyAreaBody = z.object({ personId: z.number().int().positive(), name: z.string().trim().max(80).default(''), buildingCodes: z.array(buildingCode).max(2000) });
export const partyAreaUpdate = partyAreaBody.extend({ version: z.number().int().positive() });
export const suggestAreasBody = z.object({ communityCode, tolerance: z.number().min(0).max(2).default(0.25) });

export const partyAreas = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', optionalCommunityQuery), async (c) =>
    c.json(await c.var.db.withClient((q) => listPartyAreas(q, c.req.valid('query').community))),
  )
  .post('/suggest', requireRole(...EDITORS), validate('json', suggestAreasBody), async (c) => {
    const { communityCode: community, tolerance } = c.req.valid('json');
    const { members, buildings } = await c.var.db.withClient(async (q) => ({
      members: await partyMembersWithLoad(q, community),
      buildings: await buildingsOutsideAreas(q, community),
    }));
    const result = await suggestAreas(buildings, members, { tolerance });
    const names = new Map(members.map((m) => [m.personId, m.name]));
    return c.json({ ...result, areas: result.areas.filter((a) => a.buildingCodes.length > 0).map((a) => ({ ...a, personName: names.get(a.personId)! })), unassignedBuildings: buildings.length, members: members.length });
  })
  .get('/export.csv', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const rows = await c.var.db.withClient((q) => listPartyAreas(q, community));
    const csv = writeRegister(REGISTER_COLUMNS.partyAreas, rows.map((a) => ({ person_id: a.personId, person_name: a.personName, name: a.name, building_codes: a.buildingCodes })));
    return csvReply(c, `party-areas-${community}.csv`, csv);
  })
  .post('/import', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const { rows, problems } = readRegister(await readCsvBody(c), partyAreaRow);
    rejectProblems(problems);
    const created = await c.var.db.withTransaction(async (q) => {
      await deleteCommunityAreas(q, community);
      const rowProblems: CsvProblem[] = [];
      const { rows: owners } = await q.query<{ id: number; community_code: string }>('SELECT id::int AS id, community_code FROM person WHERE id = ANY($1::bigint[])', [rows.map((r) => r.value.person_id)]);
      const communityOf = new Map(owners.map((o) => [o.id, o.community_code]));
      for (const { row, value } of rows) {
        const theirs = communityOf.get(value.person_id);
        if (theirs && theirs !== community) {
          rowProblems.push({ row, field: 'person_id', message: `person ${value.person_id} belongs to community ${theirs}, not ${community}` });
          continue;
        }
        try {
          await insertPartyArea(q, { personId: value.person_id, name: value.name, buildingCodes: value.building_codes }, c.var.user!.username, `row ${row}`);
        } catch (err) {
          rowProblems.push(rowProblem(err, row));
        }
      }
      rejectProblems(rowProblems);
      return rows.length;
    });
    return c.json({ created });
  })
  .get('/:id', requireRole(), validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const area = await c.var.db.withClient((q) => getPartyArea(q, id));
    if (!area) throw notFound(`No party area ${id}`);
    return c.json(area);
  })
  .post('/', requireRole(...EDITORS), validate('json', partyAreaBody), async (c) => {
    const body = c.req.valid('json');
    const area = await c.var.db.withTransaction(async (q) => getPartyArea(q, await insertPartyArea(q, body, c.var.user!.username)));
    return c.json(area, 201);
  })
  .put('/:id', requireRole(...EDITORS), validate('param', idParam), validate('json', partyAreaUpdate), async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...body } = c.req.valid('json');
    const area = await c.var.db.withTransaction(async (q) => {
      await updatePartyArea(q, id, version, body, c.var.user!.username);
      return getPartyArea(q, id);
    });
    return c.json(area);
  })
  .delete('/:id', requireRole(...EDITORS), validate('param', idParam), validate('query', versionQuery), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => deletePartyArea(q, id, c.req.valid('query').version, c.var.user!.username));
    return c.body(null, 204);
  });

export const partyAreaDocs: RouteDoc[] = [
  { method: 'get', path: '/party/areas', tag: 'party', summary: 'Party member responsibility areas with their buildings and households', roles: ['*'], query: optionalCommunityQuery, returns: '[{id, personId, personName, communityCode, name, buildingCodes, households, version}]' },
  { method: 'get', path: '/party/areas/{id}', tag: 'party', summary: 'One responsibility area', roles: ['*'], params: idParam, returns: 'the area', errors: { 404: 'Unknown area' } },
  { method: 'post', path: '/party/areas', tag: 'party', summary: 'Add an area for a party member; buildings must be of their community', roles: EDITORS, body: partyAreaBody, returns: 'the area (201)', errors: { 400: 'Codes not_party_member, other_community, unknown_person' } },
  { method: 'put', path: '/party/areas/{id}', tag: 'party', summary: 'Replace an area\'s member, name and buildings (versioned)', roles: EDITORS, params: idParam, body: partyAreaUpdate, returns: 'the area', errors: { 404: 'Unknown area', 409: 'Stale version' } },
  { method: 'delete', path: '/party/areas/{id}', tag: 'party', summary: 'Delete an area', roles: EDITORS, params: idParam, query: versionQuery, returns: '204', errors: { 404: 'Unknown area', 409: 'Stale version' } },
  { method: 'post', path: '/party/areas/suggest', tag: 'party', summary: 'Propose areas for the buildings no party member covers yet: nearest members first, households balanced within (1 + tolerance) × fair share (nothing is written)', roles: EDITORS, body: suggestAreasBody, returns: '{status, capacityHouseholds, areas: [{personId, personName, buildingCodes, households, addedHouseholds}], unassignedBuildings, members}' },
  { method: 'get', path: '/party/areas/export.csv', tag: 'party', summary: 'A community\'s areas as CSV (person_id, person_name, name, building_codes)', roles: EDITORS, query: communityQuery, returns: 'text/csv' },
  { method: 'post', path: '/party/areas/import', tag: 'party', summary: 'Replace a community\'s areas with a CSV (text/csv body), all or nothing', roles: EDITORS, query: communityQuery, returns: '{created}', errors: { 400: 'Problems by row (details.problems)', 415: 'Body is not text/csv' } },
];
