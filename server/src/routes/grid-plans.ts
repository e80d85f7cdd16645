/**
 * Grid plans (PRODUCT §5.3) under /grid-plans: read, validate, edit with server-side undo/redo,
 * move through submit → approve → publish, and compare. Community-scoped routes (list, create,
 * generate) are in grid-plan-communities.ts. Every write takes the plan's `version` (stale → 409).
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv, Role } from '../http/env';
import { EDITORS } from '../http/auth';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import {
  buildingCollectionSchema,
  compareQuery,
  comparisonSchema,
  deleteQuery,
  editBody,
  editedPlanSchema,
  loggedEditSchema,
  planIdParam,
  planPatch,
  planViewSchema,
  publishedPlanSchema,
  rejectBody,
  validationSchema,
  versionBody,
  type PlanView,
} from '../contract/grid-plans';
import { planView } from '../db/grid-plan-view';
import { validatePlan } from '../db/grid-validation';
import { stepHistory } from '../db/grid-edits';
import { applyEditRequest } from '../db/grid-edit-ops';
import { publishPlan, transitionPlan } from '../db/grid-publish';
import { comparePlanIds } from '../db/grid-compare';
import { deletePlan, editLog, planBuildings, updatePlan } from '../db/grid-plan-admin';

const tags = ['grid plans'];
const APPROVERS: Role[] = ['admin', 'official'];
const PUBLISHERS: Role[] = ['admin', 'official', 'planner'];

const NOT_FOUND = json(errorBodySchema, 'Unknown plan (grid.plan.not_found)');
const STALE = json(errorBodySchema, 'Stale version (stale_version, details.currentVersion), or the plan is not a draft (grid.plan.not_editable)');
const WRONG_STATE = json(errorBodySchema, 'Stale version (stale_version), or the plan is not in a state this step starts from (grid.plan.wrong_status)');
const FAILS_CHECKS = json(errorBodySchema, 'Integrity checks fail (grid.plan.integrity_failed; details.problems are the failures)');
const PLAN_ANSWER =
  'The plan with its cells and live figures, plan metrics, integrity checks and undo/redo state. Draft cells have a stable `label`; their `code` is the one publishing would assign now (codeProvisional). ETag = version.';

/** The full view of a plan, with its version as ETag; views are never cached. */
export async function planAnswer(c: Context<AppEnv>, planId: number): Promise<PlanView> {
  const view = await c.var.db.withClient((q) => planView(q, planId));
  c.header('ETag', `W/"${view.version}"`);
  c.header('Cache-Control', 'no-store');
  return view;
}

/** A workflow step that takes the plan's version (reject takes a reason too). */
const stepRoute = (path: '/{id}/submit' | '/{id}/reopen' | '/{id}/approve', summary: string, roles: Role[]) =>
  createRoute({
    method: 'post',
    path,
    tags,
    summary,
    ...allow(...roles),
    request: { params: planIdParam, body: jsonBody(versionBody) },
    responses: { 200: json(planViewSchema, PLAN_ANSWER), 404: NOT_FOUND, 409: WRONG_STATE, 422: FAILS_CHECKS },
  });

export const gridPlans = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/compare',
      tags,
      summary: 'Which buildings and households change cell between plan a and plan b (cells matched by shared households)',
      ...allow(),
      request: { query: compareQuery },
      responses: {
        200: json(comparisonSchema, 'Matched cells, cells only in one plan, and the buildings that move'),
        400: json(errorBodySchema, 'Invalid input, or plans of different communities (grid.compare.different_communities)'),
        404: NOT_FOUND,
      },
    }),
    async (c) => {
      const { a, b } = c.req.valid('query');
      return c.json(await c.var.db.withClient((q) => comparePlanIds(q, a, b)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'A plan with live cell metrics, plan metrics, integrity checks and undo/redo state',
      ...allow(),
      request: { params: planIdParam },
      responses: { 200: json(planViewSchema, PLAN_ANSWER), 404: NOT_FOUND },
    }),
    async (c) => c.json(await planAnswer(c, c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/validation',
      tags,
      summary:
        'Integrity checks in PostGIS: unassigned / double-assigned buildings, out-of-range and non-contiguous cells, gaps, overlaps and parts outside the community (areas in m²; parts under the tolerance are reported as slivers)',
      ...allow(),
      request: { params: planIdParam },
      responses: { 200: json(validationSchema, 'Counts per kind and the problems (each a message with the cells, buildings and place it concerns)'), 404: NOT_FOUND },
    }),
    async (c) => {
      const validation = await c.var.db.withClient((q) => validatePlan(q, c.req.valid('param').id));
      c.header('Cache-Control', 'no-store');
      return c.json(validation, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/buildings',
      tags,
      summary: "The community's buildings with their cell in this plan (for painting)",
      ...allow(),
      request: { params: planIdParam },
      responses: { 200: json(buildingCollectionSchema, 'A FeatureCollection of the buildings; `cell` is the label in this plan or null'), 404: NOT_FOUND },
    }),
    async (c) => {
      const buildings = await c.var.db.withClient((q) => planBuildings(q, c.req.valid('param').id));
      c.header('Cache-Control', 'no-store');
      return c.json(buildings, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/edits',
      tags,
      summary: 'The edit log (undone edits are redoable)',
      ...allow(),
      request: { params: planIdParam },
      responses: { 200: json(z.array(loggedEditSchema), 'Edits, oldest first'), 404: NOT_FOUND },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => editLog(q, c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary: 'Rename a draft or change its household range',
      ...allow(...EDITORS),
      request: { params: planIdParam, body: jsonBody(planPatch) },
      responses: {
        200: json(planViewSchema, PLAN_ANSWER),
        400: json(errorBodySchema, 'Invalid input, or a minimum over the maximum (grid.plan.min_over_max)'),
        404: NOT_FOUND,
        409: STALE,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await c.var.db.withTransaction((q) => updatePlan(q, id, c.req.valid('json'), c.var.user!.username));
      return c.json(await planAnswer(c, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete a draft or rejected plan',
      ...allow(...EDITORS),
      request: { params: planIdParam, query: deleteQuery },
      responses: {
        204: { description: 'Deleted' },
        404: NOT_FOUND,
        409: json(errorBodySchema, 'Stale version (stale_version), or not a draft or rejected plan (grid.plan.not_deletable)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await c.var.db.withTransaction((q) => deletePlan(q, id, c.req.valid('query').version, c.var.user!.username));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/edits',
      tags,
      summary:
        'One edit of a draft, logged for undo/redo. move: buildings/compounds into cell `to` (null = new cell); new_cell; merge: touching cells into the first; ' +
        'split_line: divide a cell by a line; draw: the buildings whose point-on-surface is inside the outline join `cell` (null = new; replace = the cell gives up buildings outside it); ' +
        'lock: automatic tools leave locked cells alone; rebalance: fewest moves to bring cells into range; regenerate: re-partition the unlocked part. Emptied cells disappear.',
      ...allow(...EDITORS),
      request: { params: planIdParam, body: jsonBody(editBody) },
      responses: {
        200: json(editedPlanSchema, `${PLAN_ANSWER} \`edit\` says what the edit did, with the automatic tools' notes.`),
        400: json(
          errorBodySchema,
          'Invalid input; a building or compound of another community (grid.edit.not_in_community), an unknown cell (grid.edit.unknown_cell), a malformed outline or line (grid.shape.*, details.field/reason/location) or one outside the community (grid.shape.outside_community)',
        ),
        404: NOT_FOUND,
        409: STALE,
        422: json(errorBodySchema, 'The edit cannot be done: grid.edit.no_change, nothing_selected, outline_empty, not_adjacent, too_few_cells, not_in_cell, no_split'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const edit = await c.var.db.withTransaction((q) => applyEditRequest(q, id, c.req.valid('json'), c.var.user!.username));
      return c.json({ ...(await planAnswer(c, id)), edit }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/undo',
      tags,
      summary: 'Undo the last applied edit',
      ...allow(...EDITORS),
      request: { params: planIdParam, body: jsonBody(versionBody) },
      responses: {
        200: json(editedPlanSchema, PLAN_ANSWER),
        404: NOT_FOUND,
        409: json(errorBodySchema, 'Stale version, not a draft, nothing to undo (grid.history.nothing_to_undo) or a log that no longer fits the plan (grid.history.out_of_sync)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const edit = await c.var.db.withTransaction((q) => stepHistory(q, id, c.req.valid('json').version, c.var.user!.username, 'undo'));
      return c.json({ ...(await planAnswer(c, id)), edit }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/redo',
      tags,
      summary: 'Redo the last undone edit (a new edit discards the redo branch)',
      ...allow(...EDITORS),
      request: { params: planIdParam, body: jsonBody(versionBody) },
      responses: {
        200: json(editedPlanSchema, PLAN_ANSWER),
        404: NOT_FOUND,
        409: json(errorBodySchema, 'Stale version, not a draft, nothing to redo (grid.history.nothing_to_redo) or a log that no longer fits the plan (grid.history.out_of_sync)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const edit = await c.var.db.withTransaction((q) => stepHistory(q, id, c.req.valid('json').version, c.var.user!.username, 'redo'));
      return c.json({ ...(await planAnswer(c, id)), edit }, 200);
    },
  )
  .openapi(stepRoute('/{id}/submit', 'Submit a draft for approval (must pass every integrity check)', EDITORS), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => transitionPlan(q, id, c.req.valid('json').version, c.var.user!.username, 'submit'));
    return c.json(await planAnswer(c, id), 200);
  })
  .openapi(stepRoute('/{id}/reopen', 'Take a submitted or rejected plan back to draft', EDITORS), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => transitionPlan(q, id, c.req.valid('json').version, c.var.user!.username, 'reopen'));
    return c.json(await planAnswer(c, id), 200);
  })
  .openapi(stepRoute('/{id}/approve', 'Approve a submitted plan (checks run again)', APPROVERS), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.db.withTransaction((q) => transitionPlan(q, id, c.req.valid('json').version, c.var.user!.username, 'approve'));
    return c.json(await planAnswer(c, id), 200);
  })
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
      method: 'post',
      path: '/{id}/publish',
      tags,
      summary:
        'Publish an approved plan in one transaction: outlines rebuilt and every integrity check passed (else 422 with the failures), codes assigned west→east, north→south, ' +
        'the previous published plan archived and its cells closed (valid_to), lineage recorded, each open responsibility of a retired cell closed and reopened on the new cell that took most of its households, volunteer areas by cell code re-pointed',
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
