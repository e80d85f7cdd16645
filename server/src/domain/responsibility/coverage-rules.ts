/**
 * Roster rules (PRODUCT §5.4): what is missing in each cell, community and the town. Pure: the
 * database gathers the facts (counts per cell and community), these functions decide.
 */
import { PERSON_TYPES, VOLUNTEER_CATEGORIES, type PersonType, type VolunteerCategory } from './vocabulary';

export interface CoverageSettings {
  maxHouseholdsPerGridWorker: number;
  residentsPerWorker: number;
  requiredParticipantTypes: readonly PersonType[];
}

export interface CellFacts {
  cellCode: string;
  communityCode: string;
  label: string;
  households: number;
  residents: number;
  buildingCount: number;
  gridWorkers: number;
  gridLeaders: number;
  /** Types of the people with a responsibility touching the cell (assignment, party area or branch, volunteer team). */
  participantTypes: readonly PersonType[];
  buildingsWithoutBranch: number;
  buildingsOutsideAreas: number;
}

export interface CommunityFacts {
  communityCode: string;
  name: string;
  households: number;
  residents: number;
  /** Distinct community cadres plus people holding a grid leader / worker assignment. */
  communityWorkers: number;
  volunteerCategories: readonly VolunteerCategory[];
  buildingsWithoutBranch: number;
  buildingsOutsideAreas: number;
  /** Buildings of the community in no cell of its published plan (or all, when it has none). */
  buildingsWithoutCell: number;
}

export type Severity = 'error' | 'warning';

export type Problem =
  | { code: 'no_grid_worker'; severity: 'error' }
  | { code: 'households_over_limit'; severity: 'warning'; householdsPerWorker: number; limit: number }
  | { code: 'missing_participant_types'; severity: 'warning'; types: PersonType[] }
  | { code: 'buildings_without_branch'; severity: 'warning'; count: number }
  | { code: 'buildings_outside_areas'; severity: 'warning'; count: number }
  | { code: 'buildings_without_cell'; severity: 'error'; count: number }
  | { code: 'staffing_ratio'; severity: 'error'; workers: number; required: number; residentsPerWorker: number }
  | { code: 'missing_volunteer_categories'; severity: 'warning'; categories: VolunteerCategory[] };

export type ProblemCode = Problem['code'];

export interface CellReport extends CellFacts {
  /** Households per grid worker; null with no worker. */
  householdsPerWorker: number | null;
  problems: Problem[];
  status: 'ok' | Severity;
}

export interface CommunityReport extends CommunityFacts {
  cellCount: number;
  workersRequired: number;
  cellsWithoutWorker: number;
  cellsOverLimit: number;
  problems: Problem[];
  status: 'ok' | Severity;
}

export interface TownReport {
  communities: number;
  cells: number;
  households: number;
  residents: number;
  cellsWithoutWorker: number;
  cellsOverLimit: number;
  communitiesUnderstaffed: number;
  communitiesMissingVolunteerCategory: number;
  buildingsWithoutBranch: number;
  buildingsOutsideAreas: number;
  /** How many cells and communities have each problem. */
  problemCounts: Partial<Record<ProblemCode, number>>;
}

const statusOf = (problems: readonly Problem[]): 'ok' | Severity =>
  problems.some((p) => p.severity === 'error') ? 'error' : problems.length ? 'warning' : 'ok';

/** The rules for one cell. */
export function cellReport(facts: CellFacts, settings: CoverageSettings): CellReport {
  const problems: Problem[] = [];
  const workers = facts.gridWorkers;
  const householdsPerWorker = workers > 0 ? Math.round((facts.households / workers) * 10) / 10 : null;
  if (workers === 0) problems.push({ code: 'no_grid_worker', severity: 'error' });
  else if (householdsPerWorker! > settings.maxHouseholdsPerGridWorker) {
    problems.push({ code: 'households_over_limit', severity: 'warning', householdsPerWorker: householdsPerWorker!, limit: settings.maxHouseholdsPerGridWorker });
  }
  const present = new Set(facts.participantTypes);
  const missing = PERSON_TYPES.filter((t) => settings.requiredParticipantTypes.includes(t) && !present.has(t));
  if (missing.length) problems.push({ code: 'missing_participant_types', severity: 'warning', types: missing });
  if (facts.buildingsWithoutBranch > 0) problems.push({ code: 'buildings_without_branch', severity: 'warning', count: facts.buildingsWithoutBranch });
  if (facts.buildingsOutsideAreas > 0) problems.push({ code: 'buildings_outside_areas', severity: 'warning', count: facts.buildingsOutsideAreas });
  return { ...facts, householdsPerWorker, problems, status: statusOf(problems) };
}

/** Workers a community needs at the staffing ratio (at least one when anyone lives there). */
export function workersRequired(residents: number, residentsPerWorker: number): number {
  return residents > 0 ? Math.max(1, Math.ceil(residents / residentsPerWorker)) : 0;
}

/** The rules for one community, given its cells' reports. */
export function communityReport(facts: CommunityFacts, cells: readonly CellReport[], settings: CoverageSettings): CommunityReport {
  const problems: Problem[] = [];
  const required = workersRequired(facts.residents, settings.residentsPerWorker);
  if (facts.communityWorkers < required) {
    problems.push({ code: 'staffing_ratio', severity: 'error', workers: facts.communityWorkers, required, residentsPerWorker: settings.residentsPerWorker });
  }
  const have = new Set(facts.volunteerCategories);
  const missing = VOLUNTEER_CATEGORIES.filter((c) => !have.has(c));
  if (missing.length) problems.push({ code: 'missing_volunteer_categories', severity: 'warning', categories: missing });
  if (facts.buildingsWithoutCell > 0) problems.push({ code: 'buildings_without_cell', severity: 'error', count: facts.buildingsWithoutCell });
  if (facts.buildingsWithoutBranch > 0) problems.push({ code: 'buildings_without_branch', severity: 'warning', count: facts.buildingsWithoutBranch });
  if (facts.buildingsOutsideAreas > 0) problems.push({ code: 'buildings_outside_areas', severity: 'warning', count: facts.buildingsOutsideAreas });
  const cellsWithoutWorker = cells.filter((c) => c.problems.some((p) => p.code === 'no_grid_worker')).length;
  const cellsOverLimit = cells.filter((c) => c.problems.some((p) => p.code === 'households_over_limit')).length;
  const cellStatus = cells.some((c) => c.status === 'error') ? 'error' : cells.some((c) => c.status === 'warning') ? 'warning' : 'ok';
  const own = statusOf(problems);
  const status = own === 'error' || cellStatus === 'error' ? 'error' : own === 'warning' || cellStatus === 'warning' ? 'warning' : 'ok';
  return { ...facts, cellCount: cells.length, workersRequired: required, cellsWithoutWorker, cellsOverLimit, problems, status };
}

/** Town totals over community and cell reports. */
export function townReport(communities: readonly CommunityReport[], cells: readonly CellReport[]): TownReport {
  const problemCounts: Partial<Record<ProblemCode, number>> = {};
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
    communitiesUnderstaffed: communities.filter((c) => c.problems.some((p) => p.code === 'staffing_ratio')).length,
    communitiesMissingVolunteerCategory: communities.filter((c) => c.problems.some((p) => p.code === 'missing_volunteer_categories')).length,
    buildingsWithoutBranch: sum((c) => c.buildingsWithoutBranch),
    buildingsOutsideAreas: sum((c) => c.buildingsOutsideAreas),
    problemCounts,
  };
}
