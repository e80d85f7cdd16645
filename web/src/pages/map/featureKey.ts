// Which property identifies a feature of each layer (for details, selection and the API).
import type { LayerId } from '$lib/api-types';

export const keyProperty: Record<LayerId, 'code' | 'id'> = {
  town: 'code',
  communities: 'code',
  roads: 'id',
  compounds: 'code',
  buildings: 'code',
  cells: 'code',
  party_branches: 'id',
  facilities: 'id',
  options: 'code',
};

/** The key of a feature, from its properties or, failing that, its feature id. */
export function featureKey(layer: LayerId, properties: Record<string, unknown>, featureId?: string | number): string {
  const value = properties[keyProperty[layer]] ?? properties.code ?? properties.id ?? featureId;
  return value === undefined || value === null ? '' : String(value);
}
