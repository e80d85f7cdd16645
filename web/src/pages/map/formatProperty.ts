// Turns raw feature properties into labelled, localised rows for the details panel.
import type { LayerId } from '$contract/layers';
import { formatNumber, t, tDynamic } from '$lib/i18n/index.svelte';

export interface PropertyRow {
  key: string;
  label: string;
  value: string;
  /** Codes are shown in a monospace face; flags as a coloured badge. */
  style: 'text' | 'code' | 'yes' | 'no';
}

// Shown first, in this order; other properties follow alphabetically.
const preferredOrder = [
  'code',
  'label',
  'address',
  'households',
  'residents',
  'floors',
  'kind',
  'level',
  'method',
  'area_m2',
  'buildingCount',
  'areaM2',
  'requiredAreaM2',
  'currentAreaM2',
  'gapM2',
  'compliant',
  'community_code',
  'compound_code',
  'cell_code',
  'building_code',
  'plan_id',
  'id',
];
// The title already shows the name; centroid/bbox are for the camera, not people.
const hidden = new Set(['name', 'centroid', 'bbox', 'geom', 'geometry']);

function formatValue(layer: LayerId, key: string, value: unknown): Pick<PropertyRow, 'value' | 'style'> {
  if (typeof value === 'boolean') return { value: value ? t('value.yes') : t('value.no'), style: value ? 'yes' : 'no' };
  if (key === 'compliant' && typeof value === 'string') return formatValue(layer, key, value === 'true');
  if (typeof value === 'number') {
    if (key === 'plan_id' || key === 'id') return { value: String(value), style: 'text' };
    return { value: formatNumber(value, key.toLowerCase().includes('m2') ? 1 : 2), style: 'text' };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (key === 'kind') {
    const prefix = layer === 'roads' ? 'roadKind' : 'buildingKind';
    return { value: tDynamic(`${prefix}.${text}`, text), style: 'text' };
  }
  if (key === 'method') return { value: tDynamic(`method.${text}`, text), style: 'text' };
  if (key === 'level') return { value: tDynamic(`partyLevel.${text}`, text), style: 'text' };
  if (key === 'code' || key.endsWith('_code')) return { value: text, style: 'code' };
  return { value: text, style: 'text' };
}

/** Rows for every meaningful property of a feature, in a stable, readable order. */
export function propertyRows(layer: LayerId, properties: Record<string, unknown>): PropertyRow[] {
  const keys = Object.keys(properties).filter((key) => !hidden.has(key) && properties[key] !== null && properties[key] !== '');
  const rank = (key: string) => {
    const index = preferredOrder.indexOf(key);
    return index === -1 ? preferredOrder.length : index;
  };
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map((key) => ({ key, label: tDynamic(`prop.${key}`, key), ...formatValue(layer, key, properties[key]) }));
}
