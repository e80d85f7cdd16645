/**
 * /api/facility-options: the register of candidate acquisition options. Reads are open to any
 * signed-in user; writes (planners, admins) are versioned and audited.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { conflict, notFound } from '../http/errors';
import { EDITORS, requireRole } from '../http/auth';
import type { Queryable } from '../db/pool';
import { deleteOption, getOption, insertOption, listOptions, updateOption, type OptionFields } from '../db/facility-options';
import { communityCode, fieldError, optionCode } from './facility-common';

const METHODS = ['reserve_in_new_development', 'expand_renovate', 'reallocate_idle_public', 'swap', 'lease'] as const;
const STATUSES = ['candidate', 'approved', 'withdrawn'] as const;
/** Longest availability the register accepts: the longest plan horizon (10 years). */
export const MAX_AVAILABLE_AFTER_MONTHS = 120;
/** A site further than this from the community it belongs to is almost certainly a typo (or lng/lat swapped). */
const MAX_SITE_DISTANCE_M = 5000;

const money = z.number().nonnegative('must be ≥ 0').max(1e10, 'must be below 10 billion');
const optionShape = {
  communityCode,
  method: z.enum(METHODS),
  name: z.string().trim().min(1).max(80),
  address: z.string().trim().max(120),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  areaM2: z.number().positive('must be > 0').max(100_000),
  releasedAreaM2: z.number().nonnegative('must be ≥ 0').max(100_000),
  oneOffCost: money,
  yearlyCost: money,
  availableAfterMonths: z.number().int().min(0, 'must be ≥ 0').max(MAX_AVAILABLE_AFTER_MONTHS, `must be at most ${MAX_AVAILABLE_AFTER_MONTHS} (the longest plan horizon)`),
  shareRadiusM: z.number().nonnegative('must be ≥ 0').max(20_000).nullable(),
  needsApproval: z.boolean(),
  uncertain: z.boolean(),
  status: z.enum(STATUSES),
  notes: z.string().max(1000),
};

export const optionCreate = z
  .object({
    ...optionShape,
    code: optionCode.optional(),
    address: optionShape.address.default(''),
    releasedAreaM2: optionShape.releasedAreaM2.default(0),
    yearlyCost: optionShape.yearlyCost.default(0),
    shareRadiusM: optionShape.shareRadiusM.default(null),
    needsApproval: optionShape.needsApproval.default(false),
    uncertain: optionShape.uncertain.default(false),
    status: optionShape.status.default('candidate'),
    notes: optionShape.notes.default(''),
  })
  .strict();

export const optionPatch = z
  .object({ version: z.number().int().positive(), ...optionShape })
  .partial()
  .required({ version: true })
  .strict();

export const optionQuery = z.object({
  communityCode: communityCode.optional(),
  status: z.enum(STATUSES).optional(),
  method: z.enum(METHODS).optional(),
});
export const optionCodeParam = z.object({ code: optionCode });
const deleteQuery = z.object({ version: z.coerce.number().int().positive() });

/** Rules across fields, checked on the option as it will be stored; throws a 400 naming the field. */
async function checkOption(q: Queryable, o: OptionFields): Promise<void> {
  if (o.method !== 'swap' && o.releasedAreaM2 > 0) throw fieldError('json.releasedAreaM2', 'only a swap gives up existing space; use 0 for other methods');
  if (o.releasedAreaM2 >= o.areaM2) throw fieldError('json.releasedAreaM2', `must be less than areaM2 (${o.areaM2}): a swap must gain space`);
  const { rows } = await q.query<{ metres: number }>(
    `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography)::float8 AS metres FROM community WHERE code = $1`,
    [o.communityCode, o.lng, o.lat],
  );
  if (!rows[0]) throw fieldError('json.communityCode', `no community with code ${o.communityCode}`);
  if (rows[0].metres > MAX_SITE_DISTANCE_M) {
    throw fieldError('json.lng', `the point is ${(rows[0].metres / 1000).toFixed(1)} km from community ${o.communityCode} (at most ${MAX_SITE_DISTANCE_M / 1000} km; are lng and lat swapped?)`);
  }
}

export const facilityOptions = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', optionQuery), async (c) => c.json(await c.var.db.withClient((q) => listOptions(q, c.req.valid('query')))))
  .get('/:code', requireRole(), validate('param', optionCodeParam), async (c) => {
    const { code } = c.req.valid('param');
    const option = await c.var.db.withClient((q) => getOption(q, code));
    if (!option) throw notFound(`No facility option ${code}`);
    c.header('ETag', `W/"${option.version}"`);
    return c.json(option);
  })
  .post('/', requireRole(...EDITORS), validate('json', optionCreate), async (c) => {
    const body = c.req.valid('json');
    const option = await c.var.db.withTransaction(async (q) => {
      await checkOption(q, body);
      if (body.code && (await getOption(q, body.code))) throw conflict(`An option with code ${body.code} already exists`);
      return insertOption(q, body, c.var.user!.username);
    });
    return c.json(option, 201);
  })
  .patch('/:code', requireRole(...EDITORS), validate('param', optionCodeParam), validate('json', optionPatch), async (c) => {
    const { code } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const option = await c.var.db.withTransaction(async (q) => {
      const current = await getOption(q, code);
      if (!current) throw notFound(`No facility option ${code}`);
      await checkOption(q, { ...current, ...changes });
      if (changes.status === 'withdrawn' && (current.projectStatus === 'planned' || current.projectStatus === 'in_progress')) {
        throw conflict(`Option ${code} has a ${current.projectStatus.replace('_', ' ')} project; cancel the project before withdrawing the option`);
      }
      return updateOption(q, code, version, changes, c.var.user!.username);
    });
    c.header('ETag', `W/"${option.version}"`);
    return c.json(option);
  })
  .delete('/:code', requireRole(...EDITORS), validate('param', optionCodeParam), validate('query', deleteQuery), async (c) => {
    const { code } = c.req.valid('param');
    const { version } = c.req.valid('query');
    const deleted = await c.var.db.withTransaction((q) => deleteOption(q, code, version, c.var.user!.username));
    if (!deleted) throw conflict(`Option ${code} has a project; withdraw it (status "withdrawn") instead of deleting it`);
    return c.body(null, 204);
  });

export const facilityOptionDocs: RouteDoc[] = [
  { method: 'get', path: '/facility-options', tag: 'facility', summary: 'Candidate acquisition options (filter by community, status, method)', roles: ['*'], query: optionQuery, returns: '[{id, code, communityCode, communityName, method, name, address, lng, lat, areaM2, releasedAreaM2, netAreaM2, oneOffCost, yearlyCost, availableAfterMonths, shareRadiusM, needsApproval, uncertain, status, notes, projectStatus, version}]' },
  { method: 'get', path: '/facility-options/{code}', tag: 'facility', summary: 'One option (ETag = version)', roles: ['*'], params: optionCodeParam, returns: 'the option', errors: { 404: 'Unknown code' } },
  { method: 'post', path: '/facility-options', tag: 'facility', summary: 'Add an option (costs are totals in CNY; code generated when omitted)', roles: EDITORS, body: optionCreate, returns: '201 with the option', errors: { 409: 'Code already used' } },
  { method: 'patch', path: '/facility-options/{code}', tag: 'facility', summary: 'Change an option (versioned, audited)', roles: EDITORS, params: optionCodeParam, body: optionPatch, returns: 'the option after the change', errors: { 404: 'Unknown code', 409: 'Stale version; details.currentVersion' } },
  { method: 'delete', path: '/facility-options/{code}', tag: 'facility', summary: 'Delete an option no project refers to', roles: EDITORS, params: optionCodeParam, query: deleteQuery, returns: '204', errors: { 404: 'Unknown code', 409: 'Stale version, or a project refers to it' } },
];
