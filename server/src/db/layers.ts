/**
 * Map layers: an allow-list of layer definitions, each a SQL source of (id, properties, geom).
 * Request input chooses a layer by id from this list only; it never becomes SQL text.
 */
import type { Queryable } from './pool';
import { LAYER_IDS, type Bbox, type FeatureDetails, type LayerCollection, type LayerInfo } from '../contract/layers';
import { notFound } from '../domain/errors';
import { layerScopeSql } from './scope';
import type { LayerPrivacy } from '../domain/map/public-view';

export { LAYER_IDS, type Bbox };

export interface LayerDef extends Omit<LayerInfo, 'version'>, LayerPrivacy {
  /** SELECT producing columns fid (text, one per feature: tiles list features in its order), props (jsonb), geom (4326) and scope_code (the community's, or town's, code). */
  source: string;
  /**
   * Lighter sources for tiles below zoom `below`, where one tile covers a whole city: only the
   * properties (and, for roads, the features) the overview map draws, so a tile of thousands of
   * features stays small. In ascending order of `below`: a tile takes the first that applies.
   */
  overview?: readonly { below: number; source: string; mercator?: boolean }[];
  /**
   * The source also has `geom_3857`, its geometry kept in web mercator (community_overview,
   * migration 0041): PostGIS tiles clip that instead of projecting every feature.
   */
  mercator?: boolean;
  /**
   * The source also has `geom_box` (4326): an indexed geometry whose box holds each feature's
   * `geom` (the outline of the building a party branch's point stands for). Tiles and bbox reads
   * find features by it, since a point worked out in the source row by row has no index, and each
   * tile would otherwise read the whole layer.
   */
  geomBox?: boolean;
  /**
   * Digits of the code the source's `scope_code` column holds when shorter than a community's
   * (a town's or road's 9-digit town code): a deeper data scope is cut to them.
   */
  scopeDigits?: number;
  /** The data scope a request's features are limited to (scopedLayer); absent or null: all. */
  scope?: string | null;
}

/** `layer` limited to the features of `scope` (null: unchanged). */
export const scopedLayer = (layer: LayerDef, scope: string | null): LayerDef => (scope === null ? layer : { ...layer, scope });

/** Keys of personal data; no layer may show them to anyone who has not signed in. */
const PERSONAL = ['person_name', 'person_names', 'phone', 'id_number'] as const;
/** Keys of what an acquisition option costs (one-off, yearly, per m²). */
const COSTS = ['one_off_cost', 'yearly_cost', 'cost_per_m2'] as const;

const PUBLISHED_CELL_OF_BUILDING = `
  (SELECT g.code FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code
     JOIN grid_plan p ON p.id = cb.plan_id AND p.county_code = cb.county_code
    WHERE cb.building_code = b.code AND cb.county_code = b.county_code AND p.status = 'published' LIMIT 1)`;

/**
 * The communities as a tile below z11 draws them (community_overview, migration 0041): code and
 * compliance, which is worked out as community_status does (PRODUCT §4) from the kept figures.
 * PostGIS tiles read the kept web-mercator outline, so the join for `geom` drops out of their plan.
 */
const COMMUNITY_OVERVIEW_SOURCE = `
  SELECT o.code AS fid,
         jsonb_build_object('code', o.code,
           'compliant', o.current_area_m2 >= greatest(s.min_area, s.per_hundred * o.households / 100.0)::float8) AS props,
         c.geom, o.geom AS geom_3857, o.code AS scope_code
    FROM community_overview o
   CROSS JOIN (SELECT (SELECT value::text::float8 FROM setting WHERE key = 'standard.minimumAreaM2') AS min_area,
                      (SELECT value::text::float8 FROM setting WHERE key = 'standard.perHundredHouseholdsM2') AS per_hundred) s
    LEFT JOIN community c ON c.code = o.code AND c.county_code = o.county_code`;

/** The roads matching `where` with their id and kind only, as the overview map draws them. */
const roadOverview = (where: string) =>
  `SELECT id::text AS fid, jsonb_build_object('id', id::text, 'kind', kind) AS props, geom, town_code AS scope_code FROM road WHERE ${where}`;

export const LAYERS: LayerDef[] = [
  {
    id: 'town',
    title: { zh: '镇界', en: 'Town' },
    geometryType: 'polygon',
    minzoom: 0,
    maxzoom: 22,
    tiles: false,
    scopeDigits: 9,
    source: `SELECT code AS fid, jsonb_build_object('code', code, 'name', name) AS props, geom, code AS scope_code FROM town`,
  },
  {
    id: 'communities',
    title: { zh: '社区', en: 'Communities' },
    geometryType: 'polygon',
    minzoom: 0,
    maxzoom: 22,
    tiles: true,
    source: `
      SELECT c.code AS fid,
             jsonb_build_object('code', c.code, 'name', c.name, 'households', st.households,
               'requiredAreaM2', round(st.required_area_m2::numeric, 1),
               'currentAreaM2', round(st.current_area_m2::numeric, 1),
               'gapM2', round(greatest(0, st.required_area_m2 - st.current_area_m2)::numeric, 1),
               'compliant', st.current_area_m2 >= st.required_area_m2) AS props,
             c.geom, c.code AS scope_code
        FROM community c JOIN community_status st ON st.code = c.code AND st.county_code = c.county_code`,
    // The overview colours communities by compliance and selects them by code; the rest comes with the feature.
    overview: [{ below: 11, source: COMMUNITY_OVERVIEW_SOURCE, mercator: true }],
  },
  {
    id: 'roads',
    title: { zh: '道路', en: 'Roads' },
    geometryType: 'line',
    minzoom: 0,
    maxzoom: 22,
    tiles: true,
    label: { key: 'id', minzoom: 15, fontPixels: 11, max: 30 },
    scopeDigits: 9,
    source: `SELECT id::text AS fid, jsonb_build_object('id', id::text, 'name', name, 'kind', kind, 'highway', highway,
               'oneway', oneway, 'lanes', lanes) AS props, geom, town_code AS scope_code FROM road`,
    // A view over a region draws the arterial roads, a city-wide view the secondary ones too, by
    // kind; lanes appear from z11. At 10,000 communities a z8 tile of both kinds took 103 ms, of
    // the arterial roads alone 22 ms.
    overview: [
      { below: 10, source: roadOverview(`kind = 'arterial'`) },
      { below: 11, source: roadOverview(`kind <> 'local'`) },
    ],
  },
  {
    id: 'compounds',
    title: { zh: '小区', en: 'Compounds' },
    geometryType: 'polygon',
    minzoom: 12,
    maxzoom: 22,
    tiles: true,
    label: { key: 'code', minzoom: 16, fontPixels: 11, max: 30 },
    source: `SELECT code AS fid, jsonb_build_object('code', code, 'name', name, 'community_code', community_code,
               'property_company', property_company) AS props, geom, community_code AS scope_code FROM compound`,
  },
  {
    id: 'buildings',
    title: { zh: '楼幢', en: 'Buildings' },
    geometryType: 'polygon',
    minzoom: 13,
    maxzoom: 22,
    tiles: true,
    aggregatedFrom: 8,
    label: { key: 'code', minzoom: 17, fontPixels: 10, max: 60 },
    signedInOnly: PERSONAL,
    anonymousNeedsBbox: true,
    source: `SELECT b.code AS fid, jsonb_build_object('code', b.code, 'name', b.name, 'address', b.address,
               'households', b.households, 'residents', b.residents, 'floors', b.floors, 'kind', b.kind,
               'community_code', b.community_code, 'compound_code', b.compound_code,
               'households_estimated', b.households_estimated, 'footprint_estimated', b.footprint_estimated,
               'cell_code', ${PUBLISHED_CELL_OF_BUILDING}) AS props, b.geom, b.community_code AS scope_code FROM building b`,
    // At z13 a tile holds thousands of buildings, and looking each one's published cell up was most
    // of its time; the map draws buildings (coloured by cell) from z14.5.
    overview: [
      {
        below: 14,
        source: `SELECT b.code AS fid, jsonb_build_object('code', b.code, 'households', b.households, 'kind', b.kind,
                   'community_code', b.community_code, 'compound_code', b.compound_code) AS props, b.geom, b.community_code AS scope_code
                   FROM building b`,
      },
    ],
  },
  {
    id: 'cells',
    title: { zh: '网格', en: 'Grid cells' },
    geometryType: 'polygon',
    // From z12, the first zoom a screen draws cells at (the disputes map; the main map from z13.5):
    // a z11 tile over 10,000 communities held 180 KB of cells of a few pixels each (50 ms).
    minzoom: 12,
    maxzoom: 22,
    tiles: true,
    source: `SELECT g.id::text AS fid, jsonb_build_object('id', g.id::text, 'code', g.code, 'label', g.label, 'plan_id', g.plan_id,
               'community_code', p.community_code,
               'households', (SELECT coalesce(sum(b.households), 0) FROM cell_building cb JOIN building b ON b.code = cb.building_code AND b.county_code = cb.county_code WHERE cb.cell_id = g.id AND cb.county_code = g.county_code),
               'buildings', (SELECT count(*) FROM cell_building cb WHERE cb.cell_id = g.id AND cb.county_code = g.county_code)) AS props, g.geom,
               p.community_code AS scope_code
               FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
              WHERE p.status = 'published' AND g.valid_to IS NULL AND g.geom IS NOT NULL`,
    // Below z13 a tile holds thousands of cells (830 ms at z11 over 10,000 communities, counting
    // each cell's buildings and households); the map draws cells from z13.5, and an overview needs
    // their outlines and codes only.
    overview: [
      {
        below: 13,
        source: `SELECT g.id::text AS fid, jsonb_build_object('id', g.id::text, 'code', g.code, 'label', g.label, 'plan_id', g.plan_id,
                   'community_code', p.community_code) AS props, g.geom, p.community_code AS scope_code
                   FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
                  WHERE p.status = 'published' AND g.valid_to IS NULL AND g.geom IS NOT NULL`,
      },
    ],
  },
  {
    id: 'party_branches',
    title: { zh: '楼幢党支部', en: 'Building party branches' },
    geometryType: 'point',
    minzoom: 13,
    maxzoom: 22,
    // One point per building with a branch: 54 MB of GeoJSON at 10,000 communities, which the map
    // fetched whole and the server built as it started; as tiles, only what is on screen.
    tiles: true,
    geomBox: true,
    source: `SELECT o.id::text || '-' || pb.building_code AS fid, jsonb_build_object('id', o.id, 'name', o.name, 'level', o.level,
               'building_code', pb.building_code, 'community_code', o.community_code) AS props, ST_PointOnSurface(b.geom) AS geom,
               b.geom AS geom_box, o.community_code AS scope_code
               FROM party_org o JOIN party_org_building pb ON pb.party_org_id = o.id AND pb.county_code = o.county_code JOIN building b ON b.code = pb.building_code AND b.county_code = pb.county_code
              WHERE o.scope = 'building'`,
  },
  {
    id: 'facilities',
    title: { zh: '现有社区用房', en: 'Existing facilities' },
    geometryType: 'point',
    minzoom: 0,
    maxzoom: 22,
    tiles: false,
    source: `SELECT id::text AS fid, jsonb_build_object('id', id, 'name', name, 'address', address, 'area_m2', area_m2,
               'community_code', community_code) AS props, geom, community_code AS scope_code FROM facility`,
  },
  {
    id: 'options',
    title: { zh: '候选点', en: 'Candidate sites' },
    geometryType: 'point',
    minzoom: 0,
    maxzoom: 22,
    tiles: false,
    signedInOnly: [...COSTS, ...PERSONAL],
    source: `SELECT code AS fid, jsonb_build_object('id', id, 'code', code, 'method', method, 'name', name, 'address', address,
               'area_m2', area_m2, 'one_off_cost', one_off_cost, 'yearly_cost', yearly_cost,
               'available_after_months', available_after_months, 'status', status, 'community_code', community_code) AS props,
             geom, community_code AS scope_code FROM facility_option WHERE status <> 'withdrawn'`,
  },
];

/**
 * The low-zoom stand-in for a layer with `aggregatedFrom`: each community with its building and
 * household counts (community_overview, kept by migration 0041), so a tile covering a city holds
 * thousands of small features instead of a million buildings.
 */
export const COMMUNITY_COUNTS_SOURCE = `
  SELECT o.code AS fid, jsonb_build_object('community_code', o.code, 'buildings', o.buildings, 'households', o.households) AS props,
         c.geom, o.geom AS geom_3857, o.code AS scope_code
    FROM community_overview o LEFT JOIN community c ON c.code = o.code AND c.county_code = o.county_code`;

/**
 * `alias` (a row of `layer`'s source) may lie within `box`, an SQL geometry in 4326: its geometry's
 * box meets it, found through `geom_box`'s index where the source has one.
 */
export const nearSql = (layer: Pick<LayerDef, 'geomBox'>, alias: string, box: string) =>
  layer.geomBox ? `${alias}.geom_box && ${box} AND ${alias}.geom && ${box}` : `${alias}.geom && ${box}`;

export function findLayer(id: string): LayerDef | undefined {
  return LAYERS.find((l) => l.id === id);
}

/** The layer `id`, or `layer.not_found` naming the layers there are. */
export function requireLayer(id: string): LayerDef {
  const layer = findLayer(id);
  if (!layer) throw notFound('layer.not_found', { layer: id, layers: [...LAYER_IDS] });
  return layer;
}

/** The layers as the map lists them (without their SQL), with the map data's current `version`. */
export function layerInfos(version: number): LayerInfo[] {
  return LAYERS.map(
    ({
      source: _source,
      overview: _overview,
      signedInOnly: _hidden,
      anonymousNeedsBbox: _bbox,
      scopeDigits: _digits,
      geomBox: _box,
      ...info
    }) => ({
      ...info,
      version,
    }),
  );
}

/**
 * Features of a layer intersecting `bbox` (all when none) as a GeoJSON FeatureCollection,
 * without the property keys in `hidden`.
 */
export async function layerGeoJson(
  c: Queryable,
  layer: LayerDef,
  bbox: Bbox | null,
  hidden: readonly string[] = [],
  limit = 200_000,
): Promise<LayerCollection> {
  const scope = layerScopeSql(layer, 'src', 7);
  const { rows } = await c.query<{ fc: LayerCollection }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', l.fid, 'geometry', ST_AsGeoJSON(l.geom, 6)::json, 'properties', l.props - $6::text[])), '[]'::json)) AS fc
       FROM (SELECT * FROM (${layer.source}) src
              WHERE ($1::float8 IS NULL OR ${nearSql(layer, 'src', 'ST_MakeEnvelope($1, $2, $3, $4, 4326)')})${scope.sql}
              LIMIT $5) l`,
    [...(bbox ?? [null, null, null, null]), limit, hidden, ...scope.params],
  );
  return rows[0].fc;
}

/** One feature of a layer by its id without the property keys in `hidden`, or `feature.not_found`. */
export async function layerFeature(c: Queryable, layer: LayerDef, fid: string, hidden: readonly string[] = []): Promise<FeatureDetails> {
  const scope = layerScopeSql(layer, 'l', 4);
  const { rows } = await c.query<{ f: FeatureDetails }>(
    `SELECT json_build_object('type', 'Feature', 'id', l.fid, 'layer', $2::text, 'geometry', ST_AsGeoJSON(l.geom, 6)::json,
              'properties', l.props - $3::text[]) AS f
       FROM (${layer.source}) l WHERE l.fid = $1${scope.sql}`,
    [fid, layer.id, hidden, ...scope.params],
  );
  if (!rows[0]) throw notFound('feature.not_found', { layer: layer.id, key: fid });
  return rows[0].f;
}
