// Colours of the map screen; the layer paint and the legend swatches both read from here.
import type { LayerId } from '$contract/layers';

export const colours = {
  background: '#eef0f3',
  town: '#16324f',
  compliant: '#1f9d55',
  nonCompliant: '#e0542b',
  compoundFill: '#e2ddd0',
  compoundLine: '#b3a98f',
  roadCasing: '#aab3bf',
  road: '#ffffff',
  arterial: '#fff3cf',
  buildingLine: '#51627a',
  noCell: '#c5cbd3',
  branch: '#c8102e',
  facility: '#0f766e',
  selection: '#00b3ff',
} as const;

/** Household classes of the building choropleth: lower bounds and colours (light → dark). */
export const householdClasses: { from: number; colour: string }[] = [
  { from: 0, colour: '#dbe7f4' },
  { from: 20, colour: '#a9c7e6' },
  { from: 50, colour: '#6fa1d3' },
  { from: 100, colour: '#3b77b8' },
  { from: 200, colour: '#1d4f8f' },
];

/** Qualitative colours for cells; neighbouring cells get consecutive sequence numbers. */
export const cellColours = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#d4a72c', '#9c755f'];

export const methodColours: Record<string, string> = {
  reserve_in_new_development: '#2563eb',
  expand_renovate: '#f59e0b',
  reallocate_idle_public: '#7c3aed',
  swap: '#0891b2',
  lease: '#db2777',
};

/** Layers listed in the layer panel, top of the list = top of the map. */
export const panelOrder: LayerId[] = [
  'options',
  'facilities',
  'party_branches',
  'cells',
  'buildings',
  'compounds',
  'roads',
  'communities',
  'town',
];

/** Which layers are on when the page opens. */
export const defaultVisibility: Record<LayerId, boolean> = {
  town: true,
  communities: true,
  roads: true,
  compounds: true,
  buildings: true,
  cells: true,
  party_branches: true,
  facilities: true,
  options: true,
};
