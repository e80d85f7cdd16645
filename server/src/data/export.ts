/**
 * Exports a layer as GeoJSON, CSV or GeoPackage (people as an attribute table) with the same columns an import
 * reads, so an export imports back unchanged. CSV: UTF-8 with a byte-order mark (Excel then reads Chinese correctly), lng/lat
 * of a point on the surface for polygons plus their WKT, text that Excel would run as a formula
 * prefixed with `'` (the import strips it). Coordinates keep 9 decimals (sub-millimetre).
 */
import { scopeParams, scopeSql } from '../db/scope';
import type { Scope } from '../domain/access/scope';
import { writeCsv, type CsvCell } from '../domain/text/csv';
import type { Queryable } from '../db/pool';
import { maskPhone } from '../domain/access/mask';
import type { ExportFormat } from '../contract/io';
import { writeGeoPackage, type GeoPackageRow } from './export-geopackage';
import type { ImportLayerDef } from './layers';

/** The text formats; a GeoPackage is bytes (exportGeoPackage). */
export type TextExportFormat = Exclude<ExportFormat, 'gpkg'>;

export interface ExportOptions {
  format: TextExportFormat;
  /** Only this community's records. */
  community?: string;
  /** CSV of a polygon layer: include the WKT column (default true). */
  wkt?: boolean;
  /** Replace phone numbers by their masked form (roles that may not see them). */
  maskPhones: boolean;
  /** The exporting account's data scope: only its rows (null or absent: all). */
  scope?: Scope;
}

export interface ExportFile<Body = string> {
  body: Body;
  contentType: string;
  fileName: string;
}

const DIGITS = 9;

const storedFields = (layer: ImportLayerDef) => layer.fields.filter((f) => !f.transient);

function selectSql(layer: ImportLayerDef, format: ExportFormat, wkt: boolean): string {
  const cols = storedFields(layer).map((f) => (f.column === 'id' ? 't.id::float8 AS id' : `t.${f.column}`));
  if (layer.geometry && format === 'geojson') cols.push(`ST_AsGeoJSON(t.geom, ${DIGITS}) AS geometry`);
  if (layer.geometry && format === 'gpkg') {
    cols.push(
      `encode(ST_AsBinary(t.geom, 'NDR'), 'hex') AS wkb`,
      `CASE WHEN t.geom IS NOT NULL THEN ARRAY[ST_XMin(t.geom), ST_XMax(t.geom), ST_YMin(t.geom), ST_YMax(t.geom)]::float8[] END AS envelope`,
    );
  }
  if (layer.geometry && format === 'csv') {
    const point = layer.geometry === 'point' ? 't.geom' : 'ST_PointOnSurface(t.geom)';
    cols.push(`round(ST_X(${point})::numeric, ${DIGITS})::float8 AS lng`, `round(ST_Y(${point})::numeric, ${DIGITS})::float8 AS lat`);
    if (wkt && layer.geometry !== 'point') cols.push(`ST_AsText(t.geom, ${DIGITS}) AS wkt`);
  }
  const communityColumn = layer.id === 'communities' ? 'code' : 'community_code';
  // divisions of a community: the ones it lies in; roads belong to a town: a community's roads
  // are those that run through it
  const inCommunity =
    layer.id === 'divisions'
      ? 'starts_with($1, t.code)'
      : layer.id === 'roads'
        ? 'EXISTS (SELECT 1 FROM community c WHERE c.code = $1 AND ST_Intersects(c.geom, t.geom))'
        : `t.${communityColumn} = $1`;
  const scopeColumn = layer.table === 'road' ? 'town_code' : layer.table === 'division' ? 'code' : communityColumn;
  return `SELECT ${cols.join(', ')} FROM ${layer.table} t
           WHERE ($1::text IS NULL OR ${inCommunity}) AND ${scopeSql(`t.${scopeColumn}`, '$2', '$3')}
           ORDER BY t.${layer.key}`;
}

function maskPhones(layer: ImportLayerDef, rows: Record<string, unknown>[]): void {
  if (layer.fields.some((f) => f.column === 'phone')) for (const r of rows) r.phone = maskPhone(r.phone as string | null);
}

/** The parameters of `selectSql`: the community filter and the scope's range (a road's town code is 9 digits). */
const selectParams = (layer: ImportLayerDef, opts: { community?: string; scope?: Scope }) => [
  opts.community ?? null,
  ...scopeParams(opts.scope ?? null, layer.table === 'road' ? 9 : undefined),
];

const baseName = (layer: ImportLayerDef, community: string | undefined) => `gridplan-${layer.id}${community ? `-${community}` : ''}`;

/** A layer as a GeoPackage file: features in EPSG:4326, or an attribute table (people). */
export async function exportGeoPackage(
  c: Queryable,
  layer: ImportLayerDef,
  opts: Omit<ExportOptions, 'format' | 'wkt'>,
): Promise<ExportFile<Uint8Array<ArrayBuffer>>> {
  const { rows } = await c.query<Record<string, unknown>>(selectSql(layer, 'gpkg', false), selectParams(layer, opts));
  if (opts.maskPhones) maskPhones(layer, rows);
  const gpkgRows: GeoPackageRow[] = rows.map(({ wkb, envelope, ...values }) => ({
    values,
    wkb: wkb as string | null,
    envelope: envelope as GeoPackageRow['envelope'],
  }));
  return {
    body: await writeGeoPackage(layer, storedFields(layer), gpkgRows),
    contentType: 'application/geopackage+sqlite3',
    fileName: `${baseName(layer, opts.community)}.gpkg`,
  };
}

export async function exportLayer(c: Queryable, layer: ImportLayerDef, opts: ExportOptions): Promise<ExportFile> {
  const wkt = opts.wkt ?? true;
  const { rows } = await c.query<Record<string, unknown>>(selectSql(layer, opts.format, wkt), selectParams(layer, opts));
  if (opts.maskPhones) maskPhones(layer, rows);
  const base = baseName(layer, opts.community);
  if (opts.format === 'geojson') {
    const features = rows.map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: properties[layer.key],
      properties,
      geometry: typeof geometry === 'string' ? JSON.parse(geometry) : null,
    }));
    return {
      body: JSON.stringify({ type: 'FeatureCollection', name: layer.id, features }),
      contentType: 'application/geo+json; charset=utf-8',
      fileName: `${base}.geojson`,
    };
  }
  const fields = storedFields(layer).map((f) => f.column);
  if (layer.geometry) fields.push('lng', 'lat', ...(wkt && layer.geometry !== 'point' ? ['wkt'] : []));
  const body = writeCsv(
    fields,
    rows.map((r) => fields.map((f) => r[f] as CsvCell)),
  );
  return { body, contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv` };
}
