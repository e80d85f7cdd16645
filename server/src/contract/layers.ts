/** Map layers: the list, a layer as GeoJSON, one feature, vector tiles. */
import { z } from 'zod';
import { DISPLAY_CRS } from './basemap';

export const LAYER_IDS = [
  'town',
  'communities',
  'roads',
  'compounds',
  'buildings',
  'cells',
  'party_branches',
  'facilities',
  'options',
] as const;
export const layerIdSchema = z.enum(LAYER_IDS);
export type LayerId = z.infer<typeof layerIdSchema>;

export const layerInfoSchema = z.object({
  id: layerIdSchema,
  title: z.object({ zh: z.string(), en: z.string() }),
  geometryType: z.enum(['polygon', 'line', 'point']),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  /** Served as vector tiles from /api/tiles/{id}/{z}/{x}/{y}.pbf as well as GeoJSON. */
  tiles: z.boolean(),
  /**
   * From this zoom up to `minzoom`, the layer's tiles hold one feature per community with its
   * counts (`community_code`, `buildings`, `households`) instead of the layer's own features.
   */
  aggregatedFrom: z.number().int().optional(),
  /**
   * How a map names the layer's features (by their `name`) at street scale: the property that
   * identifies a feature across tile pieces, from which zoom, in which font size (CSS pixels) and
   * at most how many at once. Every map draws the same names from this one answer.
   */
  label: z.object({ key: z.string(), minzoom: z.number(), fontPixels: z.number().int(), max: z.number().int() }).optional(),
  /**
   * The map data's version: every committed edit raises it. Tile URLs carry it (`?v=`), so a map
   * opened after an edit asks for new tiles instead of the ones its browser cached before.
   */
  version: z.number().int(),
});
export type LayerInfo = z.infer<typeof layerInfoSchema>;

export type Bbox = [number, number, number, number];

/** `/layers/{file}`: the layer id with `.geojson`, e.g. `communities.geojson`. */
export const layerFileParam = z.object({
  file: z
    .string()
    .regex(/^[a-z_]+\.geojson$/, 'a layer file is <layer id>.geojson')
    .transform((s) => s.slice(0, -'.geojson'.length)),
});

export const bboxQuery = z.object({
  bbox: z
    .string()
    .regex(/^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$/, 'bbox is minLng,minLat,maxLng,maxLat')
    .transform((s) => s.split(',').map(Number) as Bbox)
    .refine(([w, s, e, n]) => w < e && s < n && w >= -180 && e <= 180 && s >= -90 && n <= 90, 'bbox is out of range or inverted')
    .optional(),
});

/** `/tiles/{layer}/{z}/{x}/{y}`: y carries the `.pbf` suffix, e.g. `/tiles/buildings/14/13716/6506.pbf`. */
/** The frame a tile's geometry is drawn in: WGS84 as stored, or GCJ-02 for a map over a GCJ-02 basemap. */
export const tileQuery = z.object({
  crs: z.enum(DISPLAY_CRS).default('wgs84'),
  /** A scoped account's map asks for its scope's features only (a city, county, town or community code). */
  scope: z
    .string()
    .regex(/^([0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$/, 'a city (4 digits), county (6), town (9) or community (12) code')
    .optional(),
});

export const tileParams = z.object({
  layer: z.string().max(40),
  z: z.coerce.number().int(),
  x: z.coerce.number().int(),
  y: z
    .string()
    .regex(/^[0-9]+\.pbf$/, 'a tile is <y>.pbf')
    .transform((s) => Number(s.slice(0, -'.pbf'.length))),
});

export const featureParams = z.object({ layer: z.string().max(40), key: z.string().min(1).max(60) });

const geometrySchema = z.object({ type: z.string() }).loose();

export const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: geometrySchema.nullable(),
  properties: z.record(z.string(), z.unknown()),
});

/** One feature with the layer it belongs to. */
export const featureDetailsSchema = featureSchema.extend({ layer: layerIdSchema });
export type FeatureDetails = z.infer<typeof featureDetailsSchema>;

export const featureCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(featureSchema) });
export type LayerCollection = z.infer<typeof featureCollectionSchema>;
