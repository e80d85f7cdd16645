/**
 * /api/scorecard: the plan's targets per year and each community's indicators against them;
 * staff enter or import values, an admin edits targets.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import { scopeOf } from '../http/auth';
import { requireImportInScope, requireInScope } from '../domain/access/scope';
import { msg } from '../contract/messages';
import {
  importResultSchema,
  indicatorsImport,
  indicatorsPut,
  scorecardQuery,
  scorecardSchema,
  targetParams,
  targetPut,
  targetSchema,
  yearsSchema,
} from '../contract/scorecard';
import {
  currentYear,
  enteredValues,
  listCommunityNames,
  listTargets,
  putTarget,
  scorecardYears,
  startTargetYear,
  writeIndicators,
} from '../db/scorecard';
import { scorecardOfYear } from '../db/scorecard-of-year';
import { readIndicatorCsv, valueChanges } from '../domain/scorecard/csv';
import { COMPUTED_KEYS, valueProblem } from '../domain/scorecard/indicators';
import { invalid, notFound } from '../domain/errors';

const tags = ['scorecard'];
const STAFF = ['planner', 'admin'] as const;

export const scorecard = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: "A year's targets, the town's progress on each, and every community's indicators (missing data is value null, met null)",
      ...allow(),
      request: { query: scorecardQuery },
      responses: {
        200: json(scorecardSchema, 'The scorecard'),
        404: json(errorBodySchema, 'No targets for that year (scorecard.no_targets)'),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('query');
      const card = await c.var.db.withClient(async (q) => {
        const found = await scorecardOfYear(q, year, scopeOf(c));
        if (!found) throw notFound('scorecard.no_targets', { year: String(year) });
        return found;
      });
      return c.json(card, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/years',
      tags,
      summary: 'Years with targets, indicators or grading rounds, and the plan year whose computed indicators come from the registers',
      ...allow(),
      responses: { 200: json(yearsSchema, 'The years') },
    }),
    async (c) =>
      c.json(await c.var.db.withClient(async (q) => ({ years: await scorecardYears(q), currentYear: await currentYear(q) })), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/targets',
      tags,
      summary: "A year's targets as stored: direction, value, and the share or count of communities a town-level target needs",
      ...allow(),
      request: { query: scorecardQuery },
      responses: { 200: json(z.array(targetSchema), 'The targets, by key') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listTargets(q, c.req.valid('query').year)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/targets/{year}',
      tags,
      summary: "Start a year's targets as a copy of the latest earlier year's",
      ...allow('admin'),
      request: { params: scorecardQuery },
      responses: {
        201: json(z.array(targetSchema), 'The new year’s targets'),
        404: json(errorBodySchema, 'No earlier year to copy (scorecard.no_earlier_targets)'),
        409: json(errorBodySchema, 'The year has targets (scorecard.year_exists)'),
      },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      return c.json(await c.var.db.withTransaction((q) => startTargetYear(q, year, c.var.user!.username)), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/targets/{year}/{key}',
      tags,
      summary: 'Set a target for a year (creates it when new; send the version read to change an existing one)',
      ...allow('admin'),
      request: { params: targetParams, body: jsonBody(targetPut) },
      responses: {
        200: json(targetSchema, 'The target'),
        404: json(errorBodySchema, 'A version was sent for a target that does not exist (scorecard.target_not_found)'),
        409: json(errorBodySchema, 'Stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { year, key } = c.req.valid('param');
      return c.json(await c.var.db.withTransaction((q) => putTarget(q, year, key, c.req.valid('json'), c.var.user!.username)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/indicators',
      tags,
      summary: 'Enter indicator values for a year (null removes a value); computed indicators cannot be entered',
      ...allow(...STAFF),
      request: { body: jsonBody(indicatorsPut) },
      responses: {
        200: json(importResultSchema, 'How many values were written'),
        400: json(errorBodySchema, 'A value out of range, not whole, computed, or an unknown community'),
      },
    }),
    async (c) => {
      const { year, values } = c.req.valid('json');
      for (const v of values) {
        requireInScope(scopeOf(c), v.communityCode);
        if (COMPUTED_KEYS.includes(v.key)) throw invalid('scorecard.computed_not_entered', { key: v.key });
        const problem = v.value === null ? null : valueProblem(v.key, v.value);
        if (problem) throw invalid(problem, { key: v.key, value: v.value });
      }
      const written = await c.var.db.withTransaction((q) => writeIndicators(q, year, values, c.var.user!.username, 'enter'));
      return c.json({ year, written, communities: new Set(values.map((v) => v.communityCode)).size }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags,
      summary:
        'Import a CSV of indicator values (community_code plus one column per key): all rows or none; every bad row is named. dryRun: true checks the file the same way and answers the values it would add or change, writing nothing.',
      ...allow(...STAFF),
      request: { body: jsonBody(indicatorsImport) },
      responses: {
        200: json(importResultSchema, 'How many values were written (a dry run: none, and what would change)'),
        400: json(errorBodySchema, 'Nothing written (scorecard.import_failed); details.problems lists each bad row and field'),
      },
    }),
    async (c) => {
      const { year, csv, dryRun } = c.req.valid('json');
      const written = await c.var.db.withTransaction(async (q) => {
        const codes = new Set((await listCommunityNames(q)).map((x) => x.code));
        const { values, problems } = readIndicatorCsv(csv, codes, scopeOf(c));
        requireImportInScope(
          scopeOf(c),
          problems.filter((p) => p.code === 'scope.outside').map((p) => ({ row: p.row, field: p.field, code: String(p.params.code) })),
        );
        if (problems.length) {
          throw invalid(
            'scorecard.import_failed',
            { count: problems.length },
            {
              problems: problems.map((p) => ({ ...msg(p.code, p.params), row: p.row, field: p.field })),
            },
          );
        }
        const communities = new Set(values.map((v) => v.communityCode)).size;
        if (dryRun) return { written: 0, communities, dryRun: true as const, ...valueChanges(await enteredValues(q, year), values) };
        return { written: await writeIndicators(q, year, values, c.var.user!.username, 'import'), communities };
      });
      return c.json({ year, ...written }, 200);
    },
  );
