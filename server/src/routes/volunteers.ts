/** Volunteer teams of the 8 categories: members and the compounds or cells they serve; CSV. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { EDITORS, requireRole } from '../http/auth';
import { notFound } from '../http/errors';
import { deleteCommunityTeams, deleteTeam, getTeam, insertTeam, listTeams, updateTeam } from '../db/volunteers';
import { VOLUNTEER_CATEGORIES } from '../domain/responsibility/vocabulary';
import { readRegister, REGISTER_COLUMNS, volunteerTeamRow, writeRegister, type CsvProblem } from '../domain/responsibility/csv';
import { cellCode, communityCode, communityQuery, csvReply, idParam, optionalCommunityQuery, readCsvBody, rejectProblems, rowProblem, versionQuery } from './responsibility-common';

const teamFields = {
  name: z.string().trim().min(1).max(80),
  category: z.enum(VOLUNTEER_CATEGORIES),
  leaderPersonId: z.number().int().positive().nullable().default(null),
  memberPersonIds: z.array(z.number().int().positive()).max(1000).default([]),
  compoundCodes: z.array(z.string().regex(/^[0-9]{12}-[0-9]{3}$/, 'a compound code')).max(200).default([]),
  cellCodes: z.array(cellCode).max(200).default([]),
};
export const teamCreate = z.object({ communityCode, ...teamFields });
export const teamUpdate = z.object({ version: z.number().int().positive(), ...teamFields });

const teams = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', optionalCommunityQuery), async (c) =>
    c.json(await c.var.db.withClient((q) => listTeams(q, c.req.valid('query').community))),
  )
  .get('/export.csv', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const rows = await c.var.db.withClient((q) => listTeams(q, community));
    const csv = writeRegister(REGISTER_COLUMNS.volunteerTeams, rows.map((t) => ({
      community_code: t.communityCode, name: t.name, category: t.category, leader_person_id: t.leaderPersonId,
      member_person_ids: t.members.map((m) => m.personId), compound_codes: t.compoundCodes, cell_codes: t.cellCodes,
    })));
    return csvReply(c, `volunteer-teams-${community}.csv`, csv);
  })
  .post('/import', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const { rows, problems } = readRegister(await readCsvBody(c), volunteerTeamRow);
    for (const { row, value } of rows) {
      if (value.community_code !== community) problems.push({ row, field: 'community_code', message: `this file is for community ${community}` });
    }
    rejectProblems(problems);
    const created = await c.var.db.withTransaction(async (q) => {
      await deleteCommunityTeams(q, community);
      const rowProblems: CsvProblem[] = [];
      for (const { row, value: v } of rows) {
        try {
          await insertTeam(q, { communityCode: community, name: v.name, category: v.category, leaderPersonId: v.leader_person_id, memberPersonIds: v.member_person_ids, compoundCodes: v.compound_codes, cellCodes: v.cell_codes }, c.var.user!.username, `row ${row}`);
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
    const team = await c.var.db.withClient((q) => getTeam(q, id));
    if (!team) throw notFound(`No volunteer team ${id}`);
    return c.json(team);
  })
  .post('/', requireRole(...EDITORS), validate('json', teamCreate), async (c) => {
    const body = c.req.valid('json');
    const team = await c.var.db.withTransaction(async (q) => getTeam(q, await insertTeam(q, body, c.var.user!.username)));
    return c.json(team, 201);
  })
  .put('/:id', requireRole(...EDITORS), validate('param', idParam), validate('json', teamUpdate), async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...body } = c.req.valid('json');
    const team = await c.var.db.withTransaction(async (q) => {
      await updateTeam(q, id, version, body, c.var.user!.username);
      return getTeam(q, id);
    });
    return c.json(team);
  })
  .delete('/:id', requireRole(...EDITORS), validate('param', idParam), validate('query', versionQuery), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => deleteTeam(q, id, c.req.valid('query').version, c.var.user!.username));
    return c.body(null, 204);
  });

export const volunteers = new Hono<AppEnv>().route('/teams', teams);

export const volunteerDocs: RouteDoc[] = [
  { method: 'get', path: '/volunteers/teams', tag: 'volunteers', summary: 'Volunteer teams with members and served compounds/cells (none = whole community)', roles: ['*'], query: optionalCommunityQuery, returns: '[{id, communityCode, name, category, leaderPersonId, leaderName, members, compoundCodes, cellCodes, version}]' },
  { method: 'get', path: '/volunteers/teams/{id}', tag: 'volunteers', summary: 'One team', roles: ['*'], params: idParam, returns: 'the team', errors: { 404: 'Unknown team' } },
  { method: 'post', path: '/volunteers/teams', tag: 'volunteers', summary: 'Add a team; members, compounds and cells must be of its community', roles: EDITORS, body: teamCreate, returns: 'the team (201)', errors: { 400: 'Codes other_community, unknown_person, unknown_community' } },
  { method: 'put', path: '/volunteers/teams/{id}', tag: 'volunteers', summary: 'Replace a team\'s fields, members and area (versioned)', roles: EDITORS, params: idParam, body: teamUpdate, returns: 'the team', errors: { 404: 'Unknown team', 409: 'Stale version' } },
  { method: 'delete', path: '/volunteers/teams/{id}', tag: 'volunteers', summary: 'Delete a team', roles: EDITORS, params: idParam, query: versionQuery, returns: '204', errors: { 404: 'Unknown team', 409: 'Stale version' } },
  { method: 'get', path: '/volunteers/teams/export.csv', tag: 'volunteers', summary: 'A community\'s teams as CSV (community_code, name, category, leader_person_id, member_person_ids, compound_codes, cell_codes)', roles: EDITORS, query: communityQuery, returns: 'text/csv' },
  { method: 'post', path: '/volunteers/teams/import', tag: 'volunteers', summary: 'Replace a community\'s teams with a CSV (text/csv body), all or nothing', roles: EDITORS, query: communityQuery, returns: '{created}', errors: { 400: 'Problems by row (details.problems)', 415: 'Body is not text/csv' } },
];
