/**
 * Grid plans (PRODUCT §5.3) under /grid-plans: read, validate, edit with server-side undo/redo,
 * and compare. The workflow (submit → approve → publish) is in grid-plan-workflow.ts, the
 * community-scoped routes (list, create, generate) in grid-plan-communities.ts. Every write
 * takes the plan's `version` (stale → 409).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { EDITORS, scopeOf } from '../http/auth';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import {
  buildingCollectionSchema,
  communityPlanStatusSchema,
  compareQuery,
  comparisonSchema,
  deleteQuery,
  editBody,
  editedPlanSchema,
  loggedEditSchema,
  planIdParam,
  planPatch,
  planViewSchema,
  validationSchema,
  versionBody,
} from '../contract/grid-plans';
import { validatePlan } from '../db/grid-validation';
import { stepHistory } from '../db/grid-edits';
import { applyEditRequest } from '../db/grid-edit-ops';
import { comparePlanIds } from '../db/grid-compare';
import { communityPlanStatuses } from '../db/grid-plan-status';
import { deletePlan, editLog, planBuildings, updatePlan } from '../db/grid-plan-admin';
import { NOT_FOUND, PLAN_ANSWER, STALE, planAnswer, tags } from './grid-plan-shared';
import { gridPlanWorkflow } from './grid-plan-workflow';

export const gridPlans = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/status',
      tags,
      summary:
        "Where every community's grid plans stand: drafts, submitted, approved and returned plans, and the published plan's out-of-range cells and unassigned buildings (the community picker's badges)",
      ...allow(),
      responses: { 200: json(z.array(communityPlanStatusSchema), 'One row per community, by code') },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await c.var.db.withClient((q) => communityPlanStatuses(q, scopeOf(c))), 200);
    },
  )
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
      responses: {
        200: json(validationSchema, 'Counts per kind and the problems (each a message with the cells, buildings and place it concerns)'),
        404: NOT_FOUND,
      },
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
      responses: {
        200: json(buildingCollectionSchema, 'A FeatureCollection of the buildings; `cell` is the label in this plan or null'),
        404: NOT_FOUND,
      },
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
        "lock: automatic tools leave locked cells alone; rename: a name beside the cell's label (its number stays); rebalance: fewest moves to bring cells into range; regenerate: re-partition the unlocked part. Emptied cells disappear.",
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
        422: json(
          errorBodySchema,
          'The edit cannot be done: grid.edit.no_change, rebalance_no_cells, rebalance_in_range, rebalance_stuck, nothing_selected, outline_empty, outline_cuts_buildings, not_adjacent, too_few_cells, not_in_cell, no_split',
        ),
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
        409: json(
          errorBodySchema,
          'Stale version, not a draft, nothing to undo (grid.history.nothing_to_undo) or a log that no longer fits the plan (grid.history.out_of_sync)',
        ),
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
        409: json(
          errorBodySchema,
          'Stale version, not a draft, nothing to redo (grid.history.nothing_to_redo) or a log that no longer fits the plan (grid.history.out_of_sync)',
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const edit = await c.var.db.withTransaction((q) => stepHistory(q, id, c.req.valid('json').version, c.var.user!.username, 'redo'));
      return c.json({ ...(await planAnswer(c, id)), edit }, 200);
    },
  )
  .route('/', gridPlanWorkflow);
