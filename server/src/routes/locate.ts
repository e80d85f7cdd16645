/**
 * Location-allocation. /api/locate takes the public JSON of `gridplan locate` (PRODUCT §7) and
 * answers the proven optimum or says it is not; /api/siting builds the problem in PostGIS from a
 * community's (or the town's) buildings and the candidate sites, and answers with what the map
 * needs to draw allocation lines and each site's load.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { ApiError } from '../http/errors';
import { requireRole } from '../http/auth';
import { solveLocation, validateLocateProblem, locateProblemSchema } from '../domain/locate';
import { countDemand, sitingDemand, sitingSites } from '../db/siting';
import { communityCode, fieldError, optionCode } from './facility-common';

/** Largest cost matrix accepted (demand × sites entries): keeps a request within seconds. */
export const MAX_MATRIX_ENTRIES = 250_000;

export const locateQuery = z.object({ timeLimitSeconds: z.coerce.number().min(0.1).max(60).default(30) });

export const sitingBody = z
  .object({
    communityCode: communityCode.nullable().default(null),
    problem: z.enum(['p-median', 'mclp']).default('p-median'),
    p: z.number().int().min(1, 'must be at least 1'),
    radius: z.number().positive('must be > 0').max(50_000).optional(),
    demand: z.enum(['buildings', 'compounds']).optional(),
    includeExisting: z.boolean().default(true),
    optionCodes: z.array(optionCode).min(1).max(2000).nullable().default(null),
    timeLimitSeconds: z.number().min(0.1).max(60).default(30),
  })
  .strict()
  .refine((b) => b.problem !== 'mclp' || b.radius !== undefined, { message: 'radius (metres) is required for mclp', path: ['radius'] });

export const locate = new Hono<AppEnv>().post('/', validate('query', locateQuery), async (c) => {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad_request', 'The body is not valid JSON');
  }
  const checked = validateLocateProblem(json);
  if (!checked.ok) {
    const details = checked.errors.map((e) => ({ field: e.path ? `json.${e.path}` : 'json', message: e.message }));
    throw new ApiError(400, 'invalid_input', checked.errors[0].message, details);
  }
  const entries = checked.problem.demand.length * checked.problem.sites.length;
  if (entries > MAX_MATRIX_ENTRIES) throw fieldError('json.cost', `${entries} entries; at most ${MAX_MATRIX_ENTRIES} are solved here (use the CLI for larger problems)`);
  return c.json(await solveLocation(checked.problem, { timeLimitSeconds: c.req.valid('query').timeLimitSeconds }));
});

export const siting = new Hono<AppEnv>().post('/', requireRole(), validate('json', sitingBody), async (c) => {
  const body = c.req.valid('json');
  const scope = {
    communityCode: body.communityCode,
    demand: body.demand ?? (body.communityCode ? 'buildings' : 'compounds'),
    includeExisting: body.includeExisting,
    optionCodes: body.optionCodes,
  } as const;
  const built = await c.var.db.withClient(async (q) => {
    if (scope.communityCode) {
      const { rows } = await q.query('SELECT 1 FROM community WHERE code = $1', [scope.communityCode]);
      if (rows.length === 0) throw fieldError('json.communityCode', `no community with code ${scope.communityCode}`);
    }
    const sites = await sitingSites(q, scope);
    const fixed = sites.filter((s) => s.fixed).length;
    if (sites.length === 0) throw fieldError('json.communityCode', 'there are no candidate sites in this scope');
    if (body.p > sites.length) throw fieldError('json.p', `p = ${body.p} exceeds the ${sites.length} sites in scope (${sites.length - fixed} candidate options, ${fixed} existing facilities)`);
    if (body.p < fixed) throw fieldError('json.p', `p = ${body.p} is less than the ${fixed} existing facilities, which stay open (set includeExisting false to leave them out)`);
    const demandCount = await countDemand(q, scope);
    if (demandCount === 0) throw fieldError('json.communityCode', 'there are no households in this scope');
    if (demandCount * sites.length > MAX_MATRIX_ENTRIES) {
      throw fieldError('json.demand', `${demandCount} demand points × ${sites.length} sites is too large; use demand "compounds" or one community`);
    }
    return { sites, ...(await sitingDemand(q, scope, sites)) };
  });
  const problem = locateProblemSchema.parse({
    problem: body.problem,
    p: body.p,
    radius: body.radius,
    demand: built.demand.map((d) => ({ id: d.id, weight: d.weight })),
    sites: built.sites.map((s) => ({ id: s.id, fixed: s.fixed })),
    cost: built.cost,
  });
  const result = await solveLocation(problem, { timeLimitSeconds: body.timeLimitSeconds });
  const open = new Set(result.open);
  const load = new Map<string, { households: number; points: number; weightedMetres: number }>();
  built.demand.forEach((d, i) => {
    const site = result.assign[d.id];
    if (!site) return;
    const entry = load.get(site) ?? { households: 0, points: 0, weightedMetres: 0 };
    entry.households += d.weight;
    entry.points += 1;
    entry.weightedMetres += d.weight * built.cost[i][built.sites.findIndex((s) => s.id === site)];
    load.set(site, entry);
  });
  return c.json({
    ...result,
    scope: { ...scope, p: body.p, radius: body.radius ?? null },
    sites: built.sites.map((s) => {
      const l = load.get(s.id);
      return { ...s, open: open.has(s.id), households: l?.households ?? 0, demandPoints: l?.points ?? 0, meanDistanceMetres: l && l.households > 0 ? Math.round(l.weightedMetres / l.households) : null };
    }),
    demand: built.demand.map((d) => ({ ...d, site: result.assign[d.id] ?? null })),
  });
});

export const locateDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/locate',
    tag: 'siting',
    summary: 'Solve a location problem given as the JSON of `gridplan locate` (p-median or maximal covering), exactly with HiGHS under a time limit',
    query: locateQuery,
    body: locateProblemSchema,
    returns: '{status: "optimal"|"time_limit"|"infeasible"|"error", objective, open: [site ids], assign: {demandId: siteId}, gap, solveMs}',
    errors: { 400: 'Bad problem: the field is named (cost rows/columns not matching demand/sites, p larger than the sites, …)' },
  },
  {
    method: 'post',
    path: '/siting',
    tag: 'siting',
    summary: 'Siting question over the database: demand = buildings (or compounds) weighted by households, sites = candidate options plus existing facilities (fixed, already open); distances in metres (PostGIS geography)',
    roles: ['*'],
    body: sitingBody,
    returns: '{status, objective, open, assign, gap, solveMs, scope, sites: [{id, kind, code, name, communityCode, lng, lat, fixed, open, households, demandPoints, meanDistanceMetres}], demand: [{id, weight, lng, lat, site}]}',
    errors: { 400: 'Unknown community, p larger than the sites or below the fixed ones, or too large a problem' },
  },
];
