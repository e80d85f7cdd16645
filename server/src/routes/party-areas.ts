/** Party member responsibility areas (党员责任区): CRUD, balanced suggestions and CSV. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { EDITORS } from '../http/auth';
import { inSolverTurn } from '../http/solver';
import { errorBodySchema } from '../contract/common';
import { communityQuery, optionalCommunityQuery, recordIdParam, versionQuery } from '../contract/responsibility';
import {
  areaSuggestionSchema,
  createdCountSchema,
  partyAreaBody,
  partyAreaSchema,
  partyAreaUpdate,
  suggestAreasBody,
} from '../contract/responsibility-party';
import {
  buildingsOutsideAreas,
  deleteCommunityAreas,
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
import {
  csvProblem,
  partyAreaRow,
  readRegister,
  REGISTER_COLUMNS,
  rowProblem,
  writeRegister,
  type CsvProblem,
} from '../domain/responsibility/csv';
import { csvAnswer, csvReply, csvUpload, error, importErrors, readCsvBody, rejectProblems } from './responsibility-common';

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
    async (c) => c.json(await c.var.db.withClient((q) => listPartyAreas(q, c.req.valid('query').community)), 200),
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
      summary: "Replace a community's areas with a CSV (text/csv body), all or nothing",
      ...allow(...EDITORS),
      request: { query: communityQuery, body: csvUpload },
      responses: { 200: json(createdCountSchema, 'How many areas the file created'), ...importErrors },
    }),
    async (c) => {
      const { community } = c.req.valid('query');
      const { rows, problems } = readRegister(await readCsvBody(c), partyAreaRow);
      rejectProblems(problems);
      const created = await c.var.db.withTransaction(async (q) => {
        await deleteCommunityAreas(q, community);
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
            continue;
          }
          try {
            await insertPartyArea(
              q,
              { personId: value.person_id, name: value.name, buildingCodes: value.building_codes },
              c.var.user!.username,
              `row ${row}`,
            );
          } catch (err) {
            rowProblems.push(rowProblem(err, row));
          }
        }
        rejectProblems(rowProblems);
        return rows.length;
      });
      return c.json({ created }, 200);
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
