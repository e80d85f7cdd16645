// Shapes of the responsibility API answers (see server/src/routes/{buildings,coverage-report,...}.ts).
export interface CoveragePerson {
  personId: number;
  name: string;
  type: string;
  role: string;
  phone: string | null;
  partyMember: boolean;
}

export interface Coverage {
  building: { code: string; name: string; address: string; households: number; residents: number; floors: number; kind: string; centroid: [number, number] };
  community: { code: string; name: string };
  compound: { code: string; name: string; propertyCompany: string | null } | null;
  cell: { code: string | null; label: string; planId: number } | null;
  people: CoveragePerson[];
  partyChain: { id: number; name: string; level: string; scope: string }[];
  partyMember: { personId: number; name: string; phone: string | null; area: string } | null;
  volunteerTeams: { id: number; name: string; category: string }[];
  phonesMasked: boolean;
  distanceMetres?: number;
}

export interface Problem {
  code: string;
  severity: 'error' | 'warning';
  householdsPerWorker?: number;
  limit?: number;
  types?: string[];
  count?: number;
  workers?: number;
  required?: number;
  residentsPerWorker?: number;
  categories?: string[];
}

export type Status = 'ok' | 'warning' | 'error';

export interface CellReport {
  cellCode: string;
  communityCode: string;
  label: string;
  households: number;
  residents: number;
  buildingCount: number;
  gridWorkers: number;
  gridLeaders: number;
  householdsPerWorker: number | null;
  problems: Problem[];
  status: Status;
}

export interface CommunityReport {
  communityCode: string;
  name: string;
  households: number;
  residents: number;
  communityWorkers: number;
  workersRequired: number;
  cellCount: number;
  cellsWithoutWorker: number;
  cellsOverLimit: number;
  problems: Problem[];
  status: Status;
}

export interface CoverageReport {
  settings: { maxHouseholdsPerGridWorker: number; residentsPerWorker: number; requiredParticipantTypes: string[] };
  town: {
    communities: number;
    cells: number;
    cellsWithoutWorker: number;
    cellsOverLimit: number;
    communitiesUnderstaffed: number;
    communitiesMissingVolunteerCategory: number;
    buildingsWithoutBranch: number;
    buildingsOutsideAreas: number;
  };
  communities: CommunityReport[];
  cells: CellReport[];
}

export interface Roster {
  community: { code: string; name: string };
  cells: { code: string; label: string; households: number; residents: number; buildingCount: number; people: { name: string; type: string; role: string; phone: string | null }[] }[];
}

export interface Assignment {
  id: number;
  cellCode: string;
  cellLabel: string;
  communityCode: string;
  personId: number;
  personName: string;
  personType: string;
  phone: string | null;
  role: string;
  validFrom: string;
  version: number;
}

export interface Person {
  id: number;
  communityCode: string;
  name: string;
  type: string;
  partyMember: boolean;
  phone: string | null;
  homeBuildingCode: string | null;
  version: number;
  assignments: { id: number; cellCode: string | null; role: string }[];
}

export interface PartyOrg {
  id: number;
  parentId: number | null;
  communityCode: string;
  level: string;
  scope: string;
  name: string;
  compoundCode: string | null;
  secretaryName: string | null;
  buildingCodes: string[];
  version: number;
}

export interface PartyArea {
  id: number;
  personId: number;
  personName: string;
  name: string;
  buildingCodes: string[];
  households: number;
  version: number;
}

export interface VolunteerTeam {
  id: number;
  communityCode: string;
  name: string;
  category: string;
  leaderName: string | null;
  members: { personId: number; name: string }[];
  compoundCodes: string[];
  cellCodes: string[];
  version: number;
}

export interface WorkerSuggestion {
  status: string;
  maxHouseholdsPerWorker: number;
  proposals: { cellCode: string; personId: number; personName: string; personType: string; role: string; distanceMetres: number }[];
  unfilled: { cellCode: string; missing: number; noWorker: boolean }[];
}

export interface AreaSuggestion {
  status: string;
  capacityHouseholds: number;
  areas: { personId: number; personName: string; buildingCodes: string[]; households: number; addedHouseholds: number }[];
}
