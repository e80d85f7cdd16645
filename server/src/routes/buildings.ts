import { Hono } from 'hono';
import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { notFound } from '../http/errors';
import { buildingAtPoint, buildingCoverage, type CoverageChain } from '../db/coverage';
import { cellCodesOfPerson } from '../db/sessions';
import { maskPhone, seesPersonalData } from '../domain/access/mask';

export const buildingCodeParam = z.object({ code: z.string().regex(/^[0-9]{17}$/, 'a building code is 17 digits') });
export const lookupQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  toleranceMetres: z.coerce.number().min(0).max(500).default(60),
});

/** Masks phone numbers the caller may not see and marks the answer as personal data. */
async function present(c: Context<AppEnv>, chain: CoverageChain) {
  const user = c.var.user;
  const cells = user?.personId ? await c.var.db.withClient((q) => cellCodesOfPerson(q, user.personId!)) : [];
  const full = seesPersonalData(user, chain.cell?.code ?? null, cells);
  c.header('Cache-Control', 'no-store');
  return {
    ...chain,
    phonesMasked: !full,
    people: chain.people.map((p) => ({ ...p, phone: full ? p.phone : maskPhone(p.phone) })),
    partyMember: chain.partyMember && { ...chain.partyMember, phone: full ? chain.partyMember.phone : maskPhone(chain.partyMember.phone) },
  };
}

export const buildings = new Hono<AppEnv>().get('/:code/coverage', validate('param', buildingCodeParam), async (c) => {
  const { code } = c.req.valid('param');
  const chain = await c.var.db.withClient((q) => buildingCoverage(q, code));
  if (!chain) throw notFound(`No building with code ${code}`);
  return c.json(await present(c, chain));
});

export const lookup = new Hono<AppEnv>().get('/', validate('query', lookupQuery), async (c) => {
  const { lng, lat, toleranceMetres } = c.req.valid('query');
  const chain = await c.var.db.withClient(async (q) => {
    const hit = await buildingAtPoint(q, lng, lat, toleranceMetres);
    return hit ? { hit, chain: await buildingCoverage(q, hit.code) } : undefined;
  });
  if (!chain?.chain) {
    throw notFound(`No building within ${toleranceMetres} m of ${lng}, ${lat}`, { searchedMetres: toleranceMetres });
  }
  return c.json({ ...(await present(c, chain.chain)), distanceMetres: chain.hit.distanceMetres });
});
