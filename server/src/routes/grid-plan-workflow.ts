/**
 * The life of a grid plan after drafting, under /grid-plans/{id}: submit → approve → publish, or
 * reject and reopen. Each step takes the plan's version; submit, approve and publish run every
 * integrity check first.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Role } from '../http/env';
import { EDITORS } from '../http/auth';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { planIdParam, planViewSchema, publishPreviewSchema, publishedPlanSchema, rejectBody, versionBody } from '../contract/grid-plans';
import { publishPlan, transitionPlan } from '../db/grid-publish';
import { publishPreview } from '../db/grid-publish-preview';
import { withRefusalAudited } from '../db/audit';
import { errorBodySchema } from '../contract/common';
import { FAILS_CHECKS, NOT_FOUND, PLAN_ANSWER, WRONG_STATE, planAnswer, tags } from './grid-plan-shared';

const APPROVERS: Role[] = ['admin', 'official'];
const PUBLISHERS: Role[] = ['admin', 'official', 'planner'];

/** A step that takes the plan's version and needs every integrity check passed. */
const checkedStep = (path: '/{id}/submit' | '/{id}/approve', summary: string, roles: Role[]) =>
  createRoute({
    method: 'post',
    path,
    tags,
    summary,
    ...allow(...roles),
    request: { params: planIdParam, body: jsonBody(versionBody) },
    responses: {
      200: json(planViewSchema, PLAN_ANSWER),
      ...(path === '/{id}/approve'
        ? {
            403: json(
              errorBodySchema,
              'Not an approver, or the caller submitted this plan (grid.plan.self_approval): someone else must approve',
            ),
          }
        : {}),
      404: NOT_FOUND,
      409: WRONG_STATE,
      422: FAILS_CHECKS,
    },
  });

export const gridPlanWorkflow = createRouter()
  .openapi(checkedStep('/{id}/submit', 'Submit a draft for approval (must pass every integrity check)', EDITORS), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => transitionPlan(q, id, c.req.valid('json').version, c.var.user!.username, 'submit'));
    return c.json(await planAnswer(c, id), 200);
  })
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/reopen',
      tags,
      summary: 'Take a submitted or rejected plan back to draft',
      ...allow(...EDITORS),
      request: { params: planIdParam, body: jsonBody(versionBody) },
      responses: { 200: json(planViewSchema, PLAN_ANSWER), 404: NOT_FOUND, 409: WRONG_STATE },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await c.var.db.withTransaction((q) => transitionPlan(q, id, c.req.valid('json').version, c.var.user!.username, 'reopen'));
      return c.json(await planAnswer(c, id), 200);
    },
  )
  .openapi(
    checkedStep('/{id}/approve', 'Approve a submitted plan (checks run again); not by whoever submitted it', APPROVERS),
    async (c) => {
      const { id } = c.req.valid('param');
      const username = c.var.user!.username;
      await withRefusalAudited(c.var.db, { username, action: 'grid_plan.approve', entity: 'grid_plan', entityId: String(id) }, (q) =>
        transitionPlan(q, id, c.req.valid('json').version, username, 'approve'),
      );
      return c.json(await planAnswer(c, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/reject',
      tags,
      summary: 'Reject a submitted or approved plan with a reason',
      ...allow(...APPROVERS),
      request: { params: planIdParam, body: jsonBody(rejectBody) },
      responses: { 200: json(planViewSchema, PLAN_ANSWER), 404: NOT_FOUND, 409: WRONG_STATE },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version, reason } = c.req.valid('json');
      await c.var.db.withTransaction((q) => transitionPlan(q, id, version, c.var.user!.username, 'reject', reason));
      return c.json(await planAnswer(c, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/publish-preview',
      tags,
      summary:
        'What publishing the plan would change now, written nowhere: the published cells that close, the new codes, the buildings that change cell and the responsibilities re-pointed (for the confirmation before publishing)',
      ...allow(),
      request: { params: planIdParam },
      responses: {
        200: json(publishPreviewSchema, 'Closing and new cells, moved buildings and households, and responsibility counts'),
        404: NOT_FOUND,
      },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await c.var.db.withClient((q) => publishPreview(q, c.req.valid('param').id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/publish',
      tags,
      summary:
        'Publish an approved plan in one transaction: outlines rebuilt and every integrity check passed (else 422 with the failures), codes assigned west→east, north→south, ' +
        'the previous published plan archived and its cells closed (valid_to), lineage recorded, each open responsibility of a retired cell closed and reopened on the new cell that took most of its households, volunteer areas by cell code re-pointed. ' +
        'Sent again with the version it was published from (a retry whose answer was lost), it answers 200 with the same report and changes nothing',
      ...allow(...PUBLISHERS),
      request: { params: planIdParam, body: jsonBody(versionBody) },
      responses: {
        200: json(publishedPlanSchema, `${PLAN_ANSWER} \`publish\` reports the codes, lineage and re-pointed responsibilities.`),
        404: NOT_FOUND,
        409: WRONG_STATE,
        422: FAILS_CHECKS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const report = await c.var.db.withTransaction((q) => publishPlan(q, id, c.req.valid('json').version, c.var.user!.username));
      return c.json({ ...(await planAnswer(c, id)), publish: report }, 200);
    },
  );
