/** Roster rules per cell, community and town (table, map and CSV), and the printable roster. */
import { createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { allow, createRouter, json } from '../http/openapi';
import type { Queryable } from '../db/pool';
import { getSettings } from '../db/settings';
import { cellFacts, cellOutlines, communityName, reportCommunities, reportFacts, type ReportScope } from '../db/coverage-report';
import { listAssignments } from '../db/assignments';
import { cellsOfAccount } from '../db/users';
import {
  coverageCellsSchema,
  coverageReportSchema,
  reportCsvQuery,
  reportQuery,
  rosterQuery,
  rosterSchema,
  type CoverageReport,
  type ReportQuery,
  type Roster,
} from '../contract/responsibility-report';
import { forbidden, notFound } from '../domain/errors';
import { narrowPrefix, requireInScope } from '../domain/access/scope';
import { scopeOf } from '../http/auth';
import type { Context } from 'hono';
import { cellReport, communityReport, townReport, type CoverageSettings } from '../domain/responsibility/coverage-rules';
import { writeRegister } from '../domain/responsibility/csv';
import { seesAllPersonalData, seesPersonalData, withPhone } from '../domain/access/mask';
import { csvAnswer, csvReply, error, tags } from './responsibility-common';

export async function coverageSettings(q: Queryable): Promise<CoverageSettings> {
  // getSettings fills each missing or malformed setting with its one default (contract/settings.ts).
  const s = await getSettings(q);
  return {
    maxHouseholdsPerGridWorker: s['staffing.maxHouseholdsPerGridWorker'],
    residentsPerWorker: s['staffing.residentsPerWorker'],
    requiredParticipantTypes: s['staffing.requiredParticipantTypes'],
  };
}

/** The report for the communities of `scope` (null: every community), without its page. */
export async function buildReport(q: Queryable, scope: ReportScope): Promise<Omit<CoverageReport, 'page'>> {
  const settings = await coverageSettings(q);
  const facts = await reportFacts(q, scope);
  const cells = facts.cells.map((f) => cellReport(f, settings));
  const byCommunity = new Map<string, typeof cells>();
  for (const cell of cells) {
    const list = byCommunity.get(cell.communityCode);
    if (list) list.push(cell);
    else byCommunity.set(cell.communityCode, [cell]);
  }
  const communities = facts.communities.map((f) => communityReport(f, byCommunity.get(f.communityCode) ?? [], settings));
  return {
    settings: { ...settings, requiredParticipantTypes: [...settings.requiredParticipantTypes] },
    town: townReport(communities, cells),
    communities,
    cells,
  };
}

/**
 * The report's own filter within the account's data scope: its prefix narrowed to the scope, and
 * 403 (scope.outside) for a community or prefix that lies wholly outside it.
 */
function withinScope(c: Context<AppEnv>, query: ReportQuery): ReportQuery {
  const scope = scopeOf(c);
  if (query.community) requireInScope(scope, query.community);
  const prefix = narrowPrefix(scope, query.prefix ?? '');
  if (prefix === null) throw forbidden('scope.outside', { code: query.prefix ?? '', scope: scope ?? '' });
  return { ...query, prefix: prefix || undefined };
}

/** One page of the report for the query's scope (404 for an unknown community) and the scope's codes. */
async function reportOf(q: Queryable, query: ReportQuery): Promise<{ report: CoverageReport; scope: ReportScope }> {
  const { codes, total } = await reportCommunities(q, query);
  if (query.community && total === 0) throw notFound('coverage.unknown_community', { communityCode: query.community });
  const report = await buildReport(q, codes);
  const shown = codes?.length ?? total;
  const more = query.limit !== undefined && query.offset + shown < total;
  return {
    report: {
      ...report,
      page: { offset: query.offset, limit: query.limit ?? null, total, nextOffset: more ? query.offset + shown : null },
    },
    scope: codes,
  };
}

const unknownCommunity = error('Unknown community (coverage.unknown_community)');

export const coverageReport = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary:
        'Roster rules for the town, one community or a code prefix (province 2, city 4, county 6, town 9 digits), paged with limit/offset in community-code order: cells without a grid worker, missing participant types, households per worker over the setting, staffing ratio, buildings without party branch or outside every responsibility area, missing volunteer categories',
      ...allow(),
      request: { query: reportQuery },
      responses: {
        200: json(
          coverageReportSchema,
          'Settings, totals of the answer, each community and cell with its problems (coverage.* messages) and status, and the page (total communities in scope, next offset)',
        ),
        404: unknownCommunity,
      },
    }),
    async (c) => c.json((await c.var.db.withClient((q) => reportOf(q, withinScope(c, c.req.valid('query'))))).report, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/cells.geojson',
      tags,
      summary: 'Current cells with their roster status (ok / warning / error) for the map, for the same scope and page as the report',
      ...allow(),
      request: { query: reportQuery },
      responses: { 200: json(coverageCellsSchema, 'FeatureCollection of the cells'), 404: unknownCommunity },
    }),
    async (c) => {
      const { report, outlines } = await c.var.db.withClient(async (q) => {
        const { report, scope } = await reportOf(q, withinScope(c, c.req.valid('query')));
        return { report, outlines: await cellOutlines(q, scope) };
      });
      const features = report.cells
        .filter((cell) => outlines.has(cell.cellCode))
        .map((cell) => ({
          type: 'Feature' as const,
          id: cell.cellCode,
          geometry: outlines.get(cell.cellCode),
          properties: {
            code: cell.cellCode,
            label: cell.label,
            communityCode: cell.communityCode,
            status: cell.status,
            households: cell.households,
            gridWorkers: cell.gridWorkers,
            householdsPerWorker: cell.householdsPerWorker,
            problems: cell.problems.map((p) => p.code).join(' '),
          },
        }));
      return c.json({ type: 'FeatureCollection' as const, features }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/export.csv',
      tags,
      summary: 'The report per cell or per community as CSV (problems as their codes), for the same scope and page as the report',
      ...allow(),
      request: { query: reportCsvQuery },
      responses: { 200: csvAnswer('The report'), 404: unknownCommunity },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { community, level } = query;
      const { report } = await c.var.db.withClient((q) => reportOf(q, withinScope(c, query)));
      const csv =
        level === 'cell'
          ? writeRegister(
              ['cell_code', 'community_code', 'households', 'grid_workers', 'households_per_worker', 'status', 'problems'],
              report.cells.map((r) => ({
                cell_code: r.cellCode,
                community_code: r.communityCode,
                households: r.households,
                grid_workers: r.gridWorkers,
                households_per_worker: r.householdsPerWorker,
                status: r.status,
                problems: r.problems.map((p) => p.code),
              })),
            )
          : writeRegister(
              [
                'community_code',
                'name',
                'residents',
                'community_workers',
                'workers_required',
                'cells',
                'cells_without_worker',
                'status',
                'problems',
              ],
              report.communities.map((r) => ({
                community_code: r.communityCode,
                name: r.name,
                residents: r.residents,
                community_workers: r.communityWorkers,
                workers_required: r.workersRequired,
                cells: r.cellCount,
                cells_without_worker: r.cellsWithoutWorker,
                status: r.status,
                problems: r.problems.map((p) => p.code),
              })),
            );
      return csvReply(c, `coverage-${level}${community || query.prefix ? `-${community ?? query.prefix}` : ''}.csv`, csv);
    },
  );

/** People per cell for the bulletin board; phones masked unless admin/planner or the cell's own worker. */
async function roster(c: { var: AppEnv['Variables'] }, community: string | undefined, cell: string | undefined): Promise<Roster> {
  requireInScope(c.var.user?.scopeCode ?? null, community ?? cell!);
  return c.var.db.withClient(async (q) => {
    const user = c.var.user;
    const mine = user && !seesAllPersonalData(user) ? await cellsOfAccount(q, user.username, user.personId) : [];
    const facts = (await cellFacts(q, [community ?? cell!.slice(0, 12)])).filter((f) => !cell || f.cellCode === cell);
    if (facts.length === 0)
      throw community ? notFound('roster.no_cells', { communityCode: community }) : notFound('roster.unknown_cell', { cellCode: cell! });
    const people = await listAssignments(q, { communityCode: facts[0].communityCode, cellCode: cell });
    return {
      community: { code: facts[0].communityCode, name: (await communityName(q, facts[0].communityCode)) ?? '' },
      cells: facts.map((f) => ({
        code: f.cellCode,
        label: f.label,
        name: f.name,
        households: f.households,
        residents: f.residents,
        buildingCount: f.buildingCount,
        people: people
          .filter((p) => p.cellCode === f.cellCode)
          .map((p) =>
            withPhone({ name: p.personName, type: p.personType, role: p.role, phone: p.phone }, seesPersonalData(user, f.cellCode, mine)),
          ),
      })),
    };
  });
}

const noCells = error('No published cells in the community (roster.no_cells) or no such current cell (roster.unknown_cell)');

export const rosterRoute = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'People per cell of a community or one cell, for the bulletin board (phones masked unless permitted; no-store)',
      ...allow(),
      request: { query: rosterQuery },
      responses: { 200: json(rosterSchema, 'The community and its cells with their people'), 404: noCells },
    }),
    async (c) => {
      const { community, cell } = c.req.valid('query');
      const r = await roster(c, community, cell);
      c.header('Cache-Control', 'no-store');
      return c.json(r, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/export.csv',
      tags,
      summary: 'The roster as CSV',
      ...allow(),
      request: { query: rosterQuery },
      responses: { 200: csvAnswer('The roster'), 404: noCells },
    }),
    async (c) => {
      const { community, cell } = c.req.valid('query');
      const r = await roster(c, community, cell);
      const rows = r.cells.flatMap((cl) =>
        cl.people.map((p) => ({
          community: r.community.name,
          cell_code: cl.code,
          households: cl.households,
          role: p.role,
          name: p.name,
          type: p.type,
          phone: p.phone,
        })),
      );
      return csvReply(
        c,
        `roster-${cell ?? community}.csv`,
        writeRegister(['community', 'cell_code', 'households', 'role', 'name', 'type', 'phone'], rows),
      );
    },
  );
