/** Grid plans of one community, mounted under /communities: list, start a draft, generate a proposal. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { EDITORS } from '../http/auth';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import { communityParam, createBody, generateBody, generatedPlanSchema, planListItemSchema, planViewSchema } from '../contract/grid-plans';
import { listPlans } from '../db/grid-plans';
import { createDraft, generatePlan } from '../db/grid-generate';
import { planAnswer, tags } from './grid-plan-shared';

const UNKNOWN_COMMUNITY = 'Unknown community (grid.community.not_found)';

export const gridPlanCommunities = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/{code}/grid-plans',
      tags,
      summary: "A community's grid plans, published first",
      ...allow(),
      request: { params: communityParam },
      responses: {
        200: json(z.array(planListItemSchema), 'Plan rows with their cell and assigned-building counts'),
        404: json(errorBodySchema, UNKNOWN_COMMUNITY),
      },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listPlans(q, c.req.valid('param').code)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{code}/grid-plans',
      tags,
      summary: 'Start a draft: empty (with the community household range), a copy of the published plan, or a copy of a plan id',
      ...allow(...EDITORS),
      request: { params: communityParam, body: jsonBody(createBody) },
      responses: {
        201: json(planViewSchema, 'The new draft'),
        400: json(errorBodySchema, 'Invalid input, or a plan of another community to copy (grid.plan.other_community)'),
        404: json(errorBodySchema, `${UNKNOWN_COMMUNITY}, or unknown plan to copy (grid.plan.not_found)`),
        422: json(errorBodySchema, 'No published plan to copy (grid.plan.no_published_plan)'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { from, name } = c.req.valid('json');
      const planId = await c.var.db.withTransaction((q) =>
        createDraft(q, { communityCode: code, from, name, username: c.var.user!.username }),
      );
      return c.json(await planAnswer(c, planId), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{code}/grid-plans/generate',
      tags,
      summary:
        'Automatic proposal for a household range (default 300–500): contiguous compact cells, buildings never split, compounds whole unless over the maximum, roads preferred as borders',
      ...allow(...EDITORS),
      request: { params: communityParam, body: jsonBody(generateBody) },
      responses: {
        201: json(generatedPlanSchema, 'The new draft; `generation` has the partition reasons and notes and how long each step took'),
        404: json(errorBodySchema, UNKNOWN_COMMUNITY),
        422: json(
          errorBodySchema,
          'No buildings (grid.plan.no_buildings), or no plan can meet the range (grid.plan.range_infeasible; details.reasons)',
        ),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const body = c.req.valid('json');
      const result = await c.var.db.withTransaction((q) =>
        generatePlan(q, { communityCode: code, ...body, username: c.var.user!.username }),
      );
      const view = await planAnswer(c, result.planId);
      return c.json({ ...view, generation: { ...result.generation, durationMs: result.durationMs } }, 201);
    },
  );
