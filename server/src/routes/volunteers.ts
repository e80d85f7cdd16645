/** Volunteer teams of the 8 categories: members and the compounds or cells they serve; CSV. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { EDITORS, scopeOf } from '../http/auth';
import { requireInScope } from '../domain/access/scope';
import { communityQuery, optionalCommunityQuery, recordIdParam, versionQuery } from '../contract/responsibility';
import { teamCreate, teamUpdate, volunteerTeamSchema, type VolunteerTeam } from '../contract/responsibility-party';
import { importPreviewSchema, registerImportQuery } from '../contract/responsibility-report';
import { previewOf, reconcile, sameSet } from '../domain/responsibility/reconcile';
import { deleteTeam, insertTeam, listTeams, requireTeam, updateTeam } from '../db/volunteers';
import { csvProblem, readRegister, REGISTER_COLUMNS, volunteerTeamRow, writeRegister } from '../domain/responsibility/csv';
import {
  applyImportPlan,
  csvAnswer,
  csvReply,
  csvUpload,
  error,
  importErrors,
  importTransaction,
  readCsvBody,
  rejectProblems,
  requireConfirmation,
} from './responsibility-common';

const tags = ['volunteers'];
const teamErrors =
  'Unknown community (volunteers.unknown_community) or person (people.unknown_person), or members, compounds or cells of another community (volunteers.people_other_community, volunteers.compounds_other_community, volunteers.cells_other_community); details.field';

const teams = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Volunteer teams with members and served compounds/cells (none = whole community)',
      ...allow(),
      request: { query: optionalCommunityQuery },
      responses: { 200: json(z.array(volunteerTeamSchema), 'The teams') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listTeams(q, c.req.valid('query').community, scopeOf(c))), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/export.csv',
      tags,
      summary:
        "A community's teams as CSV (community_code, name, category, leader_person_id, member_person_ids, compound_codes, cell_codes)",
      ...allow(...EDITORS),
      request: { query: communityQuery },
      responses: { 200: csvAnswer('The teams') },
    }),
    async (c) => {
      const { community } = c.req.valid('query');
      const rows = await c.var.db.withClient((q) => listTeams(q, community));
      const csv = writeRegister(
        REGISTER_COLUMNS.volunteerTeams,
        rows.map((t) => ({
          community_code: t.communityCode,
          name: t.name,
          category: t.category,
          leader_person_id: t.leaderPersonId,
          member_person_ids: t.members.map((m) => m.personId),
          compound_codes: t.compoundCodes,
          cell_codes: t.cellCodes,
        })),
      );
      return csvReply(c, `volunteer-teams-${community}.csv`, csv);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags,
      summary:
        "Make a community's teams those of a CSV (text/csv body), matched by name: changed teams are updated in place, missing ones deleted (only with confirm=1), all or nothing; dryRun=1 answers what it would do",
      ...allow(...EDITORS),
      request: { query: registerImportQuery, body: csvUpload },
      responses: {
        200: json(importPreviewSchema, 'What was (or, on a dry run, would be) added, changed and deleted, by team name'),
        ...importErrors,
      },
    }),
    async (c) => {
      const { community, dryRun, confirm } = c.req.valid('query');
      const { rows, problems } = readRegister(await readCsvBody(c), volunteerTeamRow);
      const names = new Map<string, number>();
      for (const { row, value } of rows) {
        if (value.community_code !== community)
          problems.push(csvProblem(row, 'csv.other_community_row', { communityCode: community }, 'community_code'));
        // The name is the team's key within its community: a repeat would be ambiguous.
        if (names.has(value.name)) problems.push(csvProblem(row, 'csv.same_name', { firstRow: names.get(value.name)! }, 'name'));
        names.set(value.name, row);
      }
      rejectProblems(problems);
      const preview = await importTransaction(c.var.db, dryRun, async (q) => {
        const current = await listTeams(q, community);
        const keys = { stored: (t: VolunteerTeam) => t.name, wanted: (r: (typeof rows)[number]) => r.value.name };
        const plan = reconcile(current, rows, keys, (t, { value: v }) => {
          return (
            t.category === v.category &&
            t.leaderPersonId === v.leader_person_id &&
            sameSet(
              t.members.map((m) => m.personId),
              v.member_person_ids,
            ) &&
            sameSet(t.compoundCodes, v.compound_codes) &&
            sameSet(t.cellCodes, v.cell_codes)
          );
        });
        const preview = previewOf(plan, keys, 'deleted', dryRun);
        requireConfirmation(preview, { dryRun, confirm });
        const username = c.var.user!.username;
        const fields = (v: (typeof rows)[number]['value']) => ({
          name: v.name,
          category: v.category,
          leaderPersonId: v.leader_person_id,
          memberPersonIds: v.member_person_ids,
          compoundCodes: v.compound_codes,
          cellCodes: v.cell_codes,
        });
        await applyImportPlan(plan, {
          remove: (t) => deleteTeam(q, t.id, t.version, username),
          change: (t, v) => updateTeam(q, t.id, t.version, fields(v), username),
          add: (v, row) => insertTeam(q, { communityCode: community, ...fields(v) }, username, `row ${row}`),
        });
        return preview;
      });
      return c.json(preview, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One team',
      ...allow(),
      request: { params: recordIdParam },
      responses: { 200: json(volunteerTeamSchema, 'The team'), 404: error('Unknown team (volunteers.not_found)') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => requireTeam(q, c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Add a team; members, compounds and cells must be of its community',
      ...allow(...EDITORS),
      request: { body: jsonBody(teamCreate) },
      responses: { 201: json(volunteerTeamSchema, 'The team'), 400: error(teamErrors) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      requireInScope(scopeOf(c), body.communityCode);
      const team = await c.var.db.withTransaction(async (q) => requireTeam(q, await insertTeam(q, body, c.var.user!.username)));
      return c.json(team, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}',
      tags,
      summary: "Replace a team's fields, members and area (versioned)",
      ...allow(...EDITORS),
      request: { params: recordIdParam, body: jsonBody(teamUpdate) },
      responses: {
        200: json(volunteerTeamSchema, 'The team after the change'),
        400: error(teamErrors),
        404: error('Unknown team (volunteers.not_found)'),
        409: error('Stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version, ...body } = c.req.valid('json');
      const team = await c.var.db.withTransaction(async (q) => {
        await updateTeam(q, id, version, body, c.var.user!.username);
        return requireTeam(q, id);
      });
      return c.json(team, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete a team',
      ...allow(...EDITORS),
      request: { params: recordIdParam, query: versionQuery },
      responses: {
        204: { description: 'Deleted' },
        404: error('Unknown team (volunteers.not_found)'),
        409: error('Stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await c.var.db.withTransaction((q) => deleteTeam(q, id, c.req.valid('query').version, c.var.user!.username));
      return c.body(null, 204);
    },
  );

export const volunteers = createRouter().route('/teams', teams);
