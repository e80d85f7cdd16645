/**
 * Imports in the background, for files that take a while: the same query and raw body as
 * POST /api/import/{layer}, answered 202 with a job that GET /api/import/jobs/{id} reports on
 * (stage, count, then the same report). And the file inspection the import screen starts from.
 */
import { createRoute } from '@hono/zod-openapi';

import { createRouter, json } from '../http/openapi';
import { errorBodySchema, idParam } from '../contract/common';
import { importInspectionSchema, importInspectQuery, importJobAnswer, importQuery, layerParam } from '../contract/io';
import { findImportJob, startImportJob } from '../data/import-job';
import { inspectFile } from '../data/inspect';
import { invalid, notFound } from '../domain/errors';
import { msg } from '../contract/messages';
import { editors, fileBody, formatOf, GPKG_TABLE_422, importLimit, readImport } from './io';

const fileContent = {
  'application/geo+json': { schema: fileBody },
  'text/csv': { schema: fileBody },
  'application/zip': { schema: fileBody },
  'application/geopackage+sqlite3': { schema: fileBody },
};

export const importJobs = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/jobs/{layer}',
      tags: ['data'],
      summary:
        'Start an import in the background: the same query and raw body as POST /api/import/{layer}; answers at once with the queued job. Poll GET /api/import/jobs/{id} for its progress and report.',
      middleware: [editors.middleware, importLimit],
      'x-roles': editors['x-roles'],
      request: {
        params: layerParam,
        query: importQuery,
        body: { required: true, description: 'The file itself; its format from ?format= or the Content-Type', content: fileContent },
      },
      responses: {
        202: json(importJobAnswer, 'The job, queued; nothing is written until it finishes without problems'),
        422: json(errorBodySchema, GPKG_TABLE_422),
        400: json(
          errorBodySchema,
          'A bad parameter (invalid_input; a bad column mapping names each entry), no format (import.format_unknown) or an empty body (import.body_empty)',
        ),
        413: json(errorBodySchema, 'File over 20 MB (import.too_large)'),
      },
    }),
    async (c) => {
      const { bytes, options } = await readImport(c.req.valid('param').layer, c.req.valid('query'), c.req.raw, c.var.user!);
      const job = await startImportJob(c.var.db, bytes, options);
      return c.json({ job }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/jobs/{id}',
      tags: ['data'],
      summary:
        'An import job: state (queued, running, done, failed), stage and count within it, and when finished the report (also when it failed with problems) or the error. Users see their own jobs; admins every job started within their data scope.',
      ...editors,
      request: { params: idParam },
      responses: {
        200: json(importJobAnswer, 'The job'),
        404: json(errorBodySchema, 'No such job of yours (import.job_not_found)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const job = await findImportJob(c.var.db, id, c.var.user!);
      if (!job) throw notFound('import.job_not_found', { id });
      return c.json({ job }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/inspect',
      tags: ['data'],
      summary:
        'Describe a file before importing it (nothing written): for a GeoPackage its tables (name, geometry type, records, columns) and the one described (table=, by default the first feature table); its columns, geometry types and extent, the coordinate system it declares or looks like, and every layer ranked by fit with the field each column feeds.',
      middleware: [editors.middleware, importLimit],
      'x-roles': editors['x-roles'],
      request: {
        query: importInspectQuery,
        body: { required: true, description: 'The file itself; its format from ?format= or the Content-Type', content: fileContent },
      },
      responses: {
        200: json(importInspectionSchema, 'What the file holds'),
        422: json(errorBodySchema, 'A GeoPackage without the table= asked for (import.gpkg_table_unknown; details name query.table)'),
        400: json(
          errorBodySchema,
          'A file that cannot be read (import.failed, its problems in details), no format (import.format_unknown) or an empty body (import.body_empty)',
        ),
        413: json(errorBodySchema, 'File over 20 MB (import.too_large)'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const format = q.format ?? formatOf(c.req.header('content-type'));
      if (!format) throw invalid('import.format_unknown', {}, [{ field: 'query.format', ...msg('import.format_unknown') }]);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength === 0) throw invalid('import.body_empty');
      return c.json(await inspectFile(c.var.db, bytes, format, q.table), 200);
    },
  );
