/**
 * Location-allocation. /api/locate takes the public JSON of `gridplan locate` (PRODUCT §7) and
 * answers the proven optimum or says it is not; /api/siting builds the problem in PostGIS from a
 * community's (or the town's) buildings and the candidate sites, and answers with what the map
 * needs to draw allocation lines and each site's load.
 */
import { createRoute } from '@hono/zod-openapi';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { inSolverTurn } from '../http/solver';
import { errorBodySchema } from '../contract/common';
import { locateProblemSchema, locateQuery, locateResultSchema, sitingBody, sitingResultSchema } from '../contract/locate';
import { solveLocation, locateProblems } from '../domain/locate';
import { sitingLoads } from '../domain/locate/siting';
import { fieldError, fieldErrors } from '../domain/facility/fields';
import { buildSiting, MAX_MATRIX_ENTRIES } from '../db/siting';
import { checkTimeLimit } from '../domain/solver/turns';

/** Who may ask for a solve: the roles that plan and decide (a solve holds a solver thread). */
const SOLVERS = ['planner', 'official', 'admin'] as const;
const busy = json(errorBodySchema, 'The caller already has a solve running and one waiting (solver.busy); see Retry-After');

export const locate = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags: ['siting'],
    summary:
      'Solve a location problem given as the JSON of `gridplan locate` (p-median or maximal covering), exactly with HiGHS under a time limit',
    ...allow(...SOLVERS),
    request: { query: locateQuery, body: jsonBody(locateProblemSchema) },
    responses: {
      200: json(locateResultSchema, 'The plan: open sites, every demand assigned to its nearest open site, the status and gap'),
      429: busy,
    },
  }),
  async (c) => {
    const problem = c.req.valid('json');
    const problems = locateProblems(problem, 'json');
    if (problems.length > 0) throw fieldErrors(problems);
    const entries = problem.demand.length * problem.sites.length;
    if (entries > MAX_MATRIX_ENTRIES) throw fieldError('json.cost', 'locate.matrix_too_large', { entries, max: MAX_MATRIX_ENTRIES });
    const { timeLimitSeconds } = c.req.valid('query');
    checkTimeLimit(c.var.user!.role, timeLimitSeconds, 'query.timeLimitSeconds');
    return c.json(await inSolverTurn(c, timeLimitSeconds, () => solveLocation(problem, { timeLimitSeconds })), 200);
  },
);

export const siting = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags: ['siting'],
    summary:
      'Siting question over the database: demand = buildings (or compounds) weighted by households, sites = candidate options plus existing facilities (fixed, already open); distances in metres (PostGIS geography)',
    ...allow(...SOLVERS),
    request: { body: jsonBody(sitingBody) },
    responses: { 200: json(sitingResultSchema, 'The plan with each site’s load and each demand point’s site'), 429: busy },
  }),
  async (c) => {
    const body = c.req.valid('json');
    checkTimeLimit(c.var.user!.role, body.timeLimitSeconds, 'json.timeLimitSeconds');
    if (body.problem === 'mclp' && body.radius === undefined) throw fieldError('json.radius', 'locate.radius_required');
    const scope = {
      communityCode: body.communityCode,
      demand: body.demand ?? (body.communityCode ? 'buildings' : 'compounds'),
      includeExisting: body.includeExisting,
      optionCodes: body.optionCodes,
    } as const;
    // The distance matrix is expensive too: it is built inside the caller's solver turn.
    const answer = await inSolverTurn(c, body.timeLimitSeconds, async () => {
      const built = await c.var.db.withClient((q) => buildSiting(q, scope, body.p));
      const problem = locateProblemSchema.parse({
        problem: body.problem,
        p: body.p,
        radius: body.radius,
        demand: built.demand.map((d) => ({ id: d.id, weight: d.weight })),
        sites: built.sites.map((s) => ({ id: s.id, fixed: s.fixed })),
        cost: built.cost,
      });
      const result = await solveLocation(problem, { timeLimitSeconds: body.timeLimitSeconds });
      return { ...result, ...sitingLoads(result, built.sites, built.demand, built.cost) };
    });
    return c.json({ ...answer, scope: { ...scope, p: body.p, radius: body.radius ?? null } }, 200);
  },
);
