/** /api/health, /api/search, /api/settings, /api/audit: the small system resources. */
import { readerOf } from '../db/pool';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody, open } from '../http/openapi';
import { invalidInput } from '../http/validate';
import { errorBodySchema } from '../contract/common';
import { searchHitSchema, searchQuery } from '../contract/search';
import { auditQuery, auditRowSchema, healthSchema } from '../contract/system';
import {
  publicSettingsSchema,
  settingKeyParam,
  settingPatch,
  settingKeySchema,
  settingRowSchema,
  SETTINGS,
  settingsBatchPatch,
} from '../contract/settings';
import { search } from '../db/search';
import { cellsOfAccount } from '../db/users';
import { peopleSearchReach } from '../domain/access/mask';
import { databasePostgisVersion, replicaState } from '../db/health';
import { getSettings, listSettings, updateSettings } from '../db/settings';
import { listAudit } from '../db/audit';
import { notFound, unavailable } from '../domain/errors';
import { forgetBasemapSource } from '../http/security-headers';
import { basemapPreviewParams, basemapPreviewQuery, resolveBasemap } from '../contract/basemap';
import { fetchBasemapTile } from '../data/print-basemap';

export const health = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['system'],
    summary: 'Liveness, database engine and PostGIS version',
    ...open,
    responses: { 200: json(healthSchema, 'The server and its database are up') },
  }),
  async (c) => {
    const db = c.var.db;
    const replica = db.reader ? await db.reader.withClient(replicaState) : undefined;
    return c.json({ ok: true as const, database: db.kind, postgis: await databasePostgisVersion(db), replica }, 200);
  },
);

export const searchRoute = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['map'],
    summary:
      'Find communities, compounds, buildings (and people, for staff) by name, address or code, tokenised and forgiving of 幢/栋/号楼 and left-out estate words',
    ...open,
    request: { query: searchQuery },
    responses: { 200: json(z.array(searchHitSchema), 'Hits, communities first, shortest label first') },
  }),
  async (c) => {
    const { q, limit, lng, lat } = c.req.valid('query');
    const user = c.var.user;
    const near: [number, number] | undefined = lng !== undefined && lat !== undefined ? [lng, lat] : undefined;
    const hits = await readerOf(c.var.db).withClient(async (db) => {
      // Staff find people by name; where someone lives is shown only to those who see personal data there.
      const reach = peopleSearchReach(user);
      const people =
        reach === null
          ? null
          : {
              homesOf:
                reach === 'all' ? ('*' as const) : reach === 'own-cells' ? await cellsOfAccount(db, user!.username, user!.personId) : [],
            };
      return search(db, q, { limit, people, near, scope: user?.scopeCode ?? null });
    });
    return c.json(hits, 200);
  },
);

const tags = ['settings'];
const crossRule =
  'A value of the wrong shape (invalid_input), or a change that breaks a rule between two settings, naming both keys in params and details.keys (settings.min_above_max, settings.budget_years)';

export const settings = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/public',
      tags,
      summary: 'Settings the map needs before sign-in',
      ...open,
      responses: { 200: json(publicSettingsSchema, 'The basemap as the maps draw it (tile URLs, frame, attribution), or null for none') },
    }),
    async (c) => c.json({ basemap: resolveBasemap((await c.var.db.withClient(getSettings))['map.basemap']) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'All settings with versions',
      ...allow(),
      responses: { 200: json(z.array(settingRowSchema), 'Settings by key') },
    }),
    async (c) => c.json(await c.var.db.withClient(listSettings), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/',
      tags,
      summary:
        'Change several settings together (e.g. facility.years with facility.budgetPerYear); each value is checked against its key’s shape',
      ...allow('admin'),
      request: { body: jsonBody(settingsBatchPatch) },
      responses: {
        200: json(z.array(settingRowSchema), 'The changed settings'),
        400: json(errorBodySchema, crossRule),
        409: json(errorBodySchema, 'A stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { changes } = c.req.valid('json');
      const rows = await c.var.db.withTransaction((q) => updateSettings(q, changes, c.var.user!.username));
      forgetBasemapSource(c.var.db);
      return c.json(rows, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/basemap-preview',
      tags,
      summary:
        'An unsaved basemap choice (`value`: the map.basemap setting as JSON) as the maps would draw it, its tiles fetched through the server (…/basemap-preview/{layer}/{z}/{x}/{y}), for the admin’s preview map',
      ...allow('admin'),
      request: { query: basemapPreviewQuery },
      responses: {
        200: json(publicSettingsSchema, 'The basemap as a map draws it (null for none)'),
        400: json(errorBodySchema, 'A value of the wrong shape (invalid_input), naming the field'),
      },
    }),
    async (c) => {
      const value = c.req.valid('query').value;
      const basemap = resolveBasemap(value);
      const query = `?value=${encodeURIComponent(JSON.stringify(value))}`;
      const layers = basemap?.layers.map((layer, i) => ({ ...layer, tiles: [`/api/settings/basemap-preview/${i}/{z}/{x}/{y}${query}`] }));
      return c.json({ basemap: basemap && { ...basemap, layers: layers! } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/basemap-preview/{layer}/{z}/{x}/{y}',
      tags,
      summary:
        'One tile of an unsaved basemap choice (`value`: the map.basemap setting as JSON; `layer`: 0, or 1 for 天地图’s annotation), fetched by the server, for the admin’s preview map before saving',
      ...allow('admin'),
      request: { params: basemapPreviewParams, query: basemapPreviewQuery },
      responses: {
        200: {
          description: 'The tile (PNG or JPEG)',
          content: { 'image/png': { schema: z.any() }, 'image/jpeg': { schema: z.any() } },
        },
        404: json(errorBodySchema, 'No basemap, or no such layer (basemap.no_layer)'),
        503: json(errorBodySchema, 'The tile server failed, timed out or answered no image (basemap.tile_unreachable)'),
      },
    }),
    async (c) => {
      const { layer, z: zoom, x, y } = c.req.valid('param');
      const basemap = resolveBasemap(c.req.valid('query').value);
      if (!basemap || layer >= basemap.layers.length) throw notFound('basemap.no_layer', { layer });
      const tile = `${zoom}/${x}/${y}`;
      const image = await fetchBasemapTile(basemap, layer, { z: zoom, x, y }).catch((error: unknown) => {
        throw unavailable('basemap.tile_unreachable', { tile, reason: error instanceof Error ? error.message : String(error) });
      });
      return c.body(new Uint8Array(image), 200, {
        'Content-Type': image[0] === 0x89 ? 'image/png' : 'image/jpeg',
        'Cache-Control': 'private, max-age=3600',
      });
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{key}',
      tags,
      summary: 'Change one setting (value checked against its shape, and against the rules between settings)',
      ...allow('admin'),
      request: { params: settingKeyParam, body: jsonBody(settingPatch) },
      responses: {
        200: json(settingRowSchema, 'The setting after the change'),
        400: json(errorBodySchema, crossRule),
        404: json(errorBodySchema, 'Unknown setting (settings.unknown_key)'),
        409: json(errorBodySchema, 'Stale version (stale_version)'),
      },
    }),
    async (c) => {
      const asked = c.req.valid('param').key;
      const known = settingKeySchema.safeParse(asked);
      if (!known.success) throw notFound('settings.unknown_key', { key: asked });
      const key = known.data;
      const { version, value } = c.req.valid('json');
      const parsed = SETTINGS[key].schema.safeParse(value);
      if (!parsed.success) throw invalidInput('json.value', parsed.error.issues);
      const [row] = await c.var.db.withTransaction((q) => updateSettings(q, [{ key, version, value: parsed.data }], c.var.user!.username));
      forgetBasemapSource(c.var.db);
      return c.json(row, 200);
    },
  );

export const auditRoute = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'The audit log, newest first',
    ...allow('admin'),
    request: { query: auditQuery },
    responses: { 200: json(z.array(auditRowSchema), 'Entries, newest first') },
  }),
  async (c) => c.json(await c.var.db.withClient((q) => listAudit(q, c.req.valid('query'))), 200),
);
