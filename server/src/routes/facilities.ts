/**
 * /api/facilities: existing community facility space and the status board (every community
 * against the housing standard, with town totals).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json } from '../http/openapi';
import { facilityQuery, facilityRowSchema, statusBoardSchema } from '../contract/facility';
import { listFacilities, statusBoard } from '../db/facilities';

const tags = ['facility'];

export const facilities = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Existing community facilities (office + service space)',
      ...allow(),
      request: { query: facilityQuery },
      responses: { 200: json(z.array(facilityRowSchema), 'Facilities by community') },
    }),
    async (c) => {
      const { communityCode } = c.req.valid('query');
      return c.json(await c.var.db.withClient((q) => listFacilities(q, communityCode)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/status',
      tags,
      summary:
        'Status board: per community households, required area (standard settings shown), current area, gap, compliance, options and projects; town totals',
      ...allow(),
      responses: { 200: json(statusBoardSchema, 'The status board') },
    }),
    async (c) => c.json(await c.var.db.withClient(statusBoard), 200),
  );
