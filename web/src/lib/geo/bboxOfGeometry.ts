import { bbox } from '@turf/turf';
import type { Geometry } from 'geojson';

/** The [minx, miny, maxx, maxy] box of a geometry, for fitting the camera to it. */
export function bboxOfGeometry(geometry: Geometry): [number, number, number, number] {
  const [minX, minY, maxX, maxY] = bbox(geometry);
  return [minX, minY, maxX, maxY];
}
