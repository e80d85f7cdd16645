/**
 * /api/facility-plans: facility scenarios. Solve one (least-cost plan bringing every community up
 * to standard by the deadline, or the best partial plan with reasons), list, read, compare,
 * override a choice (re-solve with forceUse / forbid) and approve (projects follow).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { notFound } from '../http/errors';
import { requireRole } from '../http/auth';
import { getScenario, getScenarios, insertScenario, listScenarios } from '../db/facility-plans';
import { approveScenario } from '../db/facility-approval';
import { listProjects } from '../db/projects';
import { DECIDERS, PLANNERS, fieldError, idParam, optionCode } from './facility-common';
import { solveScenario, type ScenarioParams, type ScenarioRequest } from './facility-plan-solve';
import { compareScenarios, scenarioSummary, scenarioView } from './facility-plan-view';

const money = z.number().nonnegative('must be ≥ 0').max(1e11);

export const planBody = z
  .object({
    name: z.string().trim().max(80).optional(),
    years: z.number().int().min(1, 'must be at least 1').max(10, 'must be at most 10').optional(),
    budgetPerYear: z.array(money).min(1).max(10).optional(),
    accessibilityWeight: z.number().nonnegative('must be ≥ 0').max(1e6).optional(),
    maxSitesPerCommunity: z.number().int().min(1, 'must be at least 1').max(20).nullable().optional(),
    forceUse: z.array(optionCode).max(500).optional(),
    forbid: z.array(optionCode).max(500).optional(),
    requireFallbackForUncertain: z.boolean().optional(),
    timeLimitSeconds: z.number().min(1).max(120).optional(),
  })
  .strict();

export const overrideBody = z
  .object({
    name: z.string().trim().max(80).optional(),
    forceUse: z.array(optionCode).max(500).default([]),
    forbid: z.array(optionCode).max(500).default([]),
  })
  .strict();

export const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const compareQuery = z.object({
  ids: z
    .string()
    .regex(/^[0-9]+(,[0-9]+)+$/, 'ids is a comma-separated list of at least two scenario ids')
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .refine((ids) => ids.length >= 2 && ids.length <= 6, 'compare 2 to 6 different scenarios'),
});
export const approveBody = z.object({ version: z.number().int().positive() }).strict();

async function solveAndStore(c: { var: AppEnv['Variables'] }, request: ScenarioRequest) {
  const db = c.var.db;
  const { params, result } = await solveScenario(db, request);
  const name = request.name || defaultName(params);
  const id = await db.withTransaction((q) => insertScenario(q, { name, params, result }, c.var.user!.username));
  const row = await db.withClient((q) => getScenario(q, id));
  return scenarioView(row!);
}

function defaultName(p: ScenarioParams): string {
  const budget = p.budgetPerYear.map((b) => `${Math.round(b / 10_000)}万`).join('/');
  return `${p.years}年 · 预算${budget}${p.basedOn ? ` · 调整自#${p.basedOn}` : ''}`;
}

export const facilityPlans = new Hono<AppEnv>()
  .post('/', requireRole(...PLANNERS), validate('json', planBody), async (c) => c.json(await solveAndStore(c, c.req.valid('json')), 201))
  .get('/', requireRole(), validate('query', listQuery), async (c) => {
    const rows = await c.var.db.withClient((q) => listScenarios(q, c.req.valid('query').limit));
    return c.json(rows.map(scenarioSummary));
  })
  .get('/compare', requireRole(), validate('query', compareQuery), async (c) => {
    const { ids } = c.req.valid('query');
    const rows = await c.var.db.withClient((q) => getScenarios(q, ids));
    const missing = ids.filter((id) => !rows.some((row) => row.id === id));
    if (missing.length > 0) throw notFound(`No facility scenario ${missing.join(', ')}`);
    return c.json(compareScenarios(rows));
  })
  .get('/:id', requireRole(), validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const row = await c.var.db.withClient((q) => getScenario(q, id));
    if (!row) throw notFound(`No facility scenario ${id}`);
    c.header('ETag', `W/"${row.version}"`);
    return c.json(scenarioView(row));
  })
  .post('/:id/override', requireRole(...PLANNERS), validate('param', idParam), validate('json', overrideBody), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const base = await c.var.db.withClient((q) => getScenario(q, id));
    if (!base) throw notFound(`No facility scenario ${id}`);
    const p = base.params as unknown as ScenarioParams;
    body.forceUse.forEach((code, i) => {
      if (body.forbid.includes(code)) throw fieldError(`json.forceUse.${i}`, `option ${code} is also in forbid`);
    });
    // The new choices win over the base scenario's opposite ones.
    const forceUse = [...new Set([...p.forceUse.filter((x) => !body.forbid.includes(x)), ...body.forceUse])];
    const forbid = [...new Set([...p.forbid.filter((x) => !body.forceUse.includes(x)), ...body.forbid])];
    const request: ScenarioRequest = {
      name: body.name,
      years: p.years,
      budgetPerYear: p.budgetPerYear,
      accessibilityWeight: p.accessibilityWeight,
      maxSitesPerCommunity: p.maxSitesPerCommunity,
      requireFallbackForUncertain: p.requireFallbackForUncertain,
      timeLimitSeconds: p.timeLimitSeconds,
      forceUse,
      forbid,
      basedOn: id,
    };
    return c.json(await solveAndStore(c, request), 201);
  })
  .post('/:id/approve', requireRole(...DECIDERS), validate('param', idParam), validate('json', approveBody), async (c) => {
    const { id } = c.req.valid('param');
    const { version } = c.req.valid('json');
    const { row, projects } = await c.var.db.withTransaction(async (q) => {
      await approveScenario(q, id, version, c.var.user!.username);
      return { row: (await getScenario(q, id))!, projects: await listProjects(q, { scenarioId: id }) };
    });
    return c.json({ ...scenarioView(row), projects });
  });

export const facilityPlanDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/facility-plans',
    tag: 'facility',
    summary:
      'Solve a scenario (HiGHS MIP): least-cost plan bringing every community to the standard by the deadline within yearly budgets, or the plan with the most communities compliant and a reason for each one that cannot make it. Omitted fields come from settings facility.*; options of in-progress projects are always kept.',
    roles: PLANNERS,
    body: planBody,
    returns:
      '201 {id, name, status: optimal|feasible|partial|infeasible|time_limit, totalCost, accessibilityCost, gap, solveMs, byYear: [{year, compliantCount, cost, budget}], communities: [{code, name, households, requiredAreaM2, currentAreaM2, reachedAreaM2, compliantYear, centroid, options: [{id, name, method, areaM2, netAreaM2, cost, year, lng, lat, distanceMetres}]}], infeasible: [{code, name, reason}], notes, accessibility: {meanDistanceMetres, householdsServed, penaltyCost}, scenarioStatus, params, createdBy, createdAt, version}',
    errors: { 400: 'Bad parameter or unknown / unusable option in forceUse or forbid; the field is named' },
  },
  { method: 'get', path: '/facility-plans', tag: 'facility', summary: 'Scenarios, newest first', roles: ['*'], query: listQuery, returns: '[{id, name, status, scenarioStatus, totalCost, gap, byYear, infeasibleCount, optionCount, accessibility, params, createdBy, createdAt, approvedAt, version}]' },
  { method: 'get', path: '/facility-plans/compare', tag: 'facility', summary: 'Two to six scenarios side by side', roles: ['*'], query: compareQuery, returns: '{scenarios: [{id, name, status, totalCost, byYear, accessibility, infeasible, optionCount, params}], optionsThatDiffer: [{id, name, method, netAreaM2, choices: [{scenarioId, chosen, communityCode, year}]}], communitiesThatDiffer: [{code, name, compliantYear: [{scenarioId, year}]}]}', errors: { 404: 'Unknown scenario' } },
  { method: 'get', path: '/facility-plans/{id}', tag: 'facility', summary: 'One scenario with its full result (ETag = version)', roles: ['*'], params: idParam, returns: 'the scenario, as POST answers', errors: { 404: 'Unknown scenario' } },
  { method: 'post', path: '/facility-plans/{id}/override', tag: 'facility', summary: 'Re-solve a scenario with extra forced ("use this") and forbidden ("never that") options; the new scenario records basedOn', roles: PLANNERS, params: idParam, body: overrideBody, returns: '201 with the new scenario', errors: { 404: 'Unknown scenario' } },
  { method: 'post', path: '/facility-plans/{id}/approve', tag: 'facility', summary: 'Approve a scenario: it supersedes the previous approved one; its options become tracked projects (planned projects it drops are cancelled)', roles: DECIDERS, params: idParam, body: approveBody, returns: 'the scenario plus projects: [...]', errors: { 404: 'Unknown scenario', 409: 'Stale version, already approved/superseded, or options changed since solving', 422: 'The scenario chooses no options' } },
];
