/**
 * The JavaScript half of geometry validation: right type for the layer, well-formed coordinate
 * arrays, finite numbers in range, closed rings, a vertex cap; then the GCJ-02 / BD-09 offset is
 * reversed. Validity proper (self-intersection, ring order, holes) is PostGIS's job
 * (ST_IsValidDetail, see db/io.ts), and nothing is ever repaired.
 */
import type { Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { convertPosition, isGeographic, type Crs } from './crs';
import type { ImportLayerDef } from './layers';
import type { MessageCode } from '../contract/messages';
import { inChina } from './plausibility';
import { problem, type LocalProblem } from './types';

export const MAX_VERTICES_PER_FEATURE = 5000;

export type GeometryCheck = { geometry: Geometry; problems: [] } | { geometry?: undefined; problems: LocalProblem[] };

/** The GeoJSON types a layer takes (type names are the same in every language). */
const EXPECTED: Record<NonNullable<ImportLayerDef['geometry']>, string[]> = {
  multipolygon: ['Polygon', 'MultiPolygon'],
  polygon: ['Polygon'],
  point: ['Point'],
  line: ['LineString'],
};

const inGeometry = (code: MessageCode, params: Parameters<typeof problem>[1] = {}) => problem(code, params, 'geometry');

/** The geometry in the shape the layer stores (single-part multis unwrapped), or a type problem. */
function fitType(layer: ImportLayerDef, g: Geometry): Geometry | { problem: LocalProblem } {
  const kind = layer.geometry!;
  const expected = layer.pointsAsFootprints ? [...EXPECTED[kind], 'Point'] : EXPECTED[kind];
  const wrong = () => ({ problem: inGeometry('import.geometry_type', { actual: g.type, expected }) });
  if (layer.pointsAsFootprints && g.type === 'Point') return g;
  switch (kind) {
    case 'multipolygon':
      return g.type === 'Polygon' || g.type === 'MultiPolygon' ? g : wrong();
    case 'polygon':
      if (g.type === 'Polygon') return g;
      if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length === 1)
        return { type: 'Polygon', coordinates: g.coordinates[0] };
      if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates))
        return { problem: inGeometry('import.geometry_parts', { parts: g.coordinates.length }) };
      return wrong();
    case 'point':
      if (g.type === 'Point') return g;
      if (g.type === 'MultiPoint' && Array.isArray(g.coordinates) && g.coordinates.length === 1)
        return { type: 'Point', coordinates: g.coordinates[0] };
      return wrong();
    case 'line':
      if (g.type === 'LineString') return g;
      if (g.type === 'MultiLineString' && Array.isArray(g.coordinates) && g.coordinates.length === 1)
        return { type: 'LineString', coordinates: g.coordinates[0] };
      if (g.type === 'MultiLineString' && Array.isArray(g.coordinates))
        return { problem: inGeometry('import.line_parts', { parts: g.coordinates.length }) };
      return wrong();
  }
}

/** Coordinates that are not nested arrays of numbers as the type needs. */
class Malformed extends Error {}

class Walker {
  vertices = 0;
  problems: LocalProblem[] = [];
  private badCoordinates = 0;
  private firstBad?: { code: MessageCode; x: number; y: number };
  constructor(
    readonly crs: Crs,
    readonly geographic: boolean,
  ) {}

  position(p: unknown): Position {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') throw new Malformed();
    this.vertices++;
    const [x, y] = p as number[];
    if (!Number.isFinite(x) || !Number.isFinite(y)) this.bad('import.coordinate_not_finite', x, y);
    else if (this.geographic && (Math.abs(x) > 180 || Math.abs(y) > 90)) {
      const projected = Math.abs(x) > 1000 || Math.abs(y) > 1000;
      this.bad(
        projected ? 'import.coordinate_projected' : inChina(y, x) ? 'import.coordinate_swapped' : 'import.coordinate_out_of_range',
        x,
        y,
      );
    }
    return convertPosition(this.crs, p as Position);
  }

  /** One problem per feature for its first bad coordinate, counting the rest. */
  private bad(code: MessageCode, x: number, y: number) {
    if (this.badCoordinates++ === 0) this.firstBad = { code, x, y };
  }

  finish() {
    const first = this.firstBad;
    if (first) this.problems.unshift(inGeometry(first.code, { x: String(first.x), y: String(first.y), count: this.badCoordinates }));
  }

  ring(r: unknown, polygon: number, ring: number): Position[] {
    if (!Array.isArray(r)) throw new Malformed();
    const out = r.map((p) => this.position(p));
    if (out.length < 4) this.problems.push(inGeometry('import.ring_too_short', { polygon, ring, positions: out.length }));
    else if (r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1])
      this.problems.push(inGeometry('import.ring_not_closed', { polygon, ring }));
    return out;
  }

  line(positions: unknown): LineString['coordinates'] {
    if (!Array.isArray(positions)) throw new Malformed();
    const out = positions.map((p) => this.position(p));
    if (out.length < 2) this.problems.push(inGeometry('import.line_too_short', { positions: out.length }));
    return out;
  }

  polygon(rings: unknown, polygon: number): Polygon['coordinates'] {
    if (!Array.isArray(rings) || rings.length === 0) throw new Malformed();
    return rings.map((r, i) => this.ring(r, polygon, i));
  }
}

/** Checks one record's geometry for `layer` and converts it to WGS84 where JavaScript can. */
export function checkGeometry(layer: ImportLayerDef, g: Geometry | null | undefined, crs: Crs, alreadyGeographic: boolean): GeometryCheck {
  const kind = layer.geometry!;
  if (!g) return { problems: [inGeometry('import.geometry_missing', { expected: EXPECTED[kind] })] };
  const fitted = fitType(layer, g);
  if ('problem' in fitted) return { problems: [fitted.problem] };
  const w = new Walker(crs, alreadyGeographic || isGeographic(crs));
  let geometry: Geometry;
  try {
    if (fitted.type === 'Point') geometry = { type: 'Point', coordinates: w.position(fitted.coordinates) };
    else if (fitted.type === 'LineString') geometry = { type: 'LineString', coordinates: w.line(fitted.coordinates) };
    else if (fitted.type === 'Polygon') geometry = { type: 'Polygon', coordinates: w.polygon(fitted.coordinates, 0) };
    else {
      const polygons: unknown = (fitted as MultiPolygon).coordinates;
      if (!Array.isArray(polygons) || polygons.length === 0) throw new Malformed();
      geometry = { type: 'MultiPolygon', coordinates: polygons.map((p, i) => w.polygon(p, i)) };
    }
  } catch (err) {
    if (err instanceof Malformed) return { problems: [inGeometry('import.malformed_coordinates')] };
    throw err;
  }
  if (w.vertices > MAX_VERTICES_PER_FEATURE) {
    w.problems.push(inGeometry('import.too_many_vertices', { vertices: w.vertices, maximum: MAX_VERTICES_PER_FEATURE }));
  }
  w.finish();
  return w.problems.length ? { problems: w.problems } : { geometry, problems: [] };
}
