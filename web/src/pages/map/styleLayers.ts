// The MapLibre layers of the map screen, in drawing order (first = bottom).
import type { FilterSpecification, LayerType } from '$lib/map';
import type { LayerId } from '$contract/layers';
import { keyProperty } from './featureKey';
import { cellColours, colours, householdClasses, methodColours } from './palette';

export type BuildingsColouring = 'households' | 'cell';

export interface StyleLayer {
  id: string;
  /** The app layer (and source) this style layer draws; its toggle hides it. */
  source: LayerId;
  type: LayerType;
  paint: Record<string, unknown>;
  layout?: Record<string, unknown>;
  filter?: FilterSpecification;
  minzoom?: number;
}

/** Zoom from which a layer is drawn (on top of the server's minzoom), to keep overviews clean. */
export const drawnFromZoom: Partial<Record<LayerId, number>> = {
  compounds: 13,
  cells: 13.5,
  buildings: 14.5,
  party_branches: 16,
};

/** Clicked-feature priority: small things on top win over the areas beneath them. */
export const pickableLayers = [
  'options-circle',
  'facilities-circle',
  'party_branches-circle',
  'buildings-fill',
  'roads-line',
  'cells-fill',
  'compounds-fill',
  'communities-fill',
];

// Cell colour index from the 3-digit sequence at the end of a cell code.
const cellIndex = (codeProperty: string) => [
  '%',
  ['to-number', ['slice', ['coalesce', ['get', codeProperty], '000'], 12], 0],
  cellColours.length,
];
const byCell = (codeProperty: string) => [
  'match',
  cellIndex(codeProperty),
  ...cellColours.flatMap((colour, index) => [index, colour]),
  colours.noCell,
];
const byCompliance = (yes: string, no: string) => ['case', ['==', ['get', 'compliant'], true], yes, no];
const byHouseholds = [
  'step',
  ['coalesce', ['get', 'households'], 0],
  householdClasses[0].colour,
  ...householdClasses.slice(1).flatMap((band) => [band.from, band.colour]),
];
const byMethod = ['match', ['get', 'method'], ...Object.entries(methodColours).flat(), '#64748b'];

const selectedBy = (key: string, value: string | null): FilterSpecification => ['==', ['to-string', ['get', key]], value ?? '\u0000'];

/** Build the layer list for the current colouring and selection. */
export function styleLayers(buildingsBy: BuildingsColouring, selected: { source: LayerId; key: string } | null): StyleLayer[] {
  const sel = (source: LayerId) => selectedBy(keyProperty[source], selected?.source === source ? selected.key : null);
  return [
    { id: 'town-fill', source: 'town', type: 'fill', paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.55 } },
    {
      id: 'communities-fill',
      source: 'communities',
      type: 'fill',
      paint: {
        'fill-color': byCompliance(colours.compliant, colours.nonCompliant),
        'fill-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0.2, 15, 0.1, 17, 0.05],
      },
    },
    {
      id: 'compounds-fill',
      source: 'compounds',
      type: 'fill',
      minzoom: drawnFromZoom.compounds,
      paint: { 'fill-color': colours.compoundFill, 'fill-opacity': 0.6 },
    },
    {
      id: 'compounds-line',
      source: 'compounds',
      type: 'line',
      minzoom: 14,
      paint: { 'line-color': colours.compoundLine, 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: 'roads-casing',
      source: 'roads',
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': colours.roadCasing,
        'line-width': roadWidth(2),
      },
    },
    {
      id: 'roads-line',
      source: 'roads',
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'kind'], 'arterial', colours.arterial, colours.road],
        'line-width': roadWidth(0),
      },
    },
    {
      id: 'cells-fill',
      source: 'cells',
      type: 'fill',
      minzoom: drawnFromZoom.cells,
      paint: {
        'fill-color': byCell('code'),
        'fill-opacity': buildingsBy === 'cell' ? 0.08 : 0.16,
      },
    },
    {
      id: 'buildings-fill',
      source: 'buildings',
      type: 'fill',
      minzoom: drawnFromZoom.buildings,
      paint: {
        'fill-color': buildingsBy === 'cell' ? byCell('cell_code') : byHouseholds,
        'fill-opacity': 0.92,
        'fill-outline-color': colours.buildingLine,
      },
    },
    {
      id: 'cells-line',
      source: 'cells',
      type: 'line',
      minzoom: drawnFromZoom.cells,
      paint: {
        'line-color': byCell('code'),
        'line-width': ['interpolate', ['linear'], ['zoom'], 13.5, 1, 17, 2.5],
        'line-opacity': 0.9,
      },
    },
    {
      id: 'communities-line',
      source: 'communities',
      type: 'line',
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': byCompliance('#16874a', '#c9441d'),
        'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.2, 16, 2.5],
      },
    },
    { id: 'town-halo', source: 'town', type: 'line', paint: { 'line-color': colours.town, 'line-width': 7, 'line-opacity': 0.12 } },
    { id: 'town-line', source: 'town', type: 'line', paint: { 'line-color': colours.town, 'line-width': 2, 'line-dasharray': [4, 2] } },
    ...(['communities', 'compounds', 'cells', 'buildings'] as const).map((source) => ({
      id: `${source}-selected`,
      source,
      type: 'line' as const,
      filter: sel(source),
      paint: { 'line-color': colours.selection, 'line-width': source === 'buildings' ? 3 : 4 },
    })),
    {
      id: 'party_branches-circle',
      source: 'party_branches',
      type: 'circle',
      minzoom: drawnFromZoom.party_branches,
      paint: {
        'circle-color': colours.branch,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 16, 3, 18, 5.5],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'facilities-circle',
      source: 'facilities',
      type: 'circle',
      paint: {
        'circle-color': colours.facility,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 5, 17, 9],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: 'options-circle',
      source: 'options',
      type: 'circle',
      paint: {
        'circle-color': byMethod,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4.5, 17, 8],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    ...(['party_branches', 'facilities', 'options'] as const).map((source) => ({
      id: `${source}-selected`,
      source,
      type: 'circle' as const,
      filter: sel(source),
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 13, 'circle-stroke-color': colours.selection, 'circle-stroke-width': 3 },
    })),
  ];
}

export function roadWidth(extra: number) {
  return [
    'interpolate',
    ['exponential', 1.6],
    ['zoom'],
    12,
    ['match', ['get', 'kind'], 'arterial', 3 + extra / 2, 'secondary', 2 + extra / 2, 0.8 + extra / 3],
    17,
    ['match', ['get', 'kind'], 'arterial', 16 + extra, 'secondary', 10 + extra, 5 + extra],
  ];
}
