/** /api/layers, /api/tiles, /api/features: the map's layers as a list, GeoJSON, vector tiles and single features. */
import { readerOf } from '../db/pool';
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
  tileQuery,
} from '../contract/layers';
import { layerFeature, layerGeoJson, layerInfos, requireLayer, scopedLayer } from '../db/layers';
import { scopeOf } from '../http/auth';
import { mapDataVersion } from '../db/tiles';
import { matchesEtag, servedTile } from '../db/tile-cache';
import { ApiError } from '../http/errors';
import { fieldError } from '../domain/facility/fields';
import { ANONYMOUS_MAX_BBOX_SQUARE_KILOMETRES, checkLayerRequest, hiddenProperties } from '../domain/map/public-view';

const tags = ['map'];
/** Tiles are public (the same for everyone); a short max-age keeps an edit visible within a minute. */
const TILE_CACHE_CONTROL = 'public, max-age=60';
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
    async (c) => c.json(layerInfos(await readerOf(c.var.db).withClient(mapDataVersion)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{file}',
      tags,
      summary: `A layer as GeoJSON (\`{layer id}.geojson\`), optionally within a bbox. Without a session: no option costs or personal data, and the buildings layer only within a bbox of at most ${ANONYMOUS_MAX_BBOX_SQUARE_KILOMETRES} km²`,
      ...open,
      request: { params: layerFileParam, query: bboxQuery },
      responses: {
        200: json(featureCollectionSchema, 'FeatureCollection'),
        400: json(
          errorBodySchema,
          `Bad bbox, or one over ${ANONYMOUS_MAX_BBOX_SQUARE_KILOMETRES} km² without a session (layers.bbox_too_large)`,
        ),
        401: json(errorBodySchema, 'A layer given out in pieces only, asked whole without a session (layers.bbox_required)'),
        404: unknownLayer,
      },
    }),
    async (c) => {
      const layer = scopedLayer(requireLayer(c.req.valid('param').file), scopeOf(c));
      const bbox = c.req.valid('query').bbox ?? null;
      const signedIn = c.var.user !== null;
      const verdict = checkLayerRequest(layer, signedIn, bbox);
      if (!verdict.ok && verdict.reason === 'bbox_required') throw new ApiError(401, 'layers.bbox_required', { field: 'query.bbox' });
      if (!verdict.ok) {
        throw fieldError('query.bbox', 'layers.bbox_too_large', {
          areaSquareKilometres: Math.round(verdict.areaSquareKilometres * 100) / 100,
          maximumSquareKilometres: ANONYMOUS_MAX_BBOX_SQUARE_KILOMETRES,
        });
      }
      const hidden = hiddenProperties(layer, signedIn);
      return c.json(await readerOf(c.var.db).withClient((q) => layerGeoJson(q, layer, bbox, hidden)), 200);
    },
  );

export const tiles = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{layer}/{z}/{x}/{y}',
    tags,
    summary:
      'A layer as a Mapbox vector tile (source-layer = layer id); y carries the suffix: /tiles/buildings/14/13716/6506.pbf. Below the layer’s minzoom: 204, no body, except from a layer’s aggregatedFrom zoom up, where the tile holds one feature per community with its counts (community_code, buildings, households). Without a session: no option costs or personal data. `?crs=gcj02` draws the geometry in GCJ-02, for a map over a GCJ-02 basemap. `?scope=CODE` keeps only the features of that city, county, town or community (a scoped account’s map). Cached until the map data changes; ETag + If-None-Match → 304; Cache-Control: public, max-age=60',
    ...open,
    request: { params: tileParams, query: tileQuery },
    responses: {
      200: {
        description: 'The tile (empty body for a tile without features)',
        content: { 'application/vnd.mapbox-vector-tile': { schema: z.any() } },
      },
      204: { description: 'Below the layer’s minzoom (and its aggregatedFrom): no tile (the layer is not drawn there)' },
      304: { description: 'If-None-Match names the tile’s current ETag: the copy held is still the tile' },
      400: json(
        errorBodySchema,
        'A layer served as GeoJSON only (layer.not_tiled), a tile outside the zoom pyramid (layer.no_tile) or an unknown crs (invalid_input)',
      ),
      404: unknownLayer,
    },
  }),
  async (c) => {
    const { layer: id, z: zoom, x, y } = c.req.valid('param');
    const layer = requireLayer(id);
    const { crs, scope } = c.req.valid('query');
    const tile = await servedTile(
      readerOf(c.var.db),
      scopedLayer(layer, scope ?? null),
      zoom,
      x,
      y,
      hiddenProperties(layer, c.var.user !== null),
      crs,
    );
    if (tile === null) return c.body(null, 204);
    const headers = { ETag: tile.etag, 'Cache-Control': TILE_CACHE_CONTROL };
    if (matchesEtag(c.req.header('If-None-Match'), tile.etag)) return c.body(null, 304, headers);
    return c.body(tile.body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': 'application/vnd.mapbox-vector-tile' });
  },
);

export const features = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{layer}/{key}',
    tags,
    summary:
      'One feature with its properties and geometry (without a session: no option costs or personal data; a scoped account finds only its scope’s features)',
    ...open,
    request: { params: featureParams },
    responses: {
      200: json(featureDetailsSchema, 'The feature'),
      404: json(errorBodySchema, 'Unknown layer (layer.not_found) or feature (feature.not_found)'),
    },
  }),
  async (c) => {
    const { layer: id, key } = c.req.valid('param');
    const layer = scopedLayer(requireLayer(id), scopeOf(c));
    const hidden = hiddenProperties(layer, c.var.user !== null);
    return c.json(await readerOf(c.var.db).withClient((q) => layerFeature(q, layer, key, hidden)), 200);
  },
);
