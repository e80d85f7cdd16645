// JSON shapes of the Gridplan HTTP API, typed by hand against the agreed contract.
import type { FeatureCollection, Geometry } from 'geojson';

export type LngLat = [number, number];
export type BBox = [number, number, number, number];
export type Role = 'admin' | 'planner' | 'official' | 'worker' | 'viewer';

export interface Health {
  ok: boolean;
  database: 'pglite' | 'postgres';
  postgis: string;
}

export interface LoginResult {
  username: string;
  role: Role;
  displayName: string;
}

export interface CurrentUser extends LoginResult {
  cells: string[];
}

export interface CommunitySummary {
  code: string;
  name: string;
  households: number;
  residents: number;
  buildingCount: number;
  areaM2: number;
  centroid: LngLat;
  bbox: BBox;
  requiredAreaM2: number;
  currentAreaM2: number;
  gapM2: number;
  compliant: boolean;
}

export type LayerId =
  | 'town'
  | 'communities'
  | 'roads'
  | 'compounds'
  | 'buildings'
  | 'cells'
  | 'party_branches'
  | 'facilities'
  | 'options';

export interface LayerInfo {
  id: LayerId;
  title: { zh: string; en: string };
  geometryType: 'polygon' | 'line' | 'point';
  minzoom: number;
  maxzoom: number;
  /** true: served as vector tiles from /api/tiles/{id}/{z}/{x}/{y}.pbf */
  tiles: boolean;
}

export type LayerCollection = FeatureCollection<Geometry, Record<string, unknown>>;

export interface FeatureDetails {
  layer: LayerId;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}

export interface SearchHit {
  kind: 'community' | 'compound' | 'building' | 'person';
  code: string;
  name: string;
  label: string;
  center: LngLat;
  bbox?: BBox;
}

export interface BuildingCoverage {
  building: { code: string; name: string; address: string; households: number; floors: number };
  community: { code: string; name: string };
  compound: { code: string; name: string } | null;
  cell: { code: string; label: string } | null;
  people: { name: string; type: string; role: string; phone: string | null }[];
  partyChain: { name: string; level: string }[];
  partyMember: { name: string; phone: string | null } | null;
  volunteerTeams: { name: string; category: string }[];
}

export interface PublicSettings {
  basemapUrl: string | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
