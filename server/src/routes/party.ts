/** Party organisation tree per community: general branch → compound/building branch → party group. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { EDITORS, requireRole } from '../http/auth';
import { notFound } from '../http/errors';
import { deleteCommunityOrgs, deletePartyOrg, getPartyOrg, insertPartyOrg, listPartyOrgs, updatePartyOrg } from '../db/party';
import { PARTY_LEVELS, PARTY_SCOPES } from '../domain/responsibility/vocabulary';
import { partyOrgRow, readRegister, REGISTER_COLUMNS, writeRegister, type CsvProblem } from '../domain/responsibility/csv';
import { buildingCode, communityCode, communityQuery, csvReply, idParam, optionalCommunityQuery, readCsvBody, rejectProblems, rowProblem, versionQuery } from './responsibility-common';
import { partyAreas, partyAreaDocs } from './party-areas';

const orgFields = {
  parentId: z.number().int().positive().nullable(),
  level: z.enum(PARTY_LEVELS),
  scope: z.enum(PARTY_SCOPES),
  name: z.string().trim().min(1).max(80),
  compoundCode: z.string().regex(/^[0-9]{12}-[0-9]{3}$/, 'a compound code is the community code, a dash and 3 digits').nullable().default(null),
  secretaryPersonId: z.number().int().positive().nullable().default(null),
  buildingCodes: z.array(buildingCode).max(2000).default([]),
};
export const partyOrgCreate = z.object({ communityCode, ...orgFields, parentId: orgFields.parentId.default(null) });
export const partyOrgUpdate = z.object({ version: z.number().int().positive(), ...orgFields });

const orgs = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', optionalCommunityQuery), async (c) =>
    c.json(await c.var.db.withClient((q) => listPartyOrgs(q, c.req.valid('query').community))),
  )
  .get('/export.csv', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const rows = await c.var.db.withClient((q) => listPartyOrgs(q, community));
    const csv = writeRegister(REGISTER_COLUMNS.partyOrgs, rows.map((o) => ({
      ref: o.id, parent_ref: o.parentId, community_code: o.communityCode, level: o.level, scope: o.scope, name: o.name,
      compound_code: o.compoundCode, secretary_person_id: o.secretaryPersonId, building_codes: o.buildingCodes,
    })));
    return csvReply(c, `party-orgs-${community}.csv`, csv);
  })
  .post('/import', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const { rows, problems } = readRegister(await readCsvBody(c), partyOrgRow);
    const refs = new Map<string, number>();
    for (const { row, value } of rows) {
      if (value.community_code !== community) problems.push({ row, field: 'community_code', message: `this file is for community ${community}` });
      if (refs.has(value.ref)) problems.push({ row, field: 'ref', message: `ref ${value.ref} repeats row ${refs.get(value.ref)}` });
      refs.set(value.ref, row);
    }
    for (const { row, value } of rows) {
      if (value.parent_ref !== null && !refs.has(value.parent_ref)) problems.push({ row, field: 'parent_ref', message: `no row with ref ${value.parent_ref}` });
    }
    rejectProblems(problems);
    const created = await c.var.db.withTransaction(async (q) => {
      await deleteCommunityOrgs(q, community);
      const ids = new Map<string, number>();
      const rowProblems: CsvProblem[] = [];
      let pending = rows;
      // Parents first: each pass inserts the rows whose parent is already in.
      while (pending.length) {
        const ready = pending.filter((r) => r.value.parent_ref === null || ids.has(r.value.parent_ref));
        if (ready.length === 0) {
          for (const r of pending) rowProblems.push({ row: r.row, field: 'parent_ref', message: 'the parent chain loops or its parent failed' });
          break;
        }
        for (const { row, value: v } of ready) {
          if (v.parent_ref !== null && ids.get(v.parent_ref) === -1) {
            rowProblems.push({ row, field: 'parent_ref', message: `its parent (ref ${v.parent_ref}) could not be added` });
            ids.set(v.ref, -1);
            continue;
          }
          try {
            const input = { parentId: v.parent_ref === null ? null : ids.get(v.parent_ref)!, communityCode: community, level: v.level, scope: v.scope, name: v.name, compoundCode: v.compound_code, secretaryPersonId: v.secretary_person_id, buildingCodes: v.building_codes };
            ids.set(v.ref, await insertPartyOrg(q, input, c.var.user!.username, `row ${row}`));
          } catch (err) {
            rowProblems.push(rowProblem(err, row));
            ids.set(v.ref, -1);
          }
        }
        pending = pending.filter((r) => !ready.includes(r));
      }
      rejectProblems(rowProblems);
      return ids.size;
    });
    return c.json({ created });
  })
  .get('/:id', requireRole(), validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const org = await c.var.db.withClient((q) => getPartyOrg(q, id));
    if (!org) throw notFound(`No party organisation ${id}`);
    return c.json(org);
  })
  .post('/', requireRole(...EDITORS), validate('json', partyOrgCreate), async (c) => {
    const body = c.req.valid('json');
    const org = await c.var.db.withTransaction(async (q) => getPartyOrg(q, await insertPartyOrg(q, body, c.var.user!.username)));
    return c.json(org, 201);
  })
  .put('/:id', requireRole(...EDITORS), validate('param', idParam), validate('json', partyOrgUpdate), async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...fields } = c.req.valid('json');
    const org = await c.var.db.withTransaction(async (q) => {
      await updatePartyOrg(q, id, version, fields, c.var.user!.username);
      return getPartyOrg(q, id);
    });
    return c.json(org);
  })
  .delete('/:id', requireRole(...EDITORS), validate('param', idParam), validate('query', versionQuery), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => deletePartyOrg(q, id, c.req.valid('query').version, c.var.user!.username));
    return c.body(null, 204);
  });

export const party = new Hono<AppEnv>().route('/orgs', orgs).route('/areas', partyAreas);

export const partyDocs: RouteDoc[] = [
  { method: 'get', path: '/party/orgs', tag: 'party', summary: 'Party organisations (general branch, branches, groups) with their buildings', roles: ['*'], query: optionalCommunityQuery, returns: '[{id, parentId, communityCode, level, scope, name, compoundCode, secretaryPersonId, secretaryName, buildingCodes, version}]' },
  { method: 'get', path: '/party/orgs/{id}', tag: 'party', summary: 'One party organisation', roles: ['*'], params: idParam, returns: 'the organisation', errors: { 404: 'Unknown organisation' } },
  { method: 'post', path: '/party/orgs', tag: 'party', summary: 'Add an organisation; parent, compound, buildings and secretary must be of its community, and the level must fit under the parent', roles: EDITORS, body: partyOrgCreate, returns: 'the organisation (201)', errors: { 400: 'Codes other_community, parent_level, root_level, scope_level, unknown_*, not_party_member' } },
  { method: 'put', path: '/party/orgs/{id}', tag: 'party', summary: 'Replace an organisation\'s fields and buildings (versioned)', roles: EDITORS, params: idParam, body: partyOrgUpdate, returns: 'the organisation', errors: { 404: 'Unknown organisation', 409: 'Stale version, or a level change under children' } },
  { method: 'delete', path: '/party/orgs/{id}', tag: 'party', summary: 'Delete an organisation without sub-organisations', roles: EDITORS, params: idParam, query: versionQuery, returns: '204', errors: { 404: 'Unknown organisation', 409: 'Has sub-organisations, or stale version' } },
  { method: 'get', path: '/party/orgs/export.csv', tag: 'party', summary: 'A community\'s organisations as CSV (ref, parent_ref, community_code, level, scope, name, compound_code, secretary_person_id, building_codes)', roles: EDITORS, query: communityQuery, returns: 'text/csv' },
  { method: 'post', path: '/party/orgs/import', tag: 'party', summary: 'Replace a community\'s organisations with a CSV (text/csv body; parent_ref refers to another row\'s ref), all or nothing', roles: EDITORS, query: communityQuery, returns: '{created}', errors: { 400: 'Problems by row (details.problems)', 415: 'Body is not text/csv' } },
  ...partyAreaDocs,
];
