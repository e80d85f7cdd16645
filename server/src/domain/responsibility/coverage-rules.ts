/**
 * Roster rules (PRODUCT §5.4): what is missing in each cell, community and the town. Pure: the
 * database gathers the facts (counts per cell and community), these functions decide.
 */
import { msg, type MessageCode, type MessageParams } from '../../contract/messages';
import type {
  CellFacts,
  CellReport,
  CommunityFacts,
  CommunityReport,
  CoverageProblem,
  TownReport,
} from '../../contract/responsibility-report';
import { PERSON_TYPES, VOLUNTEER_CATEGORIES, type PersonType } from './vocabulary';

export type { CellFacts, CellReport, CommunityFacts, CommunityReport, CoverageProblem, TownReport };

export interface CoverageSettings {
  maxHouseholdsPerGridWorker: number;
  residentsPerWorker: number;
  requiredParticipantTypes: readonly PersonType[];
}

type Severity = CoverageProblem['severity'];

const problem = (severity: Severity, code: MessageCode, params: MessageParams = {}): CoverageProblem => ({
  ...msg(code, params),
  severity,
});
const has = (r: { problems: readonly CoverageProblem[] }, code: MessageCode) => r.problems.some((p) => p.code === code);

const statusOf = (problems: readonly CoverageProblem[]): 'ok' | Severity =>
  problems.some((p) => p.severity === 'error') ? 'error' : problems.length ? 'warning' : 'ok';

/** The rules for one cell. */
export function cellReport(facts: CellFacts, settings: CoverageSettings): CellReport {
  const problems: CoverageProblem[] = [];
  const workers = facts.gridWorkers;
  const householdsPerWorker = workers > 0 ? Math.round((facts.households / workers) * 10) / 10 : null;
  if (workers === 0) problems.push(problem('error', 'coverage.no_grid_worker'));
  else if (householdsPerWorker! > settings.maxHouseholdsPerGridWorker) {
    problems.push(
      problem('warning', 'coverage.households_over_limit', {
        householdsPerWorker: householdsPerWorker!,
        limit: settings.maxHouseholdsPerGridWorker,
      }),
    );
  }
  const present = new Set(facts.participantTypes);
  const missing = PERSON_TYPES.filter((t) => settings.requiredParticipantTypes.includes(t) && !present.has(t));
  if (missing.length) problems.push(problem('warning', 'coverage.missing_participant_types', { types: missing }));
  if (facts.buildingsWithoutBranch > 0)
    problems.push(problem('warning', 'coverage.buildings_without_branch', { count: facts.buildingsWithoutBranch }));
  if (facts.buildingsOutsideAreas > 0)
    problems.push(problem('warning', 'coverage.buildings_outside_areas', { count: facts.buildingsOutsideAreas }));
  return { ...facts, householdsPerWorker, problems, status: statusOf(problems) };
}

/** Workers a community needs at the staffing ratio (at least one when anyone lives there). */
export function workersRequired(residents: number, residentsPerWorker: number): number {
  return residents > 0 ? Math.max(1, Math.ceil(residents / residentsPerWorker)) : 0;
}

/** The rules for one community, given its cells' reports. */
export function communityReport(facts: CommunityFacts, cells: readonly CellReport[], settings: CoverageSettings): CommunityReport {
  const problems: CoverageProblem[] = [];
  const required = workersRequired(facts.residents, settings.residentsPerWorker);
  if (facts.communityWorkers < required) {
    problems.push(
      problem('error', 'coverage.staffing_ratio', {
        workers: facts.communityWorkers,
        required,
        residentsPerWorker: settings.residentsPerWorker,
      }),
    );
  }
  const have = new Set(facts.volunteerCategories);
  const missing = VOLUNTEER_CATEGORIES.filter((c) => !have.has(c));
  if (missing.length) problems.push(problem('warning', 'coverage.missing_volunteer_categories', { categories: missing }));
  if (facts.buildingsWithoutCell > 0)
    problems.push(problem('error', 'coverage.buildings_without_cell', { count: facts.buildingsWithoutCell }));
  if (facts.buildingsWithoutBranch > 0)
    problems.push(problem('warning', 'coverage.buildings_without_branch', { count: facts.buildingsWithoutBranch }));
  if (facts.buildingsOutsideAreas > 0)
    problems.push(problem('warning', 'coverage.buildings_outside_areas', { count: facts.buildingsOutsideAreas }));
  const cellsWithoutWorker = cells.filter((c) => has(c, 'coverage.no_grid_worker')).length;
  const cellsOverLimit = cells.filter((c) => has(c, 'coverage.households_over_limit')).length;
  const cellStatus = cells.some((c) => c.status === 'error') ? 'error' : cells.some((c) => c.status === 'warning') ? 'warning' : 'ok';
  const own = statusOf(problems);
  const status = own === 'error' || cellStatus === 'error' ? 'error' : own === 'warning' || cellStatus === 'warning' ? 'warning' : 'ok';
  return { ...facts, cellCount: cells.length, workersRequired: required, cellsWithoutWorker, cellsOverLimit, problems, status };
}

/** Town totals over community and cell reports. */
export function townReport(communities: readonly CommunityReport[], cells: readonly CellReport[]): TownReport {
  const problemCounts: Record<string, number> = {};
  for (const r of [...cells, ...communities]) {
    for (const p of r.problems) problemCounts[p.code] = (problemCounts[p.code] ?? 0) + 1;
  }
  const sum = (f: (c: CommunityReport) => number) => communities.reduce((s, c) => s + f(c), 0);
  return {
    communities: communities.length,
    cells: cells.length,
    households: sum((c) => c.households),
    residents: sum((c) => c.residents),
    cellsWithoutWorker: sum((c) => c.cellsWithoutWorker),
    cellsOverLimit: sum((c) => c.cellsOverLimit),
    communitiesUnderstaffed: communities.filter((c) => has(c, 'coverage.staffing_ratio')).length,
    communitiesMissingVolunteerCategory: communities.filter((c) => has(c, 'coverage.missing_volunteer_categories')).length,
    buildingsWithoutBranch: sum((c) => c.buildingsWithoutBranch),
    buildingsOutsideAreas: sum((c) => c.buildingsOutsideAreas),
    problemCounts,
  };
}
