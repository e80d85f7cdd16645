// Which property identifies a feature of each layer (for details, selection and the API).
import type { LayerId } from '$contract/layers';

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

/**
 * The key `GET /api/features/{layer}/{key}` answers to, or null when the map's properties do not
 * carry it (cells and roads are keyed by an internal id that their tiles do not include).
 */
export function detailsKey(layer: LayerId, properties: Record<string, unknown>): string | null {
  const value = (name: string) => (properties[name] === undefined || properties[name] === null ? null : String(properties[name]));
  switch (layer) {
    case 'cells':
    case 'roads':
      return null;
    case 'facilities':
      return value('id');
    case 'party_branches': {
      const id = value('id');
      const building = value('building_code');
      return id && building ? `${id}-${building}` : null;
    }
    default:
      return value('code');
  }
}
