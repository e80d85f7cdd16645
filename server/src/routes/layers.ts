import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { badRequest, notFound } from '../http/errors';
import { findLayer, LAYER_IDS, LAYERS, layerFeature, layerGeoJson, type Bbox } from '../db/layers';
import { layerTile, validTile } from '../db/tiles';

const bboxQuery = z.object({
  bbox: z
    .string()
    .regex(/^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$/, 'bbox is minLng,minLat,maxLng,maxLat')
    .transform((s) => s.split(',').map(Number) as Bbox)
    .refine(([w, s, e, n]) => w < e && s < n && w >= -180 && e <= 180 && s >= -90 && n <= 90, 'bbox is out of range or inverted')
    .optional(),
});

function layerOr404(id: string) {
  const layer = findLayer(id);
  if (!layer) throw notFound(`No layer ${id}; layers are ${LAYER_IDS.join(', ')}`);
  return layer;
}

export const layers = new Hono<AppEnv>()
  .get('/', (c) => c.json(LAYERS.map(({ source: _s, ...meta }) => meta)))
  .get('/:file{[a-z_]+\\.geojson}', validate('query', bboxQuery), async (c) => {
    const layer = layerOr404(c.req.param('file').replace(/\.geojson$/, ''));
    const { bbox } = c.req.valid('query');
    const fc = await c.var.db.withClient((q) => layerGeoJson(q, layer, bbox ?? null));
    return c.json(fc as object);
  });

export const tiles = new Hono<AppEnv>().get('/:layer/:z/:x/:file{[0-9]+\\.pbf}', async (c) => {
  const layer = layerOr404(c.req.param('layer'));
  if (!layer.tiles) throw badRequest(`Layer ${layer.id} is served as GeoJSON, not tiles`);
  const [z, x, y] = [c.req.param('z'), c.req.param('x'), c.req.param('file').replace(/\.pbf$/, '')].map(Number);
  if (!validTile(z, x, y)) throw badRequest(`No tile ${z}/${x}/${y}`);
  const body = await layerTile(c.var.db, layer, z, x, y);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/vnd.mapbox-vector-tile',
    'Cache-Control': 'no-cache',
  });
});

export const features = new Hono<AppEnv>().get('/:layer/:key', async (c) => {
  const layer = layerOr404(c.req.param('layer'));
  const key = c.req.param('key');
  if (key.length > 60) throw badRequest('feature key is too long');
  const feature = await c.var.db.withClient((q) => layerFeature(q, layer, key));
  if (!feature) throw notFound(`No ${layer.id} feature ${key}`);
  return c.json(feature as object);
});
