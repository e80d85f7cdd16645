import { bboxClip, booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import type { BBox, MultiPolygon, Polygon } from 'geojson';
import { largestPolygon } from './largestPolygon';

/**
 * Where to put a label for a (multi)polygon: inside its largest part, within `bounds` when given
 * (so a label of a partly visible area stays on screen). Null when nothing is left.
 */
export function labelPoint(geometry: Polygon | MultiPolygon, bounds?: BBox): [number, number] | null {
  // Clipping a polygon yields a polygon; turf's return type is wider than that.
  const clipped = bounds ? (bboxClip(geometry, bounds).geometry as Polygon | MultiPolygon) : geometry;
  const part = largestPolygon(clipped);
  if (!part) return null;
  const centre = centroid(part).geometry.coordinates;
  // The centroid of an L- or U-shaped area can fall outside it; then take a point on the surface.
  const inside = booleanPointInPolygon(centre, part) ? centre : pointOnFeature(part).geometry.coordinates;
  return [inside[0], inside[1]];
}
