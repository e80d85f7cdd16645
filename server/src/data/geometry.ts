/**
 * The JavaScript half of geometry validation: right type for the layer, well-formed coordinate
 * arrays, finite numbers in range, closed rings, a vertex cap; then the GCJ-02 / BD-09 offset is
 * reversed. Validity proper (self-intersection, ring order, holes) is PostGIS's job
 * (ST_IsValidDetail, see db/io.ts), and nothing is ever repaired.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { convertPosition, isGeographic, type Crs } from './crs';
import type { ImportLayerDef } from './layers';
import type { Problem } from './types';

export const MAX_VERTICES_PER_FEATURE = 5000;

type LocalProblem = Omit<Problem, 'feature' | 'row'>;
export type GeometryCheck = { geometry: Geometry; problems: [] } | { geometry?: undefined; problems: LocalProblem[] };

const EXPECTED: Record<NonNullable<ImportLayerDef['geometry']>, string> = {
  multipolygon: 'Polygon or MultiPolygon',
  polygon: 'Polygon',
  point: 'Point',
};

/** The geometry in the shape the layer stores (single-part multis unwrapped), or a type problem. */
function fitType(kind: NonNullable<ImportLayerDef['geometry']>, g: Geometry): Geometry | { problem: LocalProblem } {
  const wrong = (why = '') => ({ problem: { field: 'geometry', code: 'geometry_type' as const, message: `geometry is ${g.type}${why}; this layer takes ${EXPECTED[kind]}` } });
  switch (kind) {
    case 'multipolygon':
      return g.type === 'Polygon' || g.type === 'MultiPolygon' ? g : wrong();
    case 'polygon':
      if (g.type === 'Polygon') return g;
      if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length === 1) return { type: 'Polygon', coordinates: g.coordinates[0] };
      return wrong(g.type === 'MultiPolygon' ? ` with ${Array.isArray(g.coordinates) ? g.coordinates.length : '?'} parts` : '');
    case 'point':
      if (g.type === 'Point') return g;
      if (g.type === 'MultiPoint' && Array.isArray(g.coordinates) && g.coordinates.length === 1) return { type: 'Point', coordinates: g.coordinates[0] };
      return wrong();
  }
}

class Walker {
  vertices = 0;
  problems: LocalProblem[] = [];
  private badCoordinates = 0;
  constructor(readonly crs: Crs, readonly geographic: boolean) {}

  position(p: unknown): Position {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      throw new Error('a position is not an array of numbers');
    }
    this.vertices++;
    const [x, y] = p as number[];
    if (!Number.isFinite(x) || !Number.isFinite(y)) this.bad(`coordinate [${x}, ${y}] is not a finite number`);
    else if (this.geographic && (Math.abs(x) > 180 || Math.abs(y) > 90)) {
      const hint = Math.abs(x) > 1000 || Math.abs(y) > 1000 ? ' (these look like projected metres: choose a crs such as EPSG:4549)' : '';
      this.bad(`coordinate [${x}, ${y}] is outside longitude -180..180 / latitude -90..90${hint}`);
    }
    return convertPosition(this.crs, p as Position);
  }

  /** One problem per feature for its first bad coordinate, counting the rest. */
  private bad(message: string) {
    if (this.badCoordinates++ === 0) this.problems.push({ field: 'geometry', code: 'coordinates', message });
  }

  finish() {
    const first = this.problems.find((p) => p.code === 'coordinates');
    if (first && this.badCoordinates > 1) first.message += ` (and ${this.badCoordinates - 1} more bad coordinates)`;
  }

  ring(r: unknown, label: string): Position[] {
    if (!Array.isArray(r)) throw new Error(`${label} is not an array of positions`);
    const out = r.map((p) => this.position(p));
    if (out.length < 4) this.problems.push({ field: 'geometry', code: 'invalid_geometry', message: `${label} has ${out.length} positions; a ring needs at least 4` });
    else if (r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1]) {
      this.problems.push({ field: 'geometry', code: 'invalid_geometry', message: `${label} is not closed (first and last positions differ)` });
    }
    return out;
  }

  polygon(rings: unknown, label: string): Polygon['coordinates'] {
    if (!Array.isArray(rings) || rings.length === 0) throw new Error(`${label} has no rings`);
    return rings.map((r, i) => this.ring(r, `${label}ring ${i}`));
  }
}

/** Checks one record's geometry for `layer` and converts it to WGS84 where JavaScript can. */
export function checkGeometry(layer: ImportLayerDef, g: Geometry | null | undefined, crs: Crs, alreadyGeographic: boolean): GeometryCheck {
  const kind = layer.geometry!;
  if (!g) return { problems: [{ field: 'geometry', code: 'geometry_missing', message: `the feature has no geometry; this layer needs a ${EXPECTED[kind]}` }] };
  const fitted = fitType(kind, g);
  if ('problem' in fitted) return { problems: [fitted.problem] };
  const w = new Walker(crs, alreadyGeographic || isGeographic(crs));
  let geometry: Geometry;
  try {
    if (fitted.type === 'Point') geometry = { type: 'Point', coordinates: w.position(fitted.coordinates) };
    else if (fitted.type === 'Polygon') geometry = { type: 'Polygon', coordinates: w.polygon(fitted.coordinates, '') };
    else {
      const polygons: unknown = (fitted as MultiPolygon).coordinates;
      if (!Array.isArray(polygons) || polygons.length === 0) throw new Error('MultiPolygon has no polygons');
      geometry = { type: 'MultiPolygon', coordinates: polygons.map((p, i) => w.polygon(p, `polygon ${i} `)) };
    }
  } catch (err) {
    return { problems: [{ field: 'geometry', code: 'coordinates', message: `malformed coordinates: ${(err as Error).message}` }] };
  }
  if (w.vertices > MAX_VERTICES_PER_FEATURE) {
    w.problems.push({ field: 'geometry', code: 'too_many_vertices', message: `${w.vertices} vertices; at most ${MAX_VERTICES_PER_FEATURE} per feature (simplify it first)` });
  }
  w.finish();
  return w.problems.length ? { problems: w.problems } : { geometry, problems: [] };
}
