// Local metric coordinates for the partitioner and for ordering cell codes: an equirectangular
// projection around a reference latitude, accurate to well under 1 % across one community.

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LNG_AT_EQUATOR = 111_320;

export interface Projector {
  (lng: number, lat: number): { x: number; y: number };
}

/** Projects lng/lat to metres east/north of (lng0, lat0). */
export function localProjector(lng0: number, lat0: number): Projector {
  const perLng = METRES_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((lat0 * Math.PI) / 180);
  return (lng, lat) => ({ x: (lng - lng0) * perLng, y: (lat - lat0) * METRES_PER_DEGREE_LAT });
}
