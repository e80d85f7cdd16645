import { area, polygon } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** The largest part of a (multi)polygon by area, ignoring rings too short to be polygons. */
export function largestPolygon(geometry: Polygon | MultiPolygon): Polygon | null {
  const parts: Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: Polygon | null = null;
  let bestSquareMetres = 0;
  for (const rings of parts) {
    const valid = rings.filter((ring) => ring.length >= 4);
    if (valid.length === 0 || valid[0] !== rings[0]) continue;
    const squareMetres = area(polygon(valid));
    if (squareMetres > bestSquareMetres) {
      bestSquareMetres = squareMetres;
      best = { type: 'Polygon', coordinates: valid };
    }
  }
  return best;
}
