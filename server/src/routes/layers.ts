/** /api/layers, /api/tiles, /api/features: the map's layers as a list, GeoJSON, vector tiles and single features. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { createRouter, json, open } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import {
  bboxQuery,
  featureCollectionSchema,
  featureDetailsSchema,
  featureParams,
  layerFileParam,
  layerInfoSchema,
  tileParams,
} from '../contract/layers';
import { layerFeature, layerGeoJson, layerInfos, requireLayer } from '../db/layers';
import { layerTile } from '../db/tiles';

const tags = ['map'];
const unknownLayer = json(errorBodySchema, 'Unknown layer (layer.not_found)');

export const layers = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Map layers with titles, geometry types and zoom ranges',
      ...open,
      responses: { 200: json(z.array(layerInfoSchema), 'The layers, bottom to top') },
    }),
    (c) => c.json(layerInfos(), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{file}',
      tags,
      summary: 'A layer as GeoJSON (`{layer id}.geojson`), optionally within a bbox',
      ...open,
      request: { params: layerFileParam, query: bboxQuery },
      responses: { 200: json(featureCollectionSchema, 'FeatureCollection'), 404: unknownLayer },
    }),
    async (c) => {
      const layer = requireLayer(c.req.valid('param').file);
      const { bbox } = c.req.valid('query');
      return c.json(await c.var.db.withClient((q) => layerGeoJson(q, layer, bbox ?? null)), 200);
    },
  );

export const tiles = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{layer}/{z}/{x}/{y}',
    tags,
    summary: 'A layer as a Mapbox vector tile (source-layer = layer id); y carries the suffix: /tiles/buildings/14/13716/6506.pbf',
    ...open,
    request: { params: tileParams },
    responses: {
      200: {
        description: 'The tile (empty body for a tile without features)',
        content: { 'application/vnd.mapbox-vector-tile': { schema: z.any() } },
      },
      400: json(errorBodySchema, 'A layer served as GeoJSON only (layer.not_tiled) or a tile outside the zoom pyramid (layer.no_tile)'),
      404: unknownLayer,
    },
  }),
  async (c) => {
    const { layer: id, z: zoom, x, y } = c.req.valid('param');
    const body = await layerTile(c.var.db, requireLayer(id), zoom, x, y);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.mapbox-vector-tile',
      'Cache-Control': 'no-cache',
    });
  },
);

export const features = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{layer}/{key}',
    tags,
    summary: 'One feature with its properties and geometry',
    ...open,
    request: { params: featureParams },
    responses: {
      200: json(featureDetailsSchema, 'The feature'),
      404: json(errorBodySchema, 'Unknown layer (layer.not_found) or feature (feature.not_found)'),
    },
  }),
  async (c) => {
    const { layer: id, key } = c.req.valid('param');
    const layer = requireLayer(id);
    return c.json(await c.var.db.withClient((q) => layerFeature(q, layer, key)), 200);
  },
);
