/** Who covers a building: by code (`/buildings/{code}/coverage`) or by a point (`/lookup`). */
import { readerOf } from '../db/pool';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { createRouter, json, open } from '../http/openapi';
import {
  buildingCodeParam,
  buildingCoverageSchema,
  lookupQuery,
  pointCoverageSchema,
  type BuildingCoverage,
  type CoverageChain,
} from '../contract/lookup';
import { buildingCoverage, lookupAtPoint, type LookupViewer } from '../db/coverage';
import { notFound } from '../domain/errors';
import { seesPersonalData, withPhone } from '../domain/access/mask';
import { error } from './responsibility-common';

export { DEFAULT_TOLERANCE_METRES } from '../contract/lookup';

const tags = ['lookup'];

/**
 * Anonymous lookups read from the replica when there is one; a signed-in lookup's statement also
 * checks (and may slide) the session, so it runs on the primary.
 */
const lookupDb = (c: Context<AppEnv>) => (c.var.sessionToken ? c.var.db : readerOf(c.var.db));

/**
 * Masks the phone numbers the caller may not see and marks the answer as personal data. `viewer`
 * is who the lookup's own statement found behind the session cookie (none without a cookie).
 */
function present(c: Context<AppEnv>, chain: CoverageChain, viewer: LookupViewer | undefined): BuildingCoverage {
  if (viewer) c.set('user', viewer.user);
  const full = seesPersonalData(viewer?.user ?? null, chain.cell?.code ?? null, viewer?.cells ?? []);
  c.header('Cache-Control', 'no-store');
  return {
    ...chain,
    phonesMasked: !full,
    people: chain.people.map((p) => withPhone(p, full)),
    partyMember: chain.partyMember && withPhone(chain.partyMember, full),
  };
}

export const buildings = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{code}/coverage',
    tags,
    summary:
      'Who covers a building: community, compound, cell, people, party chain, party member, volunteer teams (phones masked unless permitted; Cache-Control: no-store)',
    ...open,
    request: { params: buildingCodeParam },
    responses: { 200: json(buildingCoverageSchema, 'The coverage chain'), 404: error('Unknown building (lookup.unknown_building)') },
  }),
  async (c) => {
    const { code } = c.req.valid('param');
    const found = await lookupDb(c).withClient((q) => buildingCoverage(q, code, c.var.sessionToken));
    if (!found) throw notFound('lookup.unknown_building', { code });
    return c.json(present(c, found.chain, found.viewer), 200);
  },
);

export const lookup = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'The building at (or nearest within the tolerance to) a point, with its coverage chain',
    ...open,
    request: { query: lookupQuery },
    responses: {
      200: json(pointCoverageSchema, 'The coverage chain plus distanceMetres'),
      404: error('No building within the tolerance (lookup.no_building_near); details.searchedMetres, lng, lat'),
    },
  }),
  async (c) => {
    const { lng, lat, toleranceMetres } = c.req.valid('query');
    const found = await lookupDb(c).withClient((q) => lookupAtPoint(q, lng, lat, toleranceMetres, c.var.sessionToken));
    if (!found) throw notFound('lookup.no_building_near', { toleranceMetres, lng, lat }, { searchedMetres: toleranceMetres, lng, lat });
    return c.json({ ...present(c, found.chain, found.viewer), distanceMetres: found.distanceMetres }, 200);
  },
);
