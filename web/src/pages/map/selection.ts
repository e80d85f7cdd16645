import type { Geometry } from 'geojson';
import type { LayerId } from '$contract/layers';

/** What the details panel shows: a feature of one layer, by key, with what is known so far. */
export interface Selection {
  layer: LayerId;
  key: string;
  properties: Record<string, unknown>;
  geometry?: Geometry;
}
