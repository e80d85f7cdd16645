import { describe, expect, it } from 'vitest';
import {
  cellReport,
  communityReport,
  townReport,
  workersRequired,
  type CellFacts,
  type CommunityFacts,
  type CoverageSettings,
} from '../../../server/src/domain/responsibility/coverage-rules';

const settings: CoverageSettings = {
  maxHouseholdsPerGridWorker: 500,
  residentsPerWorker: 2000,
  requiredParticipantTypes: ['community_cadre', 'volunteer'],
};

const cell = (over: Partial<CellFacts> = {}): CellFacts => ({
  cellCode: '321012100006001',
  communityCode: '321012100006',
  label: '1',
  name: '',
  households: 400,
  residents: 1100,
  buildingCount: 8,
  gridWorkers: 1,
  gridLeaders: 1,
  participantTypes: ['community_cadre', 'volunteer'],
  buildingsWithoutBranch: 0,
  buildingsOutsideAreas: 0,
  ...over,
});
const community = (over: Partial<CommunityFacts> = {}): CommunityFacts => ({
  communityCode: '321012100006',
  name: '引江社区',
  households: 400,
  residents: 1100,
  communityWorkers: 1,
  volunteerCategories: [
    'convenience',
    'poverty_relief',
    'employment_guidance',
    'public_order',
    'health',
    'environment',
    'publicity_education',
    'culture_sports',
  ],
  buildingsWithoutBranch: 0,
  buildingsOutsideAreas: 0,
  buildingsWithoutCell: 0,
  ...over,
});

describe('cellReport', () => {
  it('finds nothing wrong in a fully staffed cell', () => {
    const r = cellReport(cell(), settings);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('ok');
    expect(r.householdsPerWorker).toBe(400);
  });

  it('words each problem as a catalogued message with an English fallback', () => {
    const [p] = cellReport(cell({ households: 1001, gridWorkers: 2 }), settings).problems;
    expect(p.message).toBe('500.5 households per grid worker, over the limit of 500');
  });

  it('flags a cell with no grid worker as an error', () => {
    const r = cellReport(cell({ gridWorkers: 0 }), settings);
    expect(r.problems.map((p) => p.code)).toEqual(['coverage.no_grid_worker']);
    expect(r.status).toBe('error');
    expect(r.householdsPerWorker).toBeNull();
  });

  it('flags households per worker over the setting, not at it', () => {
    expect(cellReport(cell({ households: 1000, gridWorkers: 2 }), settings).problems).toEqual([]);
    const over = cellReport(cell({ households: 1001, gridWorkers: 2 }), settings);
    expect(over.problems).toMatchObject([
      { code: 'coverage.households_over_limit', severity: 'warning', params: { householdsPerWorker: 500.5, limit: 500 } },
    ]);
  });

  it('lists the missing participant types in vocabulary order', () => {
    const r = cellReport(cell({ participantTypes: ['retiree'] }), {
      ...settings,
      requiredParticipantTypes: ['volunteer', 'community_cadre'],
    });
    expect(r.problems).toMatchObject([
      { code: 'coverage.missing_participant_types', severity: 'warning', params: { types: ['community_cadre', 'volunteer'] } },
    ]);
  });

  it('counts buildings without a party branch or responsibility area', () => {
    const r = cellReport(cell({ buildingsWithoutBranch: 2, buildingsOutsideAreas: 3 }), settings);
    expect(r.problems).toMatchObject([
      { code: 'coverage.buildings_without_branch', severity: 'warning', params: { count: 2 } },
      { code: 'coverage.buildings_outside_areas', severity: 'warning', params: { count: 3 } },
    ]);
    expect(r.problems).toHaveLength(2);
    expect(r.status).toBe('warning');
  });
});

describe('communityReport', () => {
  it('needs one worker per 2,000 residents, rounded up', () => {
    expect(workersRequired(0, 2000)).toBe(0);
    expect(workersRequired(1, 2000)).toBe(1);
    expect(workersRequired(4000, 2000)).toBe(2);
    expect(workersRequired(4001, 2000)).toBe(3);
    const r = communityReport(community({ residents: 4001, communityWorkers: 2 }), [], settings);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        code: 'coverage.staffing_ratio',
        severity: 'error',
        params: { workers: 2, required: 3, residentsPerWorker: 2000 },
      }),
    );
  });

  it('names the missing volunteer categories', () => {
    const r = communityReport(community({ volunteerCategories: ['health', 'convenience'] }), [], settings);
    const p = r.problems.find((x) => x.code === 'coverage.missing_volunteer_categories');
    expect(p?.params).toEqual({
      categories: ['poverty_relief', 'employment_guidance', 'public_order', 'environment', 'publicity_education', 'culture_sports'],
    });
  });

  it('takes the worst status of its cells and counts their problems', () => {
    const cells = [
      cellReport(cell(), settings),
      cellReport(cell({ cellCode: '321012100006002', gridWorkers: 0 }), settings),
      cellReport(cell({ households: 900, gridWorkers: 1 }), settings),
    ];
    const r = communityReport(community(), cells, settings);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('error');
    expect(r.cellsWithoutWorker).toBe(1);
    expect(r.cellsOverLimit).toBe(1);
    const t = townReport([r], cells);
    expect(t).toMatchObject({ communities: 1, cells: 3, cellsWithoutWorker: 1, cellsOverLimit: 1, communitiesUnderstaffed: 0 });
    expect(t.problemCounts).toEqual({ 'coverage.no_grid_worker': 1, 'coverage.households_over_limit': 1 });
  });
});
