/**
 * /api/facilities: existing community facility space and the status board (every community
 * against the housing standard, with town totals).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import { validate } from '../http/validate';
import { requireRole } from '../http/auth';
import { listFacilities, statusBoard } from '../db/facilities';
import { communityCode } from './facility-common';

export const facilityQuery = z.object({ communityCode: communityCode.optional() });

export const facilities = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', facilityQuery), async (c) => {
    const { communityCode: code } = c.req.valid('query');
    return c.json(await c.var.db.withClient((q) => listFacilities(q, code)));
  })
  .get('/status', requireRole(), async (c) => c.json(await c.var.db.withClient(statusBoard)));

export const facilityDocs: RouteDoc[] = [
  { method: 'get', path: '/facilities', tag: 'facility', summary: 'Existing community facilities (office + service space)', roles: ['*'], query: facilityQuery, returns: '[{id, communityCode, name, address, areaM2, lng, lat, version}]' },
  {
    method: 'get',
    path: '/facilities/status',
    tag: 'facility',
    summary: 'Status board: per community households, required area (standard settings shown), current area, gap, compliance, options and projects; town totals',
    roles: ['*'],
    returns: '{standard: {minimumAreaM2, perHundredHouseholdsM2, versions}, totals: {communities, compliant, nonCompliant, households, requiredAreaM2, currentAreaM2, gapM2}, communities: [{code, name, households, requiredAreaM2, currentAreaM2, gapM2, compliant, centroid, facilityCount, optionCount, projects: {planned, inProgress, delivered}}]}',
  },
];
