/** Cell assignments: who holds which role in which cell; batch apply, suggestions and CSV. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { EDITORS, scopeOf } from '../http/auth';
import { requireInScope } from '../domain/access/scope';
import { inSolverTurn } from '../http/solver';
import { errorBodySchema } from '../contract/common';
import {
  assignmentBatch,
  assignmentBody,
  assignmentSchema,
  assignmentsQuery,
  communityQuery,
  createdAssignmentSchema,
  createdIdsSchema,
  endQuery,
  recordIdParam,
  suggestWorkersBody,
  workerSuggestionSchema,
} from '../contract/responsibility';
import {
  cellsForSuggestion,
  createAssignment,
  endAssignment,
  freeWorkerCandidates,
  listAssignments,
  publishedCell,
} from '../db/assignments';
import { cellsOfAccount } from '../db/users';
import { seesAllPersonalData, seesPersonalData, withPhone } from '../domain/access/mask';
import { getSettings } from '../db/settings';
import { importPreviewSchema, registerImportQuery } from '../contract/responsibility-report';
import { previewOf, reconcile } from '../domain/responsibility/reconcile';
import { notFound } from '../domain/errors';
import { DEFAULT_WORKER_TYPES } from '../domain/responsibility/vocabulary';
import { suggestWorkers, workerNotes } from '../domain/responsibility/suggest-workers';

/** Time limit of a worker suggestion's solve. */
const SUGGESTION_SECONDS = 5;
import { assignmentRow, csvProblem, readRegister, REGISTER_COLUMNS, writeRegister, type CsvProblem } from '../domain/responsibility/csv';
import {
  applyImportPlan,
  csvAnswer,
  csvReply,
  csvUpload,
  error,
  importErrors,
  importTransaction,
  requireConfirmation,
  readCsvBody,
  rejectProblems,
  tags,
} from './responsibility-common';

const entryErrors =
  'Unknown cell (assignments.unknown_cell) or person (people.unknown_person), or a person of another community (assignments.other_community); details.field names the entry';

export const assignments = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: "Open cell assignments, by community, cell or person (phones masked unless admin/planner or the cell's own grid worker)",
      ...allow(),
      request: { query: assignmentsQuery },
      responses: { 200: json(z.array(assignmentSchema), 'The assignments') },
    }),
    async (c) => {
      const { community, cell, person } = c.req.valid('query');
      const user = c.var.user;
      const { rows, mine } = await c.var.db.withClient(async (q) => ({
        rows: await listAssignments(q, { communityCode: community, cellCode: cell, personId: person, scope: scopeOf(c) }),
        mine: user && !seesAllPersonalData(user) ? await cellsOfAccount(q, user.username, user.personId) : [],
      }));
      // A grid worker sees the phones of their own cells in full (PRODUCT §5.7), like the roster.
      c.header('Cache-Control', 'no-store');
      return c.json(
        rows.map((r) => withPhone(r, seesPersonalData(user, r.cellCode, mine))),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Assign a person to a current cell with a role',
      ...allow(...EDITORS),
      request: { body: jsonBody(assignmentBody) },
      responses: {
        201: json(createdAssignmentSchema, 'The new assignment'),
        400: error(entryErrors),
        409: error('The person already holds this role in the cell (assignments.duplicate)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      requireInScope(scopeOf(c), body.cellCode);
      const id = await c.var.db.withTransaction((q) => createAssignment(q, body, c.var.user!.username));
      return c.json({ id, ...body }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/batch',
      tags,
      summary: 'Apply several assignments at once (all or nothing), e.g. an accepted suggestion',
      ...allow(...EDITORS),
      request: { body: jsonBody(assignmentBatch) },
      responses: {
        201: json(createdIdsSchema, 'The new assignments’ ids, in order'),
        400: error(`A bad entry: ${entryErrors}`),
        409: error('A duplicate entry (assignments.duplicate)'),
      },
    }),
    async (c) => {
      const { assignments: list } = c.req.valid('json');
      for (const a of list) requireInScope(scopeOf(c), a.cellCode);
      const ids = await c.var.db.withTransaction(async (q) => {
        const out: number[] = [];
        for (const [i, a] of list.entries()) out.push(await createAssignment(q, a, c.var.user!.username, `json.assignments.${i}`));
        return out;
      });
      return c.json({ ids }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'End an assignment today (kept as history)',
      ...allow(...EDITORS),
      request: { params: recordIdParam, query: endQuery },
      responses: {
        204: { description: 'Ended' },
        404: error('Unknown assignment (assignments.not_found)'),
        409: error('Already ended (assignments.already_ended) or stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await c.var.db.withTransaction((q) => endAssignment(q, id, c.req.valid('query').version, c.var.user!.username));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/suggest',
      tags,
      summary:
        'Propose grid workers for cells that lack them: nearest people of the given types, enough per cell to stay within the household limit (nothing is written)',
      ...allow(...EDITORS),
      request: { body: jsonBody(suggestWorkersBody) },
      responses: {
        200: json(workerSuggestionSchema, 'The proposal, the cells it leaves short and notes for the planner'),
        404: error('The community has no published cells (assignments.no_published_cells)'),
        429: json(errorBodySchema, 'The caller already has a solve running and one waiting (solver.busy); see Retry-After'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      requireInScope(scopeOf(c), body.communityCode);
      const types = body.types ?? DEFAULT_WORKER_TYPES;
      const { cells, candidates, limit } = await c.var.db.withClient(async (q) => ({
        cells: await cellsForSuggestion(q, body.communityCode),
        candidates: await freeWorkerCandidates(q, body.communityCode, types),
        limit: body.maxHouseholdsPerWorker ?? (await getSettings(q))['staffing.maxHouseholdsPerGridWorker'],
      }));
      if (cells.length === 0) throw notFound('assignments.no_published_cells', { communityCode: body.communityCode });
      const result = await inSolverTurn(c, SUGGESTION_SECONDS, () => suggestWorkers(cells, candidates, limit, SUGGESTION_SECONDS));
      const byId = new Map(candidates.map((p) => [p.personId, p]));
      c.header('Cache-Control', 'no-store');
      return c.json(
        {
          ...result,
          maxHouseholdsPerWorker: limit,
          candidateCount: candidates.length,
          proposals: result.proposals.map((p) => ({
            ...p,
            role: 'grid_worker' as const,
            personName: byId.get(p.personId)!.name,
            personType: byId.get(p.personId)!.type,
          })),
          notes: workerNotes(result, candidates.length),
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
      summary: "A community's open assignments as CSV (cell_code, person_id, person_name, role, valid_from)",
      ...allow(...EDITORS),
      request: { query: communityQuery },
      responses: { 200: csvAnswer('The assignments') },
    }),
    async (c) => {
      const { community } = c.req.valid('query');
      const rows = await c.var.db.withClient((q) => listAssignments(q, { communityCode: community }));
      const csv = writeRegister(
        REGISTER_COLUMNS.assignments,
        rows.map((r) => ({
          cell_code: r.cellCode,
          person_id: r.personId,
          person_name: r.personName,
          role: r.role,
          valid_from: r.validFrom,
        })),
      );
      return csvReply(c, `assignments-${community}.csv`, csv);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags,
      summary:
        "Make a community's open assignments exactly those of a CSV (text/csv body): missing ones are ended (only with confirm=1), new ones added, all or nothing; dryRun=1 answers what it would do",
      ...allow(...EDITORS),
      request: { query: registerImportQuery, body: csvUpload },
      responses: {
        200: json(importPreviewSchema, 'What was (or, on a dry run, would be) added and ended, by cell|person|role'),
        ...importErrors,
      },
    }),
    async (c) => {
      const { community, dryRun, confirm } = c.req.valid('query');
      const { rows, problems } = readRegister(await readCsvBody(c), assignmentRow);
      rejectProblems(problems);
      const preview = await importTransaction(c.var.db, dryRun, async (q) => {
        const current = await listAssignments(q, { communityCode: community });
        const key = (cell: string, person: number, role: string) => `${cell}|${person}|${role}`;
        const wanted = new Map<string, number>();
        const rowProblems: CsvProblem[] = [];
        for (const { row, value } of rows) {
          const k = key(value.cell_code, value.person_id, value.role);
          if (wanted.has(k)) rowProblems.push(csvProblem(row, 'csv.same_assignment', { firstRow: wanted.get(k)! }));
          wanted.set(k, row);
          const cell = await publishedCell(q, value.cell_code);
          if (cell && cell.communityCode !== community) {
            rowProblems.push(
              csvProblem(
                row,
                'csv.cell_other_community',
                { cellCode: value.cell_code, cellCommunity: cell.communityCode, communityCode: community },
                'cell_code',
              ),
            );
          }
        }
        rejectProblems(rowProblems);
        // An assignment has nothing to change in place: it is kept, added or ended.
        const keys = {
          stored: (a: (typeof current)[number]) => key(a.cellCode, a.personId, a.role),
          wanted: (r: (typeof rows)[number]) => key(r.value.cell_code, r.value.person_id, r.value.role),
        };
        const plan = reconcile(current, rows, keys, () => true);
        const preview = previewOf(plan, keys, 'ended', dryRun);
        requireConfirmation(preview, { dryRun, confirm });
        const username = c.var.user!.username;
        await applyImportPlan(plan, {
          remove: (a) => endAssignment(q, a.id, undefined, username),
          add: (v, row) => createAssignment(q, { cellCode: v.cell_code, personId: v.person_id, role: v.role }, username, `row ${row}`),
        });
        return preview;
      });
      return c.json(preview, 200);
    },
  );
