/** Roster rules per cell, community and town (table, map and CSV), and the printable roster. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import type { RouteDoc } from '../http/openapi-types';
import type { Queryable } from '../db/pool';
import { validate } from '../http/validate';
import { requireRole } from '../http/auth';
import { notFound } from '../http/errors';
import { getSettings } from '../db/settings';
import { cellFacts, cellOutlines, communityFacts } from '../db/coverage-report';
import { listAssignments, workerCellCodes } from '../db/assignments';
import { cellReport, communityReport, townReport, type CoverageSettings } from '../domain/responsibility/coverage-rules';
import { writeRegister } from '../domain/responsibility/csv';
import { seesAllPersonalData, seesPersonalData, withPhone } from '../domain/access/mask';
import { cellCode, communityCode, csvReply } from './responsibility-common';

export const reportQuery = z.object({ community: communityCode.optional() });
export const reportCsvQuery = reportQuery.extend({ level: z.enum(['cell', 'community']).default('cell') });
export const rosterQuery = z.object({ community: communityCode.optional(), cell: cellCode.optional() }).refine((q) => !!q.community !== !!q.cell, { message: 'give either community or cell', path: ['community'] });

export async function coverageSettings(q: Queryable): Promise<CoverageSettings> {
  // getSettings fills each missing or malformed setting with its one default (contract/settings.ts).
  const s = await getSettings(q);
  return {
    maxHouseholdsPerGridWorker: s['staffing.maxHouseholdsPerGridWorker'],
    residentsPerWorker: s['staffing.residentsPerWorker'],
    requiredParticipantTypes: s['staffing.requiredParticipantTypes'],
  };
}

/** The whole report for the town or one community. */
export async function buildReport(q: Queryable, community: string | null) {
  const settings = await coverageSettings(q);
  const cells = (await cellFacts(q, community)).map((f) => cellReport(f, settings));
  const byCommunity = new Map<string, typeof cells>();
  for (const cell of cells) byCommunity.set(cell.communityCode, [...(byCommunity.get(cell.communityCode) ?? []), cell]);
  const communities = (await communityFacts(q, community)).map((f) => communityReport(f, byCommunity.get(f.communityCode) ?? [], settings));
  return { settings, town: townReport(communities, cells), communities, cells };
}

export const coverageReport = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', reportQuery), async (c) => {
    const { community } = c.req.valid('query');
    const report = await c.var.db.withClient((q) => buildReport(q, community ?? null));
    if (community && report.communities.length === 0) throw notFound(`No community with code ${community}`);
    return c.json(report);
  })
  .get('/cells.geojson', requireRole(), validate('query', reportQuery), async (c) => {
    const { community } = c.req.valid('query');
    const { report, outlines } = await c.var.db.withClient(async (q) => ({ report: await buildReport(q, community ?? null), outlines: await cellOutlines(q, community ?? null) }));
    const features = report.cells
      .filter((cell) => outlines.has(cell.cellCode))
      .map((cell) => ({
        type: 'Feature' as const,
        id: cell.cellCode,
        geometry: outlines.get(cell.cellCode),
        properties: {
          code: cell.cellCode, label: cell.label, communityCode: cell.communityCode, status: cell.status, households: cell.households,
          gridWorkers: cell.gridWorkers, householdsPerWorker: cell.householdsPerWorker, problems: cell.problems.map((p) => p.code).join(' '),
        },
      }));
    return c.json({ type: 'FeatureCollection', features });
  })
  .get('/export.csv', requireRole(), validate('query', reportCsvQuery), async (c) => {
    const { community, level } = c.req.valid('query');
    const report = await c.var.db.withClient((q) => buildReport(q, community ?? null));
    const csv = level === 'cell'
      ? writeRegister(['cell_code', 'community_code', 'households', 'grid_workers', 'households_per_worker', 'status', 'problems'], report.cells.map((r) => ({
          cell_code: r.cellCode, community_code: r.communityCode, households: r.households, grid_workers: r.gridWorkers,
          households_per_worker: r.householdsPerWorker, status: r.status, problems: r.problems.map((p) => p.code),
        })))
      : writeRegister(['community_code', 'name', 'residents', 'community_workers', 'workers_required', 'cells', 'cells_without_worker', 'status', 'problems'], report.communities.map((r) => ({
          community_code: r.communityCode, name: r.name, residents: r.residents, community_workers: r.communityWorkers, workers_required: r.workersRequired,
          cells: r.cellCount, cells_without_worker: r.cellsWithoutWorker, status: r.status, problems: r.problems.map((p) => p.code),
        })));
    return csvReply(c, `coverage-${level}${community ? `-${community}` : ''}.csv`, csv);
  });

/** People per cell for the bulletin board; phones masked unless admin/planner or the cell's own worker. */
async function roster(c: { var: AppEnv['Variables'] }, community: string | undefined, cell: string | undefined) {
  return c.var.db.withClient(async (q) => {
    const user = c.var.user;
    const mine = user?.personId && !seesAllPersonalData(user) ? await workerCellCodes(q, user.personId) : [];
    const facts = (await cellFacts(q, community ?? cell!.slice(0, 12))).filter((f) => !cell || f.cellCode === cell);
    if (facts.length === 0) return undefined;
    const people = await listAssignments(q, { communityCode: facts[0].communityCode, cellCode: cell });
    const { rows } = await q.query<{ name: string }>('SELECT name FROM community WHERE code = $1', [facts[0].communityCode]);
    return {
      community: { code: facts[0].communityCode, name: rows[0]?.name ?? '' },
      cells: facts.map((f) => ({
        code: f.cellCode, label: f.label, households: f.households, residents: f.residents, buildingCount: f.buildingCount,
        people: people.filter((p) => p.cellCode === f.cellCode).map((p) => withPhone({ name: p.personName, type: p.personType, role: p.role, phone: p.phone }, seesPersonalData(user, f.cellCode, mine))),
      })),
    };
  });
}

export const rosterRoute = new Hono<AppEnv>()
  .get('/', requireRole(), validate('query', rosterQuery), async (c) => {
    const { community, cell } = c.req.valid('query');
    const r = await roster(c, community, cell);
    if (!r) throw notFound(community ? `No published cells in community ${community}` : `No current cell ${cell}`);
    c.header('Cache-Control', 'no-store');
    return c.json(r);
  })
  .get('/export.csv', requireRole(), validate('query', rosterQuery), async (c) => {
    const { community, cell } = c.req.valid('query');
    const r = await roster(c, community, cell);
    if (!r) throw notFound(community ? `No published cells in community ${community}` : `No current cell ${cell}`);
    const rows = r.cells.flatMap((cl) => cl.people.map((p) => ({ community: r.community.name, cell_code: cl.code, households: cl.households, role: p.role, name: p.name, type: p.type, phone: p.phone })));
    return csvReply(c, `roster-${cell ?? community}.csv`, writeRegister(['community', 'cell_code', 'households', 'role', 'name', 'type', 'phone'], rows));
  });

export const coverageReportDocs: RouteDoc[] = [
  { method: 'get', path: '/coverage-report', tag: 'responsibility', summary: 'Roster rules for the town or one community: cells without a grid worker, missing participant types, households per worker over the setting, staffing ratio, buildings without party branch or outside every responsibility area, missing volunteer categories', roles: ['*'], query: reportQuery, returns: '{settings, town, communities: [{…facts, workersRequired, problems, status}], cells: [{…facts, householdsPerWorker, problems, status}]}', errors: { 404: 'Unknown community' } },
  { method: 'get', path: '/coverage-report/cells.geojson', tag: 'responsibility', summary: 'Current cells with their roster status (ok / warning / error) for the map', roles: ['*'], query: reportQuery, returns: 'FeatureCollection' },
  { method: 'get', path: '/coverage-report/export.csv', tag: 'responsibility', summary: 'The report per cell or per community as CSV', roles: ['*'], query: reportCsvQuery, returns: 'text/csv' },
  { method: 'get', path: '/roster', tag: 'responsibility', summary: 'People per cell of a community or one cell, for the bulletin board (phones masked unless permitted; no-store)', roles: ['*'], query: rosterQuery, returns: '{community: {code, name}, cells: [{code, label, households, residents, buildingCount, people: [{name, type, role, phone}]}]}', errors: { 404: 'No published cells' } },
  { method: 'get', path: '/roster/export.csv', tag: 'responsibility', summary: 'The roster as CSV', roles: ['*'], query: rosterQuery, returns: 'text/csv', errors: { 404: 'No published cells' } },
];
