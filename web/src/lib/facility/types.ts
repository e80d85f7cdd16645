// Shapes of the facility planning API (server/src/routes/facility*.ts, projects.ts, locate.ts).
export type Method = 'reserve_in_new_development' | 'expand_renovate' | 'reallocate_idle_public' | 'swap' | 'lease';
export const METHODS: Method[] = ['reserve_in_new_development', 'expand_renovate', 'reallocate_idle_public', 'swap', 'lease'];
export type SolveStatus = 'optimal' | 'feasible' | 'partial' | 'infeasible' | 'time_limit';
export type ProjectStatus = 'planned' | 'in_progress' | 'delivered' | 'cancelled';

export interface BoardRow {
  code: string;
  name: string;
  households: number;
  requiredAreaM2: number;
  currentAreaM2: number;
  gapM2: number;
  compliant: boolean;
  centroid: [number, number];
  facilityCount: number;
  optionCount: number;
  projects: { planned: number; inProgress: number; delivered: number };
}

export interface StatusBoard {
  standard: { minimumAreaM2: number; perHundredHouseholdsM2: number; versions: { minimumAreaM2: number; perHundredHouseholdsM2: number } };
  totals: { communities: number; compliant: number; nonCompliant: number; households: number; requiredAreaM2: number; currentAreaM2: number; gapM2: number };
  communities: BoardRow[];
}

export interface FacilityRow {
  id: number;
  communityCode: string;
  name: string;
  areaM2: number;
  lng: number;
  lat: number;
}

export interface OptionFields {
  communityCode: string;
  method: Method;
  name: string;
  address: string;
  lng: number;
  lat: number;
  areaM2: number;
  releasedAreaM2: number;
  oneOffCost: number;
  yearlyCost: number;
  availableAfterMonths: number;
  shareRadiusM: number | null;
  needsApproval: boolean;
  uncertain: boolean;
  status: 'candidate' | 'approved' | 'withdrawn';
  notes: string;
}

export interface OptionRow extends OptionFields {
  id: number;
  code: string;
  communityName: string;
  netAreaM2: number;
  projectStatus: Exclude<ProjectStatus, 'cancelled'> | null;
  version: number;
}

export interface ChosenOption {
  id: string;
  name: string;
  method: Method;
  areaM2: number;
  netAreaM2: number;
  cost: number;
  year: number;
  lng: number | null;
  lat: number | null;
  distanceMetres: number | null;
  homeCommunity: string;
}

export interface CommunityPlan {
  code: string;
  name: string;
  households: number;
  requiredAreaM2: number;
  currentAreaM2: number;
  reachedAreaM2: number;
  compliantYear: number | null;
  centroid: [number, number] | null;
  options: ChosenOption[];
}

export interface YearFigure {
  year: number;
  compliantCount: number;
  cost: number;
  budget: number;
}

export interface ScenarioParams {
  startYear: number;
  years: number;
  budgetPerYear: number[];
  accessibilityWeight: number;
  maxSitesPerCommunity: number | null;
  forceUse: string[];
  forbid: string[];
  committed: string[];
  basedOn: number | null;
}

export interface Accessibility {
  meanDistanceMetres: number | null;
  householdsServed: number;
  penaltyCost: number;
}

export interface Scenario {
  id: number;
  name: string;
  status: SolveStatus;
  totalCost: number;
  gap: number | null;
  solveMs: number;
  byYear: YearFigure[];
  communities: CommunityPlan[];
  infeasible: { code: string; name: string; reason: string }[];
  notes: string[];
  accessibility: Accessibility;
  scenarioStatus: 'solved' | 'approved' | 'superseded';
  params: ScenarioParams;
  createdBy: string | null;
  createdAt: string;
  approvedBy: string | null;
  version: number;
}

export type ScenarioSummary = Pick<Scenario, 'id' | 'name' | 'status' | 'scenarioStatus' | 'totalCost' | 'gap' | 'byYear' | 'accessibility' | 'params' | 'createdAt' | 'version'> & {
  infeasibleCount: number;
  optionCount: number;
};

export interface Comparison {
  scenarios: (Pick<Scenario, 'id' | 'name' | 'status' | 'scenarioStatus' | 'totalCost' | 'byYear' | 'accessibility' | 'infeasible' | 'params'> & { optionCount: number })[];
  optionsThatDiffer: {
    id: string;
    name: string;
    method: Method;
    netAreaM2: number;
    choices: { scenarioId: number; chosen: boolean; communityCode: string | null; communityName: string | null; year: number | null }[];
  }[];
  communitiesThatDiffer: { code: string; name: string; compliantYear: { scenarioId: number; year: number | null }[] }[];
}

export interface Project {
  id: number;
  scenarioId: number;
  optionCode: string;
  optionName: string;
  method: Method;
  communityCode: string;
  communityName: string;
  plannedYear: number;
  status: ProjectStatus;
  netAreaM2: number;
  oneOffCost: number;
  yearlyCost: number;
  deliveredAt: string | null;
  version: number;
}

export interface SitingSite {
  id: string;
  kind: 'option' | 'facility';
  code: string;
  name: string;
  lng: number;
  lat: number;
  fixed: boolean;
  open: boolean;
  households: number;
  demandPoints: number;
  meanDistanceMetres: number | null;
}

export interface SitingResult {
  status: 'optimal' | 'time_limit' | 'infeasible' | 'error';
  objective: number;
  gap: number | null;
  solveMs: number;
  sites: SitingSite[];
  demand: { id: string; weight: number; lng: number; lat: number; site: string | null }[];
}
