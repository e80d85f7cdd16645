/**
 * /api/disputes: the register of disputes and hazards by cell (矛盾纠纷调处、隐患排查). Workers
 * report in any cell and handle their own cells' cases; planners and admins handle all;
 * officials read. Personal data (party names, the reporter's phone) is masked like phones.
 */
import { requireInScope } from '../domain/access/scope';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import type { AppEnv, SessionUser } from '../http/env';
import { ApiError } from '../http/errors';
import { errorBodySchema, idParam } from '../contract/common';
import { msg, type MessageCode } from '../contract/messages';
import {
  MAX_PHOTO_BYTES,
  disputeCreate,
  disputeDetailSchema,
  disputeQuery,
  disputeSchema,
  photoSaved,
  ratesQuery,
  ratesSchema,
  statusChange,
} from '../contract/disputes';
import type { Queryable } from '../db/pool';
import { cellsOfAccount } from '../db/users';
import {
  accountPhone,
  buildingRoute,
  cellPeople,
  disputeHistory,
  getDispute,
  getPhoto,
  insertDispute,
  listDisputes,
  moveDispute,
  savePhoto,
} from '../db/disputes';
import { ratesForScope } from '../db/dispute-rates';
import { townToday } from '../db/town-time';
import { defaultDeadline } from '../domain/disputes/deadlines';
import { mayHandle, mayRead, presentDispute, registerScope } from '../domain/disputes/access';
import { TRANSITIONS } from '../domain/disputes/transitions';
import { TARGETS } from '../domain/disputes/rates';
import { checkPhoto } from '../domain/disputes/photo';
import { forbidden, notFound, unprocessable } from '../domain/errors';
import { seesPersonalData } from '../domain/access/mask';

const tags = ['disputes'];
const HANDLERS = ['worker', 'planner', 'admin'] as const;
const READERS = ['worker', 'planner', 'admin', 'official'] as const;

/** The caller's own cells (those of /api/auth/me); only workers' matter. */
async function ownCells(q: Queryable, user: SessionUser): Promise<string[]> {
  return user.role === 'worker' ? cellsOfAccount(q, user.username, user.personId) : [];
}

/** A case with its history, the people it is routed to and what the caller may do next. */
async function detail(q: Queryable, id: number, user: SessionUser, cells: readonly string[]) {
  const row = await getDispute(q, id);
  if (!row) throw notFound('dispute.not_found', { id });
  return {
    ...presentDispute(row, user, cells),
    history: await disputeHistory(q, id),
    routedTo: row.cellCode ? await cellPeople(q, row.cellCode) : [],
    nextStatuses: mayHandle(user, row.cellCode, cells) ? [...TRANSITIONS[row.status]] : [],
  };
}

/** A refused photo names the field, like a validation failure. */
function photoProblem(status: 400 | 413 | 415, code: MessageCode, params: Record<string, string | number> = {}) {
  const full = { field: 'photo', ...params };
  return new ApiError(status, code, full, [{ field: 'photo', ...msg(code, full) }]);
}

const photoLimit = bodyLimit({
  maxSize: MAX_PHOTO_BYTES,
  onError: () => {
    throw photoProblem(413, 'dispute.photo_too_large', { limitMegabytes: MAX_PHOTO_BYTES / 1024 / 1024 });
  },
});
const photoWriters = allow(...HANDLERS);
const photoContent = {
  'image/jpeg': { schema: z.string().describe('JPEG bytes') },
  'image/png': { schema: z.string().describe('PNG bytes') },
};

function noStore(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store');
}

export const disputes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/rates',
      tags,
      summary:
        'Mediation rate (mediated / reported) and success rate (resolved / mediated) of the disputes reported in a year, per cell, community or the town',
      ...allow(),
      request: { query: ratesQuery },
      responses: { 200: json(ratesSchema, 'Counts and rates, with the plan targets') },
    }),
    async (c) => {
      const { year, scope } = c.req.valid('query');
      const rows = await c.var.db.withClient((q) => ratesForScope(q, year, scope));
      return c.json({ year, scope, targets: { ...TARGETS }, rows }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: "The register: every case (a grid worker: their cells' cases), newest first",
      ...allow(...READERS),
      request: { query: disputeQuery },
      responses: { 200: json(z.array(disputeSchema), 'Cases, personal data masked where the caller may not see it') },
    }),
    async (c) => {
      const user = c.var.user!;
      const query = c.req.valid('query');
      const rows = await c.var.db.withClient(async (q) => {
        const cells = await ownCells(q, user);
        const list = await listDisputes(q, {
          ...query,
          overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
          ...registerScope(user, cells),
          scope: user.scopeCode,
        });
        return list.map((row) => presentDispute(row, user, cells));
      });
      noStore(c);
      return c.json(rows, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary:
        "Report a dispute or hazard at a building; it is routed to the building's cell in the published plan and gets its category's deadline",
      ...allow(...HANDLERS),
      request: { body: jsonBody(disputeCreate) },
      responses: {
        201: json(disputeDetailSchema, 'The new case, with the cell people it is routed to'),
        422: json(errorBodySchema, 'Unknown building (dispute.building_not_found)'),
      },
    }),
    async (c) => {
      const user = c.var.user!;
      const body = c.req.valid('json');
      const answer = await c.var.db.withTransaction(async (q) => {
        requireInScope(user.scopeCode, body.buildingCode);
        const route = await buildingRoute(q, body.buildingCode);
        if (!route) throw unprocessable('dispute.building_not_found', { code: body.buildingCode }, [{ field: 'json.buildingCode' }]);
        const today = await townToday(q);
        const id = await insertDispute(
          q,
          {
            ...body,
            ...route,
            reporterPhone: await accountPhone(q, user.username),
            deadline: defaultDeadline(body.kind, body.category, today),
          },
          user.username,
        );
        return detail(q, id, user, await ownCells(q, user));
      });
      noStore(c);
      return c.json(answer, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One case with its history (ETag = version)',
      ...allow(...READERS),
      request: { params: idParam },
      responses: {
        200: json(disputeDetailSchema, 'The case'),
        403: json(errorBodySchema, "A grid worker asking for another cell's case (dispute.outside_cells)"),
        404: json(errorBodySchema, 'Unknown case (dispute.not_found)'),
      },
    }),
    async (c) => {
      const user = c.var.user!;
      const { id } = c.req.valid('param');
      const answer = await c.var.db.withClient(async (q) => {
        const row = await getDispute(q, id);
        if (!row) throw notFound('dispute.not_found', { id });
        const cells = await ownCells(q, user);
        if (!mayRead(user, row.cellCode, cells)) throw forbidden('dispute.outside_cells', { id, cellCode: row.cellCode });
        return detail(q, id, user, cells);
      });
      noStore(c);
      c.header('ETag', `W/"${answer.version}"`);
      return c.json(answer, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/status',
      tags,
      summary: 'Move a case on (reported → accepted → mediating → resolved / failed, or referred) with a note; versioned and audited',
      ...allow(...HANDLERS),
      request: { params: idParam, body: jsonBody(statusChange) },
      responses: {
        200: json(disputeDetailSchema, 'The case after the move'),
        403: json(errorBodySchema, "A grid worker moving another cell's case (dispute.outside_cells)"),
        404: json(errorBodySchema, 'Unknown case (dispute.not_found)'),
        409: json(errorBodySchema, 'Stale version (stale_version), or a move the life cycle does not allow (dispute.invalid_transition)'),
      },
    }),
    async (c) => {
      const user = c.var.user!;
      const { id } = c.req.valid('param');
      const change = c.req.valid('json');
      const answer = await c.var.db.withTransaction(async (q) => {
        const row = await getDispute(q, id);
        if (!row) throw notFound('dispute.not_found', { id });
        const cells = await ownCells(q, user);
        if (!mayHandle(user, row.cellCode, cells)) throw forbidden('dispute.outside_cells', { id, cellCode: row.cellCode });
        await moveDispute(q, id, change, user.username);
        return detail(q, id, user, cells);
      });
      noStore(c);
      return c.json(answer, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}/photo',
      tags,
      summary: 'Attach a photo (the body is the JPEG or PNG itself, at most 2 MB); by the reporter or whoever handles the case',
      ...photoWriters,
      middleware: [photoWriters.middleware, photoLimit],
      request: { params: idParam, body: { required: true, content: photoContent } },
      responses: {
        200: json(photoSaved, 'Stored'),
        400: json(errorBodySchema, 'Empty photo (dispute.photo_empty); details name the field'),
        403: json(errorBodySchema, "Neither the reporter nor a handler of the case's cell (dispute.outside_cells)"),
        404: json(errorBodySchema, 'Unknown case (dispute.not_found)'),
        413: json(errorBodySchema, 'Over 2 MB (dispute.photo_too_large); details name the field'),
        415: json(errorBodySchema, 'Not a JPEG or PNG (dispute.photo_type); details name the field'),
      },
    }),
    async (c) => {
      const user = c.var.user!;
      const { id } = c.req.valid('param');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const check = checkPhoto(bytes, c.req.header('content-type'));
      if (!check.valid) {
        const limitMegabytes = MAX_PHOTO_BYTES / 1024 / 1024;
        if (check.reason === 'photo_too_large') throw photoProblem(413, 'dispute.photo_too_large', { limitMegabytes });
        if (check.reason === 'photo_type') throw photoProblem(415, 'dispute.photo_type');
        throw photoProblem(400, 'dispute.photo_empty');
      }
      await c.var.db.withTransaction(async (q) => {
        const row = await getDispute(q, id);
        if (!row) throw notFound('dispute.not_found', { id });
        const cells = await ownCells(q, user);
        if (row.reportedBy !== user.username && !mayHandle(user, row.cellCode, cells))
          throw forbidden('dispute.outside_cells', { id, cellCode: row.cellCode });
        await savePhoto(q, id, { contentType: check.contentType, bytes }, user.username);
      });
      return c.json({ id, hasPhoto: true as const, bytes: bytes.byteLength, contentType: check.contentType }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/photo',
      tags,
      summary: "A case's photo, only for those who see the case's personal data",
      ...allow(...READERS),
      request: { params: idParam },
      responses: {
        200: { description: 'The image', content: photoContent },
        403: json(errorBodySchema, "The caller does not see this case's personal data (dispute.outside_cells)"),
        404: json(errorBodySchema, 'Unknown case (dispute.not_found) or no photo (dispute.photo_not_found)'),
      },
    }),
    async (c) => {
      const user = c.var.user!;
      const { id } = c.req.valid('param');
      const photo = await c.var.db.withClient(async (q) => {
        const row = await getDispute(q, id);
        if (!row) throw notFound('dispute.not_found', { id });
        if (!seesPersonalData(user, row.cellCode, await ownCells(q, user)))
          throw forbidden('dispute.outside_cells', { id, cellCode: row.cellCode });
        const found = await getPhoto(q, id);
        if (!found) throw notFound('dispute.photo_not_found', { id });
        return found;
      });
      return c.body(new Uint8Array(photo.bytes), 200, { 'Content-Type': photo.contentType, 'Cache-Control': 'private, no-store' });
    },
  );
