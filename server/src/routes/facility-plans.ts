/**
 * /api/facility-plans: facility scenarios. Solve one (least-cost plan bringing every community up
 * to standard by the deadline, or the best partial plan with coded reasons), list, read, compare,
 * override a choice (re-solve with forceUse / forbid) and approve (projects follow).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { inSolverTurn } from '../http/solver';
import { checkTimeLimit, NON_ADMIN_MAX_SOLVE_SECONDS } from '../domain/solver/turns';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema, idParam } from '../contract/common';
import {
  approvalPreviewSchema,
  approveBody,
  approvedScenarioSchema,
  compareQuery,
  comparisonSchema,
  overrideBody,
  planBody,
  scenarioListQuery,
  scenarioSchema,
  scenarioSummarySchema,
} from '../contract/facility-plans';
import { getScenario, getScenarios, insertScenario, listScenarios, type ScenarioRow } from '../db/facility-plans';
import { scopeOf } from '../http/auth';
import { requireRecordsInScope, requireWholeInstallation } from '../http/scope-guard';
import { requireInScope, scopesOverlap } from '../domain/access/scope';
import { approvalPreview, approveScenario } from '../db/facility-approval';
import { withRefusalAudited } from '../db/audit';
import { listProjects } from '../db/projects';
import { townToday } from '../db/town-time';
import { forbidden, notFound } from '../domain/errors';
import { fieldError } from '../domain/facility/fields';
import { DECIDERS, PLANNERS } from './facility-common';
import { DEFAULT_TIME_LIMIT_SECONDS, solveScenario, type ScenarioRequest } from './facility-plan-solve';
import { compareScenarios, rowsInScope, scenarioSummary, scenarioView } from './facility-plan-view';

const tags = ['facility'];
const unknownScenario = json(errorBodySchema, 'Unknown scenario (facility.scenario.not_found)');

const busy = json(errorBodySchema, 'The caller already has a solve running and one waiting (solver.busy); see Retry-After');

/** A scoped account solves for its own scope: its communities and their options only. */
async function solveAndStore(c: Context<AppEnv>, request: ScenarioRequest) {
  const db = c.var.db;
  const scope = scopeOf(c);
  await requireRecordsInScope(c, 'facility_option', [...(request.forceUse ?? []), ...(request.forbid ?? [])]);
  const limitSeconds = request.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  const { params, result } = await inSolverTurn(c, limitSeconds, () => solveScenario(db, request, scope));
  // No name given: stored empty, and each screen names it from its params in its own language.
  const id = await db.withTransaction((q) =>
    insertScenario(q, { name: request.name ?? '', params, result, scopeCode: scope }, c.var.user!.username),
  );
  const row = await db.withClient((q) => getScenario(q, id));
  return scenarioView(row!);
}

/**
 * The scenario as the account may read it: unknown → 404, or for a scoped account 403 like one
 * solved for a scope that neither holds nor lies inside its own (no existence leak).
 */
function readable(c: Context<AppEnv>, id: number, row: ScenarioRow | undefined): ScenarioRow {
  const scope = scopeOf(c);
  if (scope !== null && (!row || !scopesOverlap(scope, row.scopeCode)))
    throw forbidden('scope.outside', { code: row?.scopeCode ?? `#${id}`, scope });
  if (!row) throw notFound('facility.scenario.not_found', { id: String(id) });
  return rowsInScope(row, scope);
}

/**
 * Approving needs an account whose scope holds the scenario's: a town-wide scenario only from a
 * scope that leaves out no community, a county's from that county or wider.
 */
async function requireApprovable(c: Context<AppEnv>, id: number): Promise<void> {
  const row = readable(c, id, await c.var.db.withClient((q) => getScenario(q, id)));
  if (row.scopeCode === null) await requireWholeInstallation(c);
  else requireInScope(scopeOf(c), row.scopeCode);
}

export const facilityPlans = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary:
        'Solve a scenario (HiGHS MIP): least-cost plan bringing every community to the standard by the deadline within yearly budgets, or the plan with the most communities compliant and a coded reason for each one that cannot make it. Omitted fields come from settings facility.*; options of in-progress projects are always kept. A scoped account solves for its data scope: its communities and their options.',
      ...allow(...PLANNERS),
      request: { body: jsonBody(planBody) },
      responses: { 201: json(scenarioSchema, 'The solved scenario, stored'), 429: busy },
    }),
    async (c) => {
      const body = c.req.valid('json');
      checkTimeLimit(c.var.user!.role, body.timeLimitSeconds, 'json.timeLimitSeconds');
      return c.json(await solveAndStore(c, body), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Scenarios, newest first',
      ...allow(),
      request: { query: scenarioListQuery },
      responses: { 200: json(z.array(scenarioSummarySchema), 'Scenario summaries') },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const rows = await c.var.db.withClient((q) => listScenarios(q, c.req.valid('query').limit, scope));
      return c.json(
        rows.map((row) => scenarioSummary(rowsInScope(row, scope))),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/compare',
      tags,
      summary: 'Two to six scenarios side by side',
      ...allow(),
      request: { query: compareQuery },
      responses: { 200: json(comparisonSchema, 'The comparison'), 404: unknownScenario },
    }),
    async (c) => {
      const ids = [...new Set(c.req.valid('query').ids.split(',').map(Number))];
      if (ids.length < 2) throw fieldError('query.ids', 'facility.field.compare_distinct');
      const rows = await c.var.db.withClient((q) => getScenarios(q, ids));
      if (scopeOf(c) !== null)
        ids.forEach((id) =>
          readable(
            c,
            id,
            rows.find((row) => row.id === id),
          ),
        );
      const missing = ids.filter((id) => !rows.some((row) => row.id === id));
      if (missing.length > 0) throw notFound('facility.scenario.not_found', { id: missing.map(String) });
      return c.json(compareScenarios(rows.map((row) => rowsInScope(row, scopeOf(c)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One scenario with its full result (ETag = version)',
      ...allow(),
      request: { params: idParam },
      responses: { 200: json(scenarioSchema, 'The scenario'), 404: unknownScenario },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = readable(c, id, await c.var.db.withClient((q) => getScenario(q, id)));
      c.header('ETag', `W/"${row.version}"`);
      return c.json(scenarioView(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/override',
      tags,
      summary: 'Re-solve a scenario with extra forced ("use this") and forbidden ("never that") options; the new scenario records basedOn',
      ...allow(...PLANNERS),
      request: { params: idParam, body: jsonBody(overrideBody) },
      responses: { 201: json(scenarioSchema, 'The new scenario'), 404: unknownScenario, 429: busy },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const base = readable(c, id, await c.var.db.withClient((q) => getScenario(q, id)));
      const p = base.params;
      body.forceUse.forEach((option, i) => {
        if (body.forbid.includes(option)) throw fieldError(`json.forceUse.${i}`, 'facility.field.force_and_forbid', { option });
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
        // An administrator's long solve is re-run within the caller's own limit.
        timeLimitSeconds: c.var.user!.role === 'admin' ? p.timeLimitSeconds : Math.min(p.timeLimitSeconds, NON_ADMIN_MAX_SOLVE_SECONDS),
        forceUse,
        forbid,
        basedOn: id,
      };
      return c.json(await solveAndStore(c, request), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/approve-preview',
      tags,
      summary:
        'What approving the scenario would do now: the projects it creates, keeps and cancels, its total cost and each year’s spending against the budget (the same rule as the approval)',
      ...allow(...DECIDERS),
      request: { params: idParam },
      responses: { 200: json(approvalPreviewSchema, 'The effect of approving'), 404: unknownScenario },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireApprovable(c, id);
      return c.json(await c.var.db.withClient((q) => approvalPreview(q, id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/approve',
      tags,
      summary:
        'Approve a scenario: it supersedes the previous approved one; its options become tracked projects (planned projects it drops are cancelled). ' +
        'Whoever solved it may approve it only when the setting approval.allowSelfApproval is on (audited as selfApproval)',
      ...allow(...DECIDERS),
      request: { params: idParam, body: jsonBody(approveBody) },
      responses: {
        200: json(approvedScenarioSchema, 'The scenario and its projects'),
        403: json(
          errorBodySchema,
          'Not a decider, the caller solved this scenario and approval.allowSelfApproval is off (facility.scenario.self_approval), or the scenario covers communities outside the caller’s data scope (scope.outside)',
        ),
        404: unknownScenario,
        409: json(
          errorBodySchema,
          'Stale version (stale_version), already approved or superseded (facility.scenario.not_solved), or options changed since solving (facility.scenario.options_changed)',
        ),
        422: json(errorBodySchema, 'The scenario chooses no options (facility.scenario.nothing_to_approve)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version } = c.req.valid('json');
      const username = c.var.user!.username;
      await requireApprovable(c, id);
      const audited = { username, action: 'approve', entity: 'facility_scenario', entityId: String(id) };
      const { row, projects } = await withRefusalAudited(c.var.db, audited, async (q) => {
        await approveScenario(q, id, version, username);
        return { row: (await getScenario(q, id))!, projects: await listProjects(q, await townToday(q), { scenarioId: id }) };
      });
      return c.json({ ...scenarioView(rowsInScope(row, scopeOf(c))), projects }, 200);
    },
  );
