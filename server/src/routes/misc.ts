import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { notFound } from '../http/errors';
import { requireRole } from '../http/auth';
import { search } from '../db/search';
import { getSettings, listSettings } from '../db/settings';
import { updateVersioned } from '../db/write';
import { listAudit } from '../db/audit';

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'type something to search for').max(60),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const searchRoute = new Hono<AppEnv>().get('/', validate('query', searchQuery), async (c) => {
  const { q, limit } = c.req.valid('query');
  const user = c.var.user;
  const withPeople = !!user && user.role !== 'viewer';
  return c.json(await c.var.db.withClient((db) => search(db, q, withPeople, limit)));
});

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const db = c.var.db;
  const { rows } = await db.withClient((q) => q.query<{ v: string }>('SELECT postgis_lib_version() AS v'));
  return c.json({ ok: true, database: db.kind, postgis: rows[0].v });
});

const settingKeyParam = z.object({ key: z.string().regex(/^[a-zA-Z]+\.[a-zA-Z0-9]+$/, 'a setting key looks like group.name') });
const settingPatch = z.object({ version: z.number().int().positive(), value: z.json() });

// Each setting's value has a shape; an admin can't store a standard as text.
const SETTING_VALUE: Record<string, z.ZodType> = {
  'standard.minimumAreaM2': z.number().nonnegative(),
  'standard.perHundredHouseholdsM2': z.number().nonnegative(),
  'standard.requiredRooms': z.array(z.object({ room: z.string().min(1), minAreaM2: z.number().nonnegative() })),
  'grid.minHouseholds': z.number().int().positive(),
  'grid.maxHouseholds': z.number().int().positive(),
  'staffing.residentsPerWorker': z.number().int().positive(),
  'staffing.maxHouseholdsPerGridWorker': z.number().int().positive(),
  'staffing.requiredParticipantTypes': z.array(z.enum(['community_cadre', 'party_group_leader', 'in_service_cadre',
    'retiree', 'resident_representative', 'volunteer', 'property_staff'])),
  'facility.startYear': z.number().int().min(1990).max(2100),
  'facility.years': z.number().int().min(1).max(10),
  'facility.budgetPerYear': z.array(z.number().nonnegative()).min(1).max(10),
  'facility.accessibilityWeight': z.number().nonnegative(),
  'facility.maxSitesPerCommunity': z.number().int().positive().nullable(),
  'map.basemapUrl': z.string().url().nullable(),
};

export const settings = new Hono<AppEnv>()
  .get('/public', async (c) => {
    const s = await c.var.db.withClient(getSettings);
    return c.json({ basemapUrl: s['map.basemapUrl'] ?? null });
  })
  .get('/', requireRole(), async (c) => c.json(await c.var.db.withClient(listSettings)))
  .patch('/:key', requireRole('admin'), validate('param', settingKeyParam), validate('json', settingPatch), async (c) => {
    const { key } = c.req.valid('param');
    const { version, value } = c.req.valid('json');
    const schema = SETTING_VALUE[key];
    if (!schema) throw notFound(`No setting ${key}`);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const message = `value: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
      return c.json({ error: { code: 'invalid_input', message, details: [{ field: 'body.value', message }] } }, 400);
    }
    const row = await c.var.db.withTransaction((q) =>
      updateVersioned(q, { entity: 'setting', id: key, expectedVersion: version, changes: { value: parsed.data }, username: c.var.user!.username }),
    );
    return c.json(row);
  });

const auditQuery = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditRoute = new Hono<AppEnv>().get('/', requireRole('admin'), validate('query', auditQuery), async (c) =>
  c.json(await c.var.db.withClient((q) => listAudit(q, c.req.valid('query')))),
);
