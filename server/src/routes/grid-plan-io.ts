/**
 * Grid plans as a layer (data/grid-plan-layer.ts): GET /api/export/grid-plans downloads a
 * community's (or the town's) plans as a GeoJSON FeatureCollection of cells; POST
 * /api/import/grid-plans recreates the plans of such a file. Mounted before the layer import and
 * export, whose `{layer}` would otherwise take the path.
 */
import { requireInScope } from '../domain/access/scope';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import {
  gridPlanExportQuery,
  gridPlanImportFailureSchema,
  gridPlanImportQuery,
  gridPlanImportReportSchema,
} from '../contract/grid-plan-layer';
import { exportGridPlans, importGridPlans } from '../data/grid-plan-layer';
import { requireCommunity } from '../db/communities';
import { invalid } from '../domain/errors';
import { editors, fileBody, importLimit } from './io';

export const gridPlansImportRoute = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/grid-plans',
    tags: ['data'],
    summary:
      'Import grid plans as GET /api/export/grid-plans writes them (raw GeoJSON body, max 20 MB): every plan of the file becomes a new plan with its cells, codes, buildings and drawn outlines (drawn_outline, kept as the cell’s boundary), outlines drawn from this installation’s buildings and those drawn outlines. A plan marked published is published (the plan in force archived, responsibilities moved) when an admin imports it, else it becomes a draft. Nothing is written when any cell or building is refused; dryRun=true reports without writing.',
    middleware: [editors.middleware, importLimit],
    'x-roles': editors['x-roles'],
    request: {
      query: gridPlanImportQuery,
      body: {
        required: true,
        description: 'The GeoJSON file itself',
        content: { 'application/geo+json': { schema: fileBody } },
      },
    },
    responses: {
      200: json(gridPlanImportReportSchema, 'The plans made'),
      400: json(
        z.union([gridPlanImportFailureSchema, errorBodySchema]),
        'Problems in the file (import.failed; error.details is the report, each problem at its cell’s feature), a bad parameter or an empty body',
      ),
      413: json(errorBodySchema, 'File over 20 MB (import.too_large)'),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) throw invalid('import.body_empty');
    const user = c.var.user!;
    const report = await importGridPlans(c.var.db, bytes, {
      dryRun: q.dryRun,
      fileName: q.name ?? null,
      username: user.username,
      isAdmin: user.role === 'admin',
      scope: user.scopeCode,
    });
    if (!report.ok) throw invalid('import.failed', { count: report.problemsTotal }, report);
    return c.json(report, 200);
  },
);

export const gridPlansExportRoute = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/grid-plans',
    tags: ['data'],
    summary:
      'Download the published plan and the drafts (submitted and approved too) of one community, or of every community, as a GeoJSON FeatureCollection of cells: community_code, plan_no (1 = the published plan), plan_name, plan_status, plan_min_households, plan_max_households, code, label, households, building_codes (;-separated), drawn_outline (the outline drawn in the editor, a MultiPolygon, or null) and the outline',
    ...allow(),
    request: { query: gridPlanExportQuery },
    responses: {
      200: { description: 'The file (Content-Disposition: attachment)', content: { 'application/geo+json': { schema: z.any() } } },
      404: json(errorBodySchema, 'Unknown community (community.not_found)'),
    },
  }),
  async (c) => {
    const { community } = c.req.valid('query');
    const scope = c.var.user!.scopeCode;
    if (community) requireInScope(scope, community);
    const file = await c.var.db.withClient(async (client) => {
      if (community) await requireCommunity(client, community);
      return exportGridPlans(client, community ?? null, scope);
    });
    return c.json(file, 200, {
      'Content-Type': 'application/geo+json; charset=utf-8',
      'Content-Disposition': `attachment; filename="gridplan-grid-plans${community ? `-${community}` : ''}.geojson"`,
      'Cache-Control': 'no-store',
    });
  },
);
