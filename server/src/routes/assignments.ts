/** Cell assignments: who holds which role in which cell; batch apply, suggestions and CSV. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { EDITORS, requireRole } from '../http/auth';
import { ApiError } from '../http/errors';
import { cellsForSuggestion, createAssignment, endAssignment, freeWorkerCandidates, listAssignments, publishedCell } from '../db/assignments';
import { getSettings } from '../db/settings';
import { CELL_ROLES, DEFAULT_WORKER_TYPES, PERSON_TYPES } from '../domain/responsibility/vocabulary';
import { suggestWorkers } from '../domain/responsibility/suggest-workers';
import { assignmentRow, readRegister, REGISTER_COLUMNS, writeRegister, type CsvProblem } from '../domain/responsibility/csv';
import { cellCode, communityCode, communityQuery, csvReply, idParam, presentPeople, readCsvBody, rejectProblems, rowProblem } from './responsibility-common';

export const assignmentBody = z.object({ cellCode, personId: z.number().int().positive(), role: z.enum(CELL_ROLES) });
export const assignmentBatch = z.object({ assignments: z.array(assignmentBody).min(1).max(500) });
export const assignmentsQuery = z.object({ community: communityCode.optional(), cell: cellCode.optional(), person: z.coerce.number().int().positive().optional() });
export const endQuery = z.object({ version: z.coerce.number().int().positive().optional() });
export const suggestWorkersBody = z.object({
  communityCode,
  types: z.array(z.enum(PERSON_TYPES)).min(1).optional(),
  maxHouseholdsPerWorker: z.number().int().positive().max(100_000).optional(),
});

export const assignments = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', assignmentsQuery), async (c) => {
    const { community, cell, person } = c.req.valid('query');
    const rows = await c.var.db.withClient((q) => listAssignments(q, { communityCode: community, cellCode: cell, personId: person }));
    return c.json(presentPeople(c, rows));
  })
  .post('/', requireRole(...EDITORS), validate('json', assignmentBody), async (c) => {
    const body = c.req.valid('json');
    const id = await c.var.db.withTransaction((q) => createAssignment(q, body, c.var.user!.username));
    return c.json({ id, ...body }, 201);
  })
  .post('/batch', requireRole(...EDITORS), validate('json', assignmentBatch), async (c) => {
    const { assignments: list } = c.req.valid('json');
    const ids = await c.var.db.withTransaction(async (q) => {
      const out: number[] = [];
      for (const [i, a] of list.entries()) out.push(await createAssignment(q, a, c.var.user!.username, `json.assignments.${i}`));
      return out;
    });
    return c.json({ ids }, 201);
  })
  .delete('/:id', requireRole(...EDITORS), validate('param', idParam), validate('query', endQuery), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => endAssignment(q, id, c.req.valid('query').version, c.var.user!.username));
    return c.body(null, 204);
  })
  .post('/suggest', requireRole(...EDITORS), validate('json', suggestWorkersBody), async (c) => {
    const body = c.req.valid('json');
    const types = body.types ?? DEFAULT_WORKER_TYPES;
    const { cells, candidates, limit } = await c.var.db.withClient(async (q) => ({
      cells: await cellsForSuggestion(q, body.communityCode),
      candidates: await freeWorkerCandidates(q, body.communityCode, types),
      limit: body.maxHouseholdsPerWorker ?? (await getSettings(q))['staffing.maxHouseholdsPerGridWorker'],
    }));
    if (cells.length === 0) throw new ApiError(404, 'no_published_cells', `Community ${body.communityCode} has no published grid cells`);
    const result = await suggestWorkers(cells, candidates, limit);
    const byId = new Map(candidates.map((p) => [p.personId, p]));
    c.header('Cache-Control', 'no-store');
    return c.json({
      ...result,
      maxHouseholdsPerWorker: limit,
      candidateCount: candidates.length,
      proposals: result.proposals.map((p) => ({ ...p, role: 'grid_worker', personName: byId.get(p.personId)!.name, personType: byId.get(p.personId)!.type })),
    });
  })
  .get('/export.csv', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const rows = await c.var.db.withClient((q) => listAssignments(q, { communityCode: community }));
    const csv = writeRegister(REGISTER_COLUMNS.assignments, rows.map((r) => ({ cell_code: r.cellCode, person_id: r.personId, person_name: r.personName, role: r.role, valid_from: r.validFrom })));
    return csvReply(c, `assignments-${community}.csv`, csv);
  })
  .post('/import', requireRole(...EDITORS), validate('query', communityQuery), async (c) => {
    const { community } = c.req.valid('query');
    const { rows, problems } = readRegister(await readCsvBody(c), assignmentRow);
    rejectProblems(problems);
    const report = await c.var.db.withTransaction(async (q) => {
      const current = await listAssignments(q, { communityCode: community });
      const key = (cell: string, person: number, role: string) => `${cell}|${person}|${role}`;
      const wanted = new Map<string, number>();
      const rowProblems: CsvProblem[] = [];
      for (const { row, value } of rows) {
        const k = key(value.cell_code, value.person_id, value.role);
        if (wanted.has(k)) rowProblems.push({ row, message: `same assignment as row ${wanted.get(k)}` });
        wanted.set(k, row);
        const cell = await publishedCell(q, value.cell_code);
        if (cell && cell.communityCode !== community) rowProblems.push({ row, field: 'cell_code', message: `cell ${value.cell_code} is in community ${cell.communityCode}, not ${community}` });
      }
      rejectProblems(rowProblems);
      const ended = current.filter((a) => !wanted.has(key(a.cellCode, a.personId, a.role)));
      for (const a of ended) await endAssignment(q, a.id, undefined, c.var.user!.username);
      const have = new Set(current.map((a) => key(a.cellCode, a.personId, a.role)));
      let added = 0;
      for (const { row, value } of rows) {
        if (have.has(key(value.cell_code, value.person_id, value.role))) continue;
        try {
          await createAssignment(q, { cellCode: value.cell_code, personId: value.person_id, role: value.role }, c.var.user!.username, `row ${row}`);
          added++;
        } catch (err) {
          rowProblems.push(rowProblem(err, row));
        }
      }
      rejectProblems(rowProblems);
      return { added, ended: ended.length, kept: current.length - ended.length };
    });
    return c.json(report);
  });

export const assignmentDocs: RouteDoc[] = [
  { method: 'get', path: '/assignments', tag: 'responsibility', summary: 'Open cell assignments, by community, cell or person (phones masked unless admin/planner)', roles: ['*'], query: assignmentsQuery, returns: '[{id, cellCode, cellLabel, communityCode, personId, personName, personType, phone, role, validFrom, version}]' },
  { method: 'post', path: '/assignments', tag: 'responsibility', summary: 'Assign a person to a current cell with a role', roles: EDITORS, body: assignmentBody, returns: '{id, cellCode, personId, role} (201)', errors: { 400: 'Unknown cell or person, or a person of another community (code other_community)', 409: 'The person already holds this role in the cell (code duplicate_assignment)' } },
  { method: 'post', path: '/assignments/batch', tag: 'responsibility', summary: 'Apply several assignments at once (all or nothing), e.g. an accepted suggestion', roles: EDITORS, body: assignmentBatch, returns: '{ids} (201)', errors: { 400: 'A bad entry (message names body.assignments.N)', 409: 'A duplicate entry' } },
  { method: 'delete', path: '/assignments/{id}', tag: 'responsibility', summary: 'End an assignment today (kept as history)', roles: EDITORS, params: idParam, query: endQuery, returns: '204', errors: { 404: 'Unknown assignment', 409: 'Already ended or stale version' } },
  { method: 'post', path: '/assignments/suggest', tag: 'responsibility', summary: 'Propose grid workers for cells that lack them: nearest people of the given types, enough per cell to stay within the household limit (nothing is written)', roles: EDITORS, body: suggestWorkersBody, returns: '{status, maxHouseholdsPerWorker, candidateCount, proposals: [{cellCode, personId, personName, personType, role, distanceMetres}], unfilled: [{cellCode, missing, noWorker}]}', errors: { 404: 'The community has no published cells' } },
  { method: 'get', path: '/assignments/export.csv', tag: 'responsibility', summary: 'A community\'s open assignments as CSV (cell_code, person_id, person_name, role, valid_from)', roles: EDITORS, query: communityQuery, returns: 'text/csv' },
  { method: 'post', path: '/assignments/import', tag: 'responsibility', summary: 'Make a community\'s open assignments exactly those of a CSV (text/csv body): missing ones are ended, new ones added, all or nothing', roles: EDITORS, query: communityQuery, returns: '{added, ended, kept}', errors: { 400: 'Problems by row (details.problems)', 415: 'Body is not text/csv' } },
];
