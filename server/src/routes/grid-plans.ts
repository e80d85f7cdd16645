/**
 * Grid plans (PRODUCT §5.3) under /grid-plans: read, validate, edit with server-side undo/redo,
 * move through submit → approve → publish, and compare. Community-scoped routes (list, create,
 * generate) are in grid-plan-communities.ts. Every write takes the plan's `version` (stale → 409).
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { notFound } from '../http/errors';
import { EDITORS, requireRole } from '../http/auth';
import { planView } from '../db/grid-plan-view';
import { validatePlan } from '../db/grid-validation';
import { getPlanRow } from '../db/grid-plans';
import { stepHistory } from '../db/grid-edits';
import { applyEditRequest } from '../db/grid-edit-ops';
import { publishPlan, transitionPlan, type Transition } from '../db/grid-publish';
import { comparePlanIds } from '../db/grid-compare';
import { deletePlan, editLog, planBuildings, updatePlan } from '../db/grid-plan-admin';
import { compareQuery, deleteQuery, editSchema, planIdParam, planPatch, rejectBody, versionBody } from './grid-plan-schemas';

/** Answers with the plan's full view and its version as ETag. */
export async function sendPlan(c: Context<AppEnv>, planId: number, extra: Record<string, unknown> = {}, status: 200 | 201 = 200) {
  const view = await c.var.db.withClient((q) => planView(q, planId));
  if (!view) throw notFound(`No grid plan ${planId}`);
  c.header('ETag', `W/"${view.version}"`);
  c.header('Cache-Control', 'no-store');
  return c.json({ ...view, ...extra }, status);
}

const APPROVERS = ['admin', 'official'] as const;
const PUBLISHERS = ['admin', 'official', 'planner'] as const;

const transition = (action: Transition) => async (c: Context<AppEnv>, planId: number, version: number, reason?: string) => {
  await c.var.db.withTransaction((q) => transitionPlan(q, planId, version, c.var.user!.username, action, reason));
  return sendPlan(c, planId);
};

export const gridPlans = new Hono<AppEnv>()
  .get('/compare', requireRole(), validate('query', compareQuery), async (c) => {
    const { a, b } = c.req.valid('query');
    return c.json(await c.var.db.withClient((q) => comparePlanIds(q, a, b)));
  })
  .get('/:id', requireRole(), validate('param', planIdParam), async (c) => sendPlan(c, c.req.valid('param').id))
  .get('/:id/validation', requireRole(), validate('param', planIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const validation = await c.var.db.withClient(async (q) => ((await getPlanRow(q, id)) ? validatePlan(q, id) : undefined));
    if (!validation) throw notFound(`No grid plan ${id}`);
    c.header('Cache-Control', 'no-store');
    return c.json(validation);
  })
  .get('/:id/buildings', requireRole(), validate('param', planIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const fc = await c.var.db.withClient((q) => planBuildings(q, id));
    if (!fc) throw notFound(`No grid plan ${id}`);
    c.header('Cache-Control', 'no-store');
    return c.json(fc);
  })
  .get('/:id/edits', requireRole(), validate('param', planIdParam), async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await c.var.db.withClient((q) => editLog(q, id)));
  })
  .patch('/:id', requireRole(...EDITORS), validate('param', planIdParam), validate('json', planPatch), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => updatePlan(q, id, c.req.valid('json'), c.var.user!.username));
    return sendPlan(c, id);
  })
  .delete('/:id', requireRole(...EDITORS), validate('param', planIdParam), validate('query', deleteQuery), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => deletePlan(q, id, c.req.valid('query').version, c.var.user!.username));
    return c.body(null, 204);
  })
  .post('/:id/edits', requireRole(...EDITORS), validate('param', planIdParam), validate('json', editSchema), async (c) => {
    const { id } = c.req.valid('param');
    const edit = await c.var.db.withTransaction((q) => applyEditRequest(q, id, c.req.valid('json'), c.var.user!.username));
    return sendPlan(c, id, { edit });
  })
  .post('/:id/undo', requireRole(...EDITORS), validate('param', planIdParam), validate('json', versionBody), async (c) => {
    const { id } = c.req.valid('param');
    const edit = await c.var.db.withTransaction((q) => stepHistory(q, id, c.req.valid('json').version, c.var.user!.username, 'undo'));
    return sendPlan(c, id, { edit });
  })
  .post('/:id/redo', requireRole(...EDITORS), validate('param', planIdParam), validate('json', versionBody), async (c) => {
    const { id } = c.req.valid('param');
    const edit = await c.var.db.withTransaction((q) => stepHistory(q, id, c.req.valid('json').version, c.var.user!.username, 'redo'));
    return sendPlan(c, id, { edit });
  })
  .post('/:id/submit', requireRole(...EDITORS), validate('param', planIdParam), validate('json', versionBody), async (c) =>
    transition('submit')(c, c.req.valid('param').id, c.req.valid('json').version),
  )
  .post('/:id/reopen', requireRole(...EDITORS), validate('param', planIdParam), validate('json', versionBody), async (c) =>
    transition('reopen')(c, c.req.valid('param').id, c.req.valid('json').version),
  )
  .post('/:id/approve', requireRole(...APPROVERS), validate('param', planIdParam), validate('json', versionBody), async (c) =>
    transition('approve')(c, c.req.valid('param').id, c.req.valid('json').version),
  )
  .post('/:id/reject', requireRole(...APPROVERS), validate('param', planIdParam), validate('json', rejectBody), async (c) => {
    const { version, reason } = c.req.valid('json');
    return transition('reject')(c, c.req.valid('param').id, version, reason);
  })
  .post('/:id/publish', requireRole(...PUBLISHERS), validate('param', planIdParam), validate('json', versionBody), async (c) => {
    const { id } = c.req.valid('param');
    const report = await c.var.db.withTransaction((q) => publishPlan(q, id, c.req.valid('json').version, c.var.user!.username));
    return sendPlan(c, id, { publish: report });
  });

