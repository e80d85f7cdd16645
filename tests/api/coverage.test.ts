import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { newPerson, q } from './responsibility-helpers';

type Problem = { code: string; params: Record<string, unknown> };
interface CellRow {
  cellCode: string;
  communityCode: string;
  households: number;
  gridWorkers: number;
  householdsPerWorker: number | null;
  status: string;
  problems: Problem[];
}
interface CommunityRow {
  communityCode: string;
  households: number;
  residents: number;
  communityWorkers: number;
  workersRequired: number;
  cellCount: number;
  volunteerCategories: string[];
  problems: Problem[];
}
interface Report {
  settings: { maxHouseholdsPerGridWorker: number };
  town: Record<string, number>;
  communities: CommunityRow[];
  cells: CellRow[];
}

let planner: string;
let report: Report;

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
  report = await (await call('GET', '/api/coverage-report', undefined, planner)).json();
});

const has = (r: { problems: Problem[] }, code: string) => r.problems.some((p) => p.code === code);

describe('GET /api/coverage-report', () => {
  it('needs a session and covers every community and current cell of the town', async () => {
    expect((await call('GET', '/api/coverage-report')).status).toBe(401);
    const [n] = await q<{ communities: number; cells: number }>(
      `SELECT (SELECT count(*)::int FROM community) AS communities,
              (SELECT count(*)::int FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id WHERE p.status = 'published' AND g.valid_to IS NULL) AS cells`,
    );
    expect(report.town).toMatchObject({ communities: n.communities, cells: n.cells });
    expect(report.town.cellsWithoutWorker).toBe(report.cells.filter((c) => c.gridWorkers === 0).length);
  });

  it('agrees with the database on households and workers per cell', async () => {
    const rows = await q<{ code: string; households: number; workers: number }>(
      `SELECT g.code, (SELECT coalesce(sum(b.households), 0)::int FROM cell_building cb JOIN building b ON b.code = cb.building_code WHERE cb.cell_id = g.id) AS households,
              (SELECT count(*)::int FROM cell_assignment a WHERE a.cell_id = g.id AND a.valid_to IS NULL AND a.role = 'grid_worker') AS workers
         FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id WHERE p.status = 'published' AND g.valid_to IS NULL`,
    );
    const byCode = new Map(report.cells.map((c) => [c.cellCode, c]));
    for (const r of rows) expect(byCode.get(r.code)).toMatchObject({ households: r.households, gridWorkers: r.workers });
    for (const c of report.cells) {
      expect(has(c, 'coverage.no_grid_worker')).toBe(c.gridWorkers === 0);
      expect(has(c, 'coverage.households_over_limit')).toBe(
        c.gridWorkers > 0 && c.households / c.gridWorkers > report.settings.maxHouseholdsPerGridWorker,
      );
    }
  });

  it('counts as participants everyone with a responsibility touching the cell', async () => {
    const cells = report.cells.slice(0, 12);
    const rows = await q<{ code: string; types: string[] }>(
      `SELECT g.code, array(
         SELECT DISTINCT pe.type FROM person pe WHERE pe.id IN (
           SELECT a.person_id FROM cell_assignment a WHERE a.cell_id = g.id AND a.valid_to IS NULL
           UNION SELECT pa.person_id FROM party_area pa JOIN party_area_building ab ON ab.area_id = pa.id
                  JOIN cell_building cb ON cb.building_code = ab.building_code WHERE cb.cell_id = g.id
           UNION SELECT o.secretary_person_id FROM party_org o JOIN party_org_building pb ON pb.party_org_id = o.id
                  JOIN cell_building cb ON cb.building_code = pb.building_code WHERE cb.cell_id = g.id
           UNION SELECT m.person_id FROM volunteer_member m JOIN volunteer_team t ON t.id = m.team_id
                  WHERE t.community_code = p.community_code AND (
                    NOT EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id)
                    OR EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id AND (va.cell_code = g.code
                      OR va.compound_code IN (SELECT b.compound_code FROM cell_building cb JOIN building b ON b.code = cb.building_code WHERE cb.cell_id = g.id))))
         ) ORDER BY 1) AS types
         FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id WHERE g.code = ANY($1::text[])`,
      [cells.map((c) => c.cellCode)],
    );
    const required = (report.settings as unknown as { requiredParticipantTypes: string[] }).requiredParticipantTypes;
    for (const row of rows) {
      const types = Array.isArray(row.types) ? row.types : String(row.types).replace(/[{}]/g, '').split(',').filter(Boolean);
      const missing = required.filter((t) => !types.includes(t));
      const cell = report.cells.find((c) => c.cellCode === row.code)!;
      const problem = cell.problems.find((p) => p.code === 'coverage.missing_participant_types');
      const named = (problem?.params.types ?? []) as string[];
      expect(named, row.code).toEqual(expect.arrayContaining(missing));
      expect(named.length, row.code).toBe(missing.length);
    }
  });

  it('flags staffing below 1 worker per 2,000 residents and missing volunteer categories', () => {
    for (const m of report.communities) {
      expect(m.workersRequired).toBe(m.residents > 0 ? Math.max(1, Math.ceil(m.residents / 2000)) : 0);
      expect(has(m, 'coverage.staffing_ratio')).toBe(m.communityWorkers < m.workersRequired);
      expect(has(m, 'coverage.missing_volunteer_categories')).toBe(new Set(m.volunteerCategories).size < 8);
    }
  });

  it('clears "no grid worker" when a worker is assigned and brings it back when the assignment ends', async () => {
    const bare = report.cells.find((c) => c.gridWorkers === 0)!;
    expect(bare).toBeDefined();
    const person = await newPerson(bare.communityCode, { type: 'retiree' });
    const res = await call('POST', '/api/assignments', { cellCode: bare.cellCode, personId: person, role: 'grid_worker' }, planner);
    const { id } = await res.json();
    const after = await (await call('GET', `/api/coverage-report?community=${bare.communityCode}`, undefined, planner)).json();
    const cell = after.cells.find((c: CellRow) => c.cellCode === bare.cellCode);
    expect(has(cell, 'coverage.no_grid_worker')).toBe(false);
    expect(cell.householdsPerWorker).toBe(cell.households);
    await call('DELETE', `/api/assignments/${id}`, {}, planner);
    const back = await (await call('GET', `/api/coverage-report?community=${bare.communityCode}`, undefined, planner)).json();
    expect(
      has(
        back.cells.find((c: CellRow) => c.cellCode === bare.cellCode),
        'coverage.no_grid_worker',
      ),
    ).toBe(true);
  });

  it('follows the household-limit setting', async () => {
    const admin = await loginAs('admin');
    const setting = (await (await call('GET', '/api/settings', undefined, admin)).json()).find(
      (s: { key: string }) => s.key === 'staffing.maxHouseholdsPerGridWorker',
    );
    const staffed = report.cells.filter((c) => c.gridWorkers > 0);
    const tight = Math.max(1, Math.min(...staffed.map((c) => c.householdsPerWorker!)) - 1);
    const patched = await call(
      'PATCH',
      '/api/settings/staffing.maxHouseholdsPerGridWorker',
      { version: setting.version, value: tight },
      admin,
    );
    expect(patched.status).toBe(200);
    try {
      const strict: Report = await (await call('GET', '/api/coverage-report', undefined, planner)).json();
      for (const c of strict.cells) if (c.gridWorkers > 0) expect(has(c, 'coverage.households_over_limit')).toBe(true);
    } finally {
      await call(
        'PATCH',
        '/api/settings/staffing.maxHouseholdsPerGridWorker',
        { version: setting.version + 1, value: setting.value },
        admin,
      );
    }
  });

  it('answers 404 for an unknown community', async () => {
    const res = await call('GET', '/api/coverage-report?community=999999999999', undefined, planner);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'coverage.unknown_community', params: { communityCode: '999999999999' } });
  });
});

describe('coverage map and roster', () => {
  it('colours each current cell by its status', async () => {
    const community = report.communities[0].communityCode;
    const fresh: Report = await (await call('GET', `/api/coverage-report?community=${community}`, undefined, planner)).json();
    const fc = await (await call('GET', `/api/coverage-report/cells.geojson?community=${community}`, undefined, planner)).json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBe(fresh.cells.length);
    for (const f of fc.features) {
      expect(['ok', 'warning', 'error']).toContain(f.properties.status);
      expect(f.properties.status).toBe(fresh.cells.find((c) => c.cellCode === f.properties.code)!.status);
      expect(f.geometry.type).toMatch(/Polygon/);
    }
  });

  it('prints the roster with masked phones for officials and exports it as CSV', async () => {
    const community = report.communities[0].communityCode;
    const official = await (await call('GET', `/api/roster?community=${community}`, undefined, await loginAs('official'))).json();
    const people = official.cells.flatMap((c: { people: { phone: string | null }[] }) => c.people);
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) if (p.phone) expect(p.phone).toMatch(/\*{4}/);
    const csv = await (await call('GET', `/api/roster/export.csv?community=${community}`, undefined, planner)).text();
    expect(csv.trim().split('\r\n').length).toBe(people.length + 1);
    expect((await call('GET', '/api/roster', undefined, planner)).status).toBe(400);
  });
});
