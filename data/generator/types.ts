// The generated demo town: plain data, GeoJSON geometries in WGS84, codes as strings.
// Ids of people, party organisations, areas and teams are assigned here (1…n) so rows can
// reference each other before they reach the database.
import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';

export type RoadKind = 'arterial' | 'secondary' | 'local';
export type BuildingKind = 'slab' | 'tower' | 'lowrise' | 'public';
export type PersonType =
  'community_cadre' | 'party_group_leader' | 'in_service_cadre' | 'retiree' | 'resident_representative' | 'volunteer' | 'property_staff';
export type AcquisitionMethod = 'reserve_in_new_development' | 'expand_renovate' | 'reallocate_idle_public' | 'swap' | 'lease';
export type VolunteerCategory =
  | 'convenience'
  | 'poverty_relief'
  | 'employment_guidance'
  | 'public_order'
  | 'health'
  | 'environment'
  | 'publicity_education'
  | 'culture_sports';

export interface DemoRoad {
  name: string;
  kind: RoadKind;
  geometry: LineString;
}

export interface DemoCommunity {
  code: string;
  name: string;
  geometry: MultiPolygon;
  households: number;
  residents: number;
  requiredAreaSquareMetres: number;
  currentAreaSquareMetres: number;
  compliant: boolean;
}

export interface DemoCompound {
  code: string;
  communityCode: string;
  name: string;
  propertyCompany: string | null;
  builtYear: number;
  geometry: MultiPolygon;
}

export interface DemoBuilding {
  code: string;
  communityCode: string;
  compoundCode: string | null;
  name: string;
  address: string;
  kind: BuildingKind;
  floors: number;
  entrances: number;
  households: number;
  residents: number;
  geometry: Polygon;
}

export interface FacilityRoom {
  room: string;
  areaSquareMetres: number;
}

export interface DemoFacility {
  communityCode: string;
  name: string;
  address: string;
  areaSquareMetres: number;
  rooms: FacilityRoom[];
  geometry: Point;
}

export interface DemoOption {
  code: string;
  communityCode: string;
  method: AcquisitionMethod;
  name: string;
  address: string;
  geometry: Point;
  areaSquareMetres: number;
  releasedAreaSquareMetres: number;
  /** Total one-off cost of the option in CNY (rate × area). */
  oneOffCostYuan: number;
  /** Total yearly cost of the option in CNY (leases). */
  yearlyCostYuan: number;
  availableAfterMonths: number;
  shareRadiusMetres: number | null;
  needsApproval: boolean;
  uncertain: boolean;
  notes: string;
}

export interface DemoPerson {
  id: number;
  communityCode: string;
  name: string;
  type: PersonType;
  partyMember: boolean;
  phone: string;
  gender: 'F' | 'M';
  birthYear: number;
  homeBuildingCode: string | null;
}

export interface DemoPartyOrg {
  id: number;
  parentId: number | null;
  communityCode: string;
  level: 'general_branch' | 'branch' | 'group';
  scope: 'community' | 'compound' | 'building';
  name: string;
  compoundCode: string | null;
  secretaryPersonId: number | null;
  buildingCodes: string[];
}

export interface DemoPartyArea {
  id: number;
  personId: number;
  name: string;
  buildingCodes: string[];
}

export interface DemoVolunteerTeam {
  id: number;
  communityCode: string;
  name: string;
  category: VolunteerCategory;
  leaderPersonId: number;
  memberPersonIds: number[];
  /** Compounds served; empty = the whole community. */
  compoundCodes: string[];
}

export interface DemoAccount {
  username: string;
  role: 'admin' | 'planner' | 'official' | 'worker';
  displayName: string;
  personId: number | null;
}

export interface BudgetCalibration {
  /** Cheapest cost of bringing every community to standard within year 1 alone (CNY). */
  yearOneOnlyCostYuan: number;
  /** Per-year spending of the cheapest balanced two-year plan found (CNY). */
  twoYearPlanYuan: [number, number];
  budgetPerYearYuan: [number, number];
}

export interface DemoTown {
  seed: number;
  town: { code: string; name: string; geometry: MultiPolygon };
  roads: DemoRoad[];
  communities: DemoCommunity[];
  compounds: DemoCompound[];
  buildings: DemoBuilding[];
  facilities: DemoFacility[];
  options: DemoOption[];
  people: DemoPerson[];
  partyOrgs: DemoPartyOrg[];
  partyAreas: DemoPartyArea[];
  volunteerTeams: DemoVolunteerTeam[];
  accounts: DemoAccount[];
  /** The person behind the `worker` account: made grid worker of 1–3 cells of their community. */
  workerPersonId: number;
  budget: BudgetCalibration;
}
