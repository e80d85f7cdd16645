// JSON shapes of the grid-plan API (server/src/routes/grid-plans.ts), typed by hand.
import type { FeatureCollection, MultiPolygon, Polygon, LineString, Point } from 'geojson';

export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'published' | 'archived' | 'rejected';

export interface GridCell {
  id: number;
  label: string;
  code: string | null;
  codeProvisional: boolean;
  locked: boolean;
  households: number;
  residents: number;
  buildingCount: number;
  buildingCodes: string[];
  areaM2: number;
  perimeterM: number;
  compactness: number;
  inRange: boolean;
  deviation: number;
  geometry: MultiPolygon | null;
}

export type ProblemKind = 'unassigned' | 'double_assigned' | 'foreign_building' | 'missing_atom' | 'empty_cell' | 'out_of_range' | 'non_contiguous' | 'gap' | 'overlap' | 'outside';

export interface Problem {
  kind: ProblemKind;
  severity: 'error' | 'warning';
  message: string;
  cells?: string[];
  buildings?: string[];
  areaM2?: number;
  households?: number;
  location?: [number, number];
  bbox?: [number, number, number, number];
}

export interface Validation {
  ok: boolean;
  errors: number;
  warnings: number;
  counts: Partial<Record<ProblemKind, number>>;
  problems: Problem[];
  toleranceM2: number;
  slivers: { count: number; areaM2: number };
}

export interface PlanMetrics {
  cellCount: number;
  minHouseholds: number;
  maxHouseholds: number;
  meanHouseholds: number;
  maxDeviationPct: number;
  meanPolsbyPopper: number;
  targetHouseholds: number;
  households: number;
  assignedBuildings: number;
}

export interface EditRecord {
  seq: number;
  op: string;
  movedBuildings: number;
  createdCells: string[];
  removedCells: string[];
  notes?: string[];
}

export interface GridPlan {
  id: number;
  communityCode: string;
  name: string;
  status: PlanStatus;
  minHouseholds: number;
  maxHouseholds: number;
  basedOnPlanId: number | null;
  createdBy: string | null;
  createdAt: string;
  publishedAt: string | null;
  notes: string;
  version: number;
  cells: GridCell[];
  metrics: PlanMetrics | null;
  validation: Validation;
  history: { applied: number; undone: number; canUndo: boolean; canRedo: boolean };
  edit?: EditRecord;
  generation?: { feasible: boolean; reasons: string[] } | null;
  publish?: { codes: { label: string; code: string }[]; responsibilities: { personName: string; role: string; fromCell: { code: string | null }; toCell: { code: string } | null }[] };
}

export interface PlanListItem {
  id: number;
  name: string;
  status: PlanStatus;
  version: number;
  cellCount: number;
  assignedBuildings: number;
  createdAt: string;
  createdBy: string | null;
}

export interface BuildingProps {
  code: string;
  name: string;
  address: string;
  households: number;
  residents: number;
  compound: string | null;
  cell: string | null;
  locked: boolean;
  point: [number, number];
}

export type BuildingCollection = FeatureCollection<Polygon, BuildingProps>;

interface CellRef {
  id: number;
  label: string;
  code: string | null;
}

export interface Comparison {
  a: { id: number; name: string; status: PlanStatus };
  b: { id: number; name: string; status: PlanStatus };
  moved: { building: string; households: number; from: CellRef | null; to: CellRef | null; location: [number, number] }[];
  movedBuildings: number;
  movedHouseholds: number;
  totalHouseholds: number;
}

/** An edit request (the server checks every field again). */
export type EditBody =
  | { op: 'move'; buildings?: string[]; compounds?: string[]; to: string | null }
  | { op: 'new_cell'; buildings?: string[]; compounds?: string[] }
  | { op: 'merge'; cells: string[] }
  | { op: 'split_line'; cell: string; line: LineString }
  | { op: 'draw'; cell: string | null; outline: Polygon; replace?: boolean }
  | { op: 'lock'; cell: string; locked: boolean }
  | { op: 'rebalance' }
  | { op: 'regenerate'; seed?: number };

export type { Point };
