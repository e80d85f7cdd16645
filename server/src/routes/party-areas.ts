/** Party member responsibility areas (党员责任区): CRUD, balanced suggestions and CSV. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { EDITORS, scopeOf } from '../http/auth';
import { requireInScope } from '../domain/access/scope';
import { inSolverTurn } from '../http/solver';
import { requireRecordsInScope } from '../http/scope-guard';
import { errorBodySchema } from '../contract/common';
import { communityQuery, optionalCommunityQuery, recordIdParam, versionQuery } from '../contract/responsibility';
import {
  areaSuggestionSchema,
  partyAreaBody,
  partyAreaSchema,
  partyAreaUpdate,
  suggestAreasBody,
  type PartyArea,
} from '../contract/responsibility-party';
import { importPreviewSchema, registerImportQuery } from '../contract/responsibility-report';
import { previewOf, reconcile, sameSet } from '../domain/responsibility/reconcile';
import {
  buildingsOutsideAreas,
  deletePartyArea,
  insertPartyArea,
  listPartyAreas,
  partyMembersWithLoad,
  requirePartyArea as requireArea,
  updatePartyArea,
} from '../db/party-areas';
import { communitiesOfPeople } from '../db/people';
import { areaNotes, suggestAreas } from '../domain/responsibility/suggest-areas';

/** Time limit of an area suggestion's solve. */
const SUGGESTION_SECONDS = 5;
import { csvProblem, partyAreaRow, readRegister, REGISTER_COLUMNS, writeRegister, type CsvProblem } from '../domain/responsibility/csv';
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

const tags = ['party'];
const areaErrors =
  'Unknown person (people.unknown_person), not a party member (party.not_party_member), or buildings of another community (party.buildings_other_community); details.field';

export const partyAreas = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Party member responsibility areas with their buildings and households',
      ...allow(),
      request: { query: optionalCommunityQuery },
      responses: { 200: json(z.array(partyAreaSchema), 'The areas') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listPartyAreas(q, c.req.valid('query').community, scopeOf(c))), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/suggest',
      tags,
      summary:
        'Propose areas for the buildings no party member covers yet: nearest members first, households balanced within (1 + tolerance) × fair share (nothing is written)',
      ...allow(...EDITORS),
      request: { body: jsonBody(suggestAreasBody) },
      responses: {
        200: json(areaSuggestionSchema, 'The proposal and notes for the planner'),
        429: json(errorBodySchema, 'The caller already has a solve running and one waiting (solver.busy); see Retry-After'),
      },
    }),
    async (c) => {
      const { communityCode: community, tolerance } = c.req.valid('json');
      requireInScope(scopeOf(c), community);
      const { members, buildings } = await c.var.db.withClient(async (q) => ({
        members: await partyMembersWithLoad(q, community),
        buildings: await buildingsOutsideAreas(q, community),
      }));
      const result = await inSolverTurn(c, SUGGESTION_SECONDS, () =>
        suggestAreas(buildings, members, { tolerance, timeLimitSeconds: SUGGESTION_SECONDS }),
      );
      const names = new Map(members.map((m) => [m.personId, m.name]));
      return c.json(
        {
          ...result,
          areas: result.areas.filter((a) => a.buildingCodes.length > 0).map((a) => ({ ...a, personName: names.get(a.personId)! })),
          unassignedBuildings: buildings.length,
          members: members.length,
          notes: areaNotes(result, members.length),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/export.csv',
      tags,
      summary: "A community's areas as CSV (person_id, person_name, name, building_codes)",
      ...allow(...EDITORS),
      request: { query: communityQuery },
      responses: { 200: csvAnswer('The areas') },
    }),
    async (c) => {
      const { community } = c.req.valid('query');
      const rows = await c.var.db.withClient((q) => listPartyAreas(q, community));
      const csv = writeRegister(
        REGISTER_COLUMNS.partyAreas,
        rows.map((a) => ({ person_id: a.personId, person_name: a.personName, name: a.name, building_codes: a.buildingCodes })),
      );
      return csvReply(c, `party-areas-${community}.csv`, csv);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags,
      summary:
        "Make a community's areas those of a CSV (text/csv body), matched by person and name: changed areas are updated in place, missing ones deleted (only with confirm=1), all or nothing; dryRun=1 answers what it would do",
      ...allow(...EDITORS),
      request: { query: registerImportQuery, body: csvUpload },
      responses: {
        200: json(importPreviewSchema, 'What was (or, on a dry run, would be) added, changed and deleted, by person|name'),
        ...importErrors,
      },
    }),
    async (c) => {
      const { community, dryRun, confirm } = c.req.valid('query');
      const { rows, problems } = readRegister(await readCsvBody(c), partyAreaRow);
      rejectProblems(problems);
      const preview = await importTransaction(c.var.db, dryRun, async (q) => {
        const rowProblems: CsvProblem[] = [];
        const communityOf = await communitiesOfPeople(
          q,
          rows.map((r) => r.value.person_id),
        );
        for (const { row, value } of rows) {
          const theirs = communityOf.get(value.person_id);
          if (theirs && theirs !== community) {
            rowProblems.push(
              csvProblem(
                row,
                'csv.person_other_community',
                { personId: value.person_id, personCommunity: theirs, communityCode: community },
                'person_id',
              ),
            );
          }
        }
        rejectProblems(rowProblems);
        // An area is known by its party member and its name.
        const keys = {
          stored: (a: PartyArea) => `${a.personId}|${a.name}`,
          wanted: (r: (typeof rows)[number]) => `${r.value.person_id}|${r.value.name}`,
        };
        const current = await listPartyAreas(q, community);
        const plan = reconcile(current, rows, keys, (a, { value }) => sameSet(a.buildingCodes, value.building_codes));
        const preview = previewOf(plan, keys, 'deleted', dryRun);
        requireConfirmation(preview, { dryRun, confirm });
        const username = c.var.user!.username;
        const input = (v: (typeof rows)[number]['value']) => ({ personId: v.person_id, name: v.name, buildingCodes: v.building_codes });
        await applyImportPlan(plan, {
          remove: (a) => deletePartyArea(q, a.id, a.version, username),
          change: (a, v) => updatePartyArea(q, a.id, a.version, input(v), username),
          add: (v, row) => insertPartyArea(q, input(v), username, `row ${row}`),
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
      summary: 'One responsibility area',
      ...allow(),
      request: { params: recordIdParam },
      responses: { 200: json(partyAreaSchema, 'The area'), 404: error('Unknown area (party_areas.not_found)') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => requireArea(q, c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Add an area for a party member; buildings must be of their community',
      ...allow(...EDITORS),
      request: { body: jsonBody(partyAreaBody) },
      responses: { 201: json(partyAreaSchema, 'The area'), 400: error(areaErrors) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await requireRecordsInScope(c, 'person', [String(body.personId)]);
      const area = await c.var.db.withTransaction(async (q) => requireArea(q, await insertPartyArea(q, body, c.var.user!.username)));
      return c.json(area, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}',
      tags,
      summary: "Replace an area's member, name and buildings (versioned)",
      ...allow(...EDITORS),
      request: { params: recordIdParam, body: jsonBody(partyAreaUpdate) },
      responses: {
        200: json(partyAreaSchema, 'The area after the change'),
        400: error(areaErrors),
        404: error('Unknown area (party_areas.not_found)'),
        409: error('Stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version, ...body } = c.req.valid('json');
      await requireRecordsInScope(c, 'person', [String(body.personId)]);
      const area = await c.var.db.withTransaction(async (q) => {
        await updatePartyArea(q, id, version, body, c.var.user!.username);
        return requireArea(q, id);
      });
      return c.json(area, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete an area',
      ...allow(...EDITORS),
      request: { params: recordIdParam, query: versionQuery },
      responses: {
        204: { description: 'Deleted' },
        404: error('Unknown area (party_areas.not_found)'),
        409: error('Stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await c.var.db.withTransaction((q) => deletePartyArea(q, id, c.req.valid('query').version, c.var.user!.username));
      return c.body(null, 204);
    },
  );
