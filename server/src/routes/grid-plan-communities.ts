/** Grid plans of one community, mounted under /communities: list, start a draft, generate a proposal. */
import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { notFound } from '../http/errors';
import { EDITORS, requireRole } from '../http/auth';
import { getCommunity } from '../db/communities';
import { listPlans } from '../db/grid-plans';
import { createDraft, generatePlan } from '../db/grid-generate';
import { communityParam, createBody, generateBody } from './grid-plan-schemas';
import { sendPlan } from './grid-plans';

export const gridPlanCommunities = new Hono<AppEnv>()
  .get('/:code/grid-plans', requireRole(), validate('param', communityParam), async (c) => {
    const { code } = c.req.valid('param');
    const plans = await c.var.db.withClient(async (q) => ((await getCommunity(q, code)) ? listPlans(q, code) : undefined));
    if (!plans) throw notFound(`No community with code ${code}`);
    return c.json(plans);
  })
  .post('/:code/grid-plans', requireRole(...EDITORS), validate('param', communityParam), validate('json', createBody), async (c) => {
    const { code } = c.req.valid('param');
    const { from, name } = c.req.valid('json');
    const planId = await c.var.db.withTransaction(async (q) => {
      const community = await getCommunity(q, code);
      if (!community) throw notFound(`No community with code ${code}`);
      const range = { min: community.minHouseholdsPerCell, max: community.maxHouseholdsPerCell };
      return createDraft(q, { communityCode: code, from, name, range, username: c.var.user!.username });
    });
    return sendPlan(c, planId, {}, 201);
  })
  .post('/:code/grid-plans/generate', requireRole(...EDITORS), validate('param', communityParam), validate('json', generateBody), async (c) => {
    const { code } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await c.var.db.withTransaction(async (q) => {
      if (!(await getCommunity(q, code))) throw notFound(`No community with code ${code}`);
      return generatePlan(q, { communityCode: code, ...body, username: c.var.user!.username });
    });
    return sendPlan(c, result.planId, { generation: { feasible: result.feasible, reasons: result.reasons, durationMs: result.durationMs } }, 201);
  });
