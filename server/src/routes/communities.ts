import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { notFound } from '../http/errors';
import { EDITORS, requireRole } from '../http/auth';
import { getCommunity, listCommunities } from '../db/communities';
import { updateVersioned } from '../db/write';

export const communityCodeParam = z.object({ code: z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits') });

export const communityPatch = z
  .object({
    version: z.number().int().positive(),
    name: z.string().trim().min(1).max(60).optional(),
    minHouseholdsPerCell: z.number().int().positive().max(100_000).nullable().optional(),
    maxHouseholdsPerCell: z.number().int().positive().max(100_000).nullable().optional(),
  })
  .refine((b) => !(b.minHouseholdsPerCell && b.maxHouseholdsPerCell && b.minHouseholdsPerCell > b.maxHouseholdsPerCell), {
    message: 'minHouseholdsPerCell must not exceed maxHouseholdsPerCell',
    path: ['minHouseholdsPerCell'],
  });

export const communities = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await c.var.db.withClient(listCommunities)))
  .get('/:code', validate('param', communityCodeParam), async (c) => {
    const { code } = c.req.valid('param');
    const community = await c.var.db.withClient((q) => getCommunity(q, code));
    if (!community) throw notFound(`No community with code ${code}`);
    c.header('ETag', `W/"${community.version}"`);
    return c.json(community);
  })
  .patch('/:code', requireRole(...EDITORS), validate('param', communityCodeParam), validate('json', communityPatch), async (c) => {
    const { code } = c.req.valid('param');
    const { version, name, minHouseholdsPerCell, maxHouseholdsPerCell } = c.req.valid('json');
    const changes: Record<string, unknown> = {};
    if (name !== undefined) changes.name = name;
    if (minHouseholdsPerCell !== undefined) changes.min_households_per_cell = minHouseholdsPerCell;
    if (maxHouseholdsPerCell !== undefined) changes.max_households_per_cell = maxHouseholdsPerCell;
    const community = await c.var.db.withTransaction(async (q) => {
      await updateVersioned(q, { entity: 'community', id: code, expectedVersion: version, changes, username: c.var.user!.username });
      return getCommunity(q, code);
    });
    c.header('ETag', `W/"${community!.version}"`);
    return c.json(community);
  });
