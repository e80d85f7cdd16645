/** Who covers a building: by code (`/buildings/{code}/coverage`) or by a point (`/lookup`). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { ApiError, notFound } from '../http/errors';
import { buildingCoverage, lookupAtPoint, type CoverageChain } from '../db/coverage';
import { workerCellCodes } from '../db/assignments';
import { seesAllPersonalData, seesPersonalData, withPhone } from '../domain/access/mask';

export const buildingCodeParam = z.object({ code: z.string().regex(/^[0-9]{17}$/, 'a building code is 17 digits') });
export const DEFAULT_TOLERANCE_METRES = 60;
export const lookupQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  toleranceMetres: z.coerce.number().min(0).max(500).default(DEFAULT_TOLERANCE_METRES),
});

/** Masks the phone numbers the caller may not see and marks the answer as personal data. */
async function present(c: Context<AppEnv>, chain: CoverageChain) {
  const user = c.var.user;
  const cells = user?.personId && !seesAllPersonalData(user) ? await c.var.db.withClient((q) => workerCellCodes(q, user.personId!)) : [];
  const full = seesPersonalData(user, chain.cell?.code ?? null, cells);
  c.header('Cache-Control', 'no-store');
  return {
    ...chain,
    phonesMasked: !full,
    people: chain.people.map((p) => withPhone(p, full)),
    partyMember: chain.partyMember && withPhone(chain.partyMember, full),
  };
}

export const buildings = new Hono<AppEnv>().get('/:code/coverage', validate('param', buildingCodeParam), async (c) => {
  const { code } = c.req.valid('param');
  const chain = await c.var.db.withClient((q) => buildingCoverage(q, code));
  if (!chain) throw notFound(`No building with code ${code}`, { code });
  return c.json(await present(c, chain));
});

export const lookup = new Hono<AppEnv>().get('/', validate('query', lookupQuery), async (c) => {
  const { lng, lat, toleranceMetres } = c.req.valid('query');
  const found = await c.var.db.withClient((q) => lookupAtPoint(q, lng, lat, toleranceMetres));
  if (!found) {
    throw new ApiError(404, 'no_building_near', `No building within ${toleranceMetres} m of ${lng}, ${lat}`, { searchedMetres: toleranceMetres, lng, lat });
  }
  return c.json({ ...(await present(c, found.chain)), distanceMetres: found.distanceMetres });
});
