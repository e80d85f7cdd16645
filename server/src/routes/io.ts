/**
 * Import and export of every data layer (PRODUCT §5.2). Imports take the raw file as the request
 * body, with a larger body limit of their own; any problem answers 400 with the full report in
 * `error.details` and nothing written. Exports download a GeoJSON or CSV file.
 */
import { requireInScope, type Scope } from '../domain/access/scope';
import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { allow, createRouter, json } from '../http/openapi';
import { ApiError } from '../http/errors';
import { EDITORS } from '../http/auth';
import { errorBodySchema } from '../contract/common';
import { msg } from '../contract/messages';
import {
  exportQuery,
  importFailureSchema,
  importHistoryQuery,
  importHistorySchema,
  importQuery,
  importReportSchema,
  layerParam,
  type ColumnMapping,
  type ImportFormat,
  type ImportLayerId,
} from '../contract/io';
import { listImports } from '../db/audit';
import { importLayer } from '../data/layers';
import { readColumnMapping } from '../data/column-mapping';
import { runImportWithPreview } from '../data/preview';
import { exportGeoPackage, exportLayer } from '../data/export';
import { requireCommunity } from '../db/communities';
import { forbidden, invalid, unprocessable } from '../domain/errors';
import { chooseTable, geoPackageTables } from '../data/parse-geopackage';

/** Import files above this are refused before they are read. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The format a Content-Type names, when the query doesn't say. */
export function formatOf(contentType: string | undefined): ImportFormat | undefined {
  const t = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (t === 'application/geo+json' || t === 'application/json') return 'geojson';
  if (t === 'text/csv') return 'csv';
  if (t === 'application/zip' || t === 'application/x-zip-compressed') return 'shapefile';
  if (t === 'application/geopackage+sqlite3') return 'gpkg';
  return undefined;
}

export const editors = allow(...EDITORS);
export const GPKG_TABLE_422 =
  'A GeoPackage with several tables the layer can be read from and no table= (import.gpkg_many_tables), or a table= it does not hold (import.gpkg_table_unknown); details name query.table';
export const importLimit = bodyLimit({
  maxSize: MAX_IMPORT_BYTES,
  onError: () => {
    throw new ApiError(413, 'import.too_large', { limitMegabytes: MAX_IMPORT_BYTES / 1024 / 1024 });
  },
});
// The file is the body as it is: documented here, read by the handler (never parsed as JSON by a validator).
export const fileBody = { type: 'string', format: 'binary' } as const;

export const importRoute = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/{layer}',
    tags: ['data'],
    summary:
      'Import a GeoJSON FeatureCollection, CSV (wkt or lng/lat columns), zipped shapefile or GeoPackage (its srs_id is honoured; with several tables choose one with table=, an attribute table for people) as the raw request body (max 20 MB). Validates everything first; mode=upsert (default) inserts new codes and updates existing ones (a building without a code whose source id, osm_id or @id, names one stored building updates that building), mode=insert refuses existing ones; dryRun=true reports without writing (with preview=true also the records as they would be stored, for a map); columns={"file column":"field"} maps columns the names and aliases miss. CRS: wgs84 (default), cgcs2000, gcj02, bd09 or EPSG:n. A scoped account’s file must stay inside its data scope: a record outside it (or updating one outside it) answers 403 scope.row_outside / scope.feature_outside naming it, and nothing is written.',
    middleware: [editors.middleware, importLimit],
    'x-roles': editors['x-roles'],
    request: {
      params: layerParam,
      query: importQuery,
      body: {
        required: true,
        description: 'The file itself; its format from ?format= or the Content-Type',
        content: {
          'application/geo+json': { schema: fileBody },
          'text/csv': { schema: fileBody },
          'application/zip': { schema: fileBody },
          'application/geopackage+sqlite3': { schema: fileBody },
        },
      },
    },
    responses: {
      200: json(importReportSchema, 'The report: counts, notes, no problems'),
      400: json(
        z.union([importFailureSchema, errorBodySchema]),
        'Problems in the file (import.failed; error.details is the report, problems located by feature/row and field; nothing written), a bad parameter (invalid_input; a bad column mapping names each entry), no format (import.format_unknown) or an empty body (import.body_empty)',
      ),
      413: json(errorBodySchema, 'File over 20 MB (import.too_large)'),
      422: json(errorBodySchema, GPKG_TABLE_422),
    },
  }),
  async (c) => {
    const { bytes, options } = await readImport(c.req.valid('param').layer, c.req.valid('query'), c.req.raw, c.var.user!);
    const report = await runImportWithPreview(c.var.db, bytes, options);
    if (!report.ok) throw invalid('import.failed', { count: report.problemsTotal }, report);
    return c.json(report, 200);
  },
);

type ImportQuery = z.infer<typeof importQuery>;

/**
 * An import request as the import reads it: the raw body, its format (?format= or the
 * Content-Type), the column mapping checked against the layer. Refuses before anything starts.
 */
export async function readImport(layer: ImportLayerId, q: ImportQuery, request: Request, user: { username: string; scopeCode: Scope }) {
  const format = q.format ?? formatOf(request.headers.get('content-type') ?? undefined);
  if (!format) throw invalid('import.format_unknown', {}, [{ field: 'query.format', ...msg('import.format_unknown') }]);
  let columns: ColumnMapping | undefined;
  if (q.columns !== undefined) {
    const read = readColumnMapping(importLayer(layer), q.columns);
    if (!read.ok) throw invalid('invalid_input', { problem: read.problems[0].message }, read.problems);
    columns = read.mapping;
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength === 0) throw invalid('import.body_empty');
  if (format === 'gpkg') await requireGeoPackageTable(bytes, q.table, importLayer(layer).geometry !== null);
  const options = {
    layer,
    format,
    crs: q.crs,
    mode: q.mode,
    dryRun: q.dryRun,
    preview: q.preview,
    fileName: q.name ?? null,
    username: user.username,
    scope: user.scopeCode,
    columns,
    table: q.table,
  };
  return { bytes, options };
}

/**
 * A GeoPackage's table choice, checked before anything starts: several tables the layer can be
 * read from and none chosen, or a name that is none of them, is a 422 on `table`. A file that is
 * no GeoPackage at all is left to the import, which reports it with the file's other problems.
 */
export async function requireGeoPackageTable(bytes: Uint8Array, table: string | undefined, spatial: boolean): Promise<void> {
  const listed = await geoPackageTables(bytes);
  if (!listed.tables) return;
  const [wrong] = chooseTable(listed.tables, { table, spatial }).problems.filter((p) => p.field === 'table');
  if (wrong) throw unprocessable(wrong.code, wrong.params, [{ ...wrong, field: 'query.table' }]);
}

export const importHistoryRoute = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/history',
    tags: ['data'],
    summary:
      'The layer imports written, newest first: who, when, which layer and file, and what they changed (dry runs and refused files wrote nothing and are not listed)',
    ...editors,
    request: { query: importHistoryQuery },
    responses: { 200: json(importHistorySchema, 'Imports, newest first') },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const imports = await c.var.db.withClient((client) => listImports(client, { ...q, scope: c.var.user!.scopeCode }));
    return c.json({ imports }, 200);
  },
);

export const exportRoute = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{layer}',
    tags: ['data'],
    summary:
      'Download a layer as GeoJSON, CSV (UTF-8 with BOM; polygons as point-on-surface lng/lat plus WKT) or GeoPackage (format=gpkg; EPSG:4326; people as an attribute table) with the columns an import reads. People: phones masked except for admin/planner; viewers may not export people.',
    ...allow(),
    request: { params: layerParam, query: exportQuery },
    responses: {
      200: {
        description: 'The file (Content-Disposition: attachment)',
        content: {
          'application/geo+json': { schema: z.any() },
          'text/csv': { schema: z.string() },
          'application/geopackage+sqlite3': { schema: fileBody },
        },
      },
      403: json(
        errorBodySchema,
        'A viewer asking for people (export.people_forbidden), or a community outside your data scope (scope.outside)',
      ),
      404: json(errorBodySchema, 'Unknown community (community.not_found)'),
    },
  }),
  async (c) => {
    const { layer: id } = c.req.valid('param');
    const q = c.req.valid('query');
    const user = c.var.user!;
    if (id === 'people' && user.role === 'viewer') throw forbidden('export.people_forbidden');
    const layer = importLayer(id);
    const maskPhones = user.role !== 'admin' && user.role !== 'planner';
    const file = await c.var.db.withClient(async (client) => {
      if (q.community) requireInScope(user.scopeCode, q.community);
      if (q.community) await requireCommunity(client, q.community);
      const scope = user.scopeCode;
      return q.format === 'gpkg'
        ? exportGeoPackage(client, layer, { community: q.community, maskPhones, scope })
        : exportLayer(client, layer, { format: q.format, community: q.community, wkt: q.wkt, maskPhones, scope });
    });
    return c.body(file.body, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
    });
  },
);
