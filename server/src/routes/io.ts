/**
 * Import and export of every data layer (PRODUCT §5.2). Imports take the raw file as the request
 * body, with a larger body limit of their own; any problem answers 400 with the full report in
 * `error.details` and nothing written. Exports download a GeoJSON or CSV file.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { ApiError, badRequest, notFound } from '../http/errors';
import { EDITORS, requireRole } from '../http/auth';
import type { RouteDoc } from '../http/openapi-types';
import { CRS_HELP, parseCrs } from '../data/crs';
import { IMPORT_LAYER_IDS, importLayer } from '../data/layers';
import { runImport } from '../data/import';
import { exportLayer } from '../data/export';
import { existingCodes } from '../db/io';
import type { ImportFormat } from '../data/types';

/** Import files above this are refused before they are read. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const layerParam = z.object({ layer: z.enum(IMPORT_LAYER_IDS) });

export const importQuery = z.object({
  format: z.enum(['geojson', 'csv', 'shapefile']).optional(),
  crs: z.string().max(60).refine((s) => parseCrs(s) !== undefined, `crs must be ${CRS_HELP}`).optional(),
  mode: z.enum(['insert', 'upsert']).default('upsert'),
  dryRun: flag.default(false),
  name: z.string().max(200).optional(),
});

export const exportQuery = z.object({
  format: z.enum(['geojson', 'csv']).default('geojson'),
  community: z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits').optional(),
  wkt: flag.optional(),
});

/** The format a Content-Type names, when the query doesn't say. */
function formatOf(contentType: string | undefined): ImportFormat | undefined {
  const t = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (t === 'application/geo+json' || t === 'application/json') return 'geojson';
  if (t === 'text/csv') return 'csv';
  if (t === 'application/zip' || t === 'application/x-zip-compressed') return 'shapefile';
  return undefined;
}

export const importRoute = new Hono<AppEnv>().post(
  '/:layer',
  requireRole(...EDITORS),
  bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: () => {
      throw new ApiError(413, 'too_large', `Import files are limited to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    },
  }),
  validate('param', layerParam),
  validate('query', importQuery),
  async (c) => {
    const { layer } = c.req.valid('param');
    const q = c.req.valid('query');
    const format = q.format ?? formatOf(c.req.header('content-type'));
    if (!format) {
      throw badRequest('Say the format: ?format=geojson|csv|shapefile, or Content-Type application/geo+json, text/csv or application/zip', [
        { field: 'query.format', message: 'unknown format' },
      ]);
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) throw badRequest('The request body is empty: send the file itself as the body');
    const report = await runImport(c.var.db, bytes, {
      layer,
      format,
      crs: q.crs,
      mode: q.mode,
      dryRun: q.dryRun,
      fileName: q.name ?? null,
      username: c.var.user!.username,
    });
    if (!report.ok) {
      throw new ApiError(400, 'invalid_file', `${report.problemsTotal} problem(s) in the file; nothing was written`, report);
    }
    return c.json(report);
  },
);

export const exportRoute = new Hono<AppEnv>().get('/:layer', requireRole(), validate('param', layerParam), validate('query', exportQuery), async (c) => {
  const { layer: id } = c.req.valid('param');
  const q = c.req.valid('query');
  const user = c.var.user!;
  if (id === 'people' && user.role === 'viewer') throw new ApiError(403, 'forbidden', 'Viewers may not export people');
  const db = c.var.db;
  const file = await db.withClient(async (client) => {
    if (q.community && !(await existingCodes(client, 'community', [q.community])).size) throw notFound(`No community ${q.community}`);
    return exportLayer(client, importLayer(id), {
      format: q.format,
      community: q.community,
      wkt: q.wkt,
      maskPhones: user.role !== 'admin' && user.role !== 'planner',
    });
  });
  return c.body(file.body, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    'Cache-Control': 'no-store',
  });
});

const reportShape = '{ok, dryRun, layer, format, crs, mode, fileName, counts: {records, inserted, updated, unchanged}, problems: [{row|feature, field, code, message, location?}], problemsTotal, notes}';

export const ioDocs: RouteDoc[] = [
  {
    method: 'post', path: '/import/{layer}', tag: 'data', roles: EDITORS,
    summary: 'Import a GeoJSON FeatureCollection, CSV (wkt or lng/lat columns) or zipped shapefile as the raw request body (max 20 MB). Validates everything first; mode=upsert (default) inserts new codes and updates existing ones, mode=insert refuses existing ones; dryRun=true reports without writing. CRS: wgs84 (default), cgcs2000, gcj02, bd09 or EPSG:n.',
    params: layerParam, query: importQuery, returns: reportShape,
    errors: { 400: `Problems in the file; error.details is the report ${reportShape} and nothing was written`, 413: 'File over 20 MB' },
  },
  {
    method: 'get', path: '/export/{layer}', tag: 'data', roles: ['*'],
    summary: 'Download a layer as GeoJSON or CSV (UTF-8 with BOM; polygons as point-on-surface lng/lat plus WKT) with the columns an import reads. People: phones masked except for admin/planner; viewers may not export people.',
    params: layerParam, query: exportQuery, returns: 'the file (Content-Disposition: attachment)',
    errors: { 404: 'Unknown community' },
  },
];
