// Legend entries per layer, built from the same colours as the layer paint.
import type { LayerId } from '$contract/layers';
import type { LegendItem } from '$lib/map';
import { formatNumber, t, tDynamic } from '$lib/i18n/index.svelte';
import { cellColours, colours, householdClasses, methodColours } from './palette';
import type { BuildingsColouring } from './styleLayers';

/** The legend of one layer in the active language. */
export function legendFor(layer: LayerId, buildingsBy: BuildingsColouring): LegendItem[] {
  switch (layer) {
    case 'town':
      return [{ label: t('legend.town'), color: colours.town, shape: 'dash' }];
    case 'communities':
      return [
        { label: t('legend.compliant'), color: 'rgb(31 157 85 / 20%)', stroke: '#16874a', shape: 'fill' },
        { label: t('legend.nonCompliant'), color: 'rgb(224 84 43 / 20%)', stroke: '#c9441d', shape: 'fill' },
      ];
    case 'roads':
      return [
        { label: t('legend.arterial'), color: colours.arterial, stroke: colours.roadCasing, shape: 'road' },
        { label: t('legend.local'), color: colours.road, stroke: colours.roadCasing, shape: 'road' },
      ];
    case 'compounds':
      return [{ label: t('legend.compound'), color: colours.compoundFill, stroke: colours.compoundLine, shape: 'fill' }];
    case 'buildings':
      if (buildingsBy === 'cell') return cellSwatches();
      return householdClasses.map((band, index) => {
        const next = householdClasses[index + 1];
        const range = next ? `${formatNumber(band.from)}–${formatNumber(next.from - 1)}` : `≥ ${formatNumber(band.from)}`;
        return { label: `${range} ${t('legend.households')}`, color: band.colour, stroke: colours.buildingLine, shape: 'fill' };
      });
    case 'cells':
      return [{ label: t('legend.cellOutline'), color: cellColours[0], colors: cellColours.slice(0, 5), shape: 'line' }];
    case 'party_branches':
      return [{ label: t('legend.branch'), color: colours.branch, stroke: '#ffffff', shape: 'circle' }];
    case 'facilities':
      return [{ label: t('legend.facility'), color: colours.facility, stroke: '#ffffff', shape: 'circle' }];
    case 'options':
      return Object.entries(methodColours).map(([method, colour]) => ({
        label: tDynamic(`method.${method}`, method),
        color: colour,
        stroke: '#ffffff',
        shape: 'circle',
      }));
  }
}

function cellSwatches(): LegendItem[] {
  return [
    { label: t('layers.byCell'), color: cellColours[0], colors: cellColours.slice(0, 5), stroke: colours.buildingLine, shape: 'fill' },
  ];
}
