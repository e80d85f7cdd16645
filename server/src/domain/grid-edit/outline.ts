// Structural checks of a drawn outline or split line, before PostGIS sees it. PostGIS accepts
// unclosed rings and two-point polygons from GeoJSON, so these rules are ours; self-intersection
// and other topology problems are left to ST_IsValidDetail, which also says where they are.

/** Most vertices an outline or line may have (a hand-drawn shape has a few dozen). */
export const MAX_VERTICES = 2000;

export type Position = readonly number[];

export type ShapeProblem =
  | 'too_few_rings'
  | 'ring_too_short'
  | 'ring_not_closed'
  | 'line_too_short'
  | 'not_a_position'
  | 'not_finite'
  | 'out_of_range'
  | 'too_many_vertices';

export type ShapeCheck = { valid: true } | { valid: false; reason: ShapeProblem; message: string; where: string };

const bad = (reason: ShapeProblem, where: string, message: string): ShapeCheck => ({ valid: false, reason, message, where });

function checkPositions(positions: readonly Position[], path: string): ShapeCheck {
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    const where = `${path}[${i}]`;
    if (p.length < 2 || p.length > 3) return bad('not_a_position', where, `${where} must be [lng, lat]`);
    if (!p.every((v) => Number.isFinite(v))) return bad('not_finite', where, `${where} holds a value that is not a finite number`);
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      return bad('out_of_range', where, `${where} = [${p[0]}, ${p[1]}] is not a WGS84 longitude/latitude`);
    }
  }
  return { valid: true };
}

/** Rings of a GeoJSON polygon: at least one, each closed with at least 4 positions. */
export function checkPolygonRings(rings: readonly (readonly Position[])[], path = 'coordinates'): ShapeCheck {
  if (rings.length === 0) return bad('too_few_rings', path, `${path} has no ring; a polygon needs an outer ring`);
  const vertices = rings.reduce((n, ring) => n + ring.length, 0);
  if (vertices > MAX_VERTICES) return bad('too_many_vertices', path, `${path} has ${vertices} vertices (at most ${MAX_VERTICES})`);
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    const where = `${path}[${r}]`;
    const positions = checkPositions(ring, where);
    if (!positions.valid) return positions;
    if (ring.length < 4) return bad('ring_too_short', where, `${where} has ${ring.length} positions; a closed ring needs at least 4`);
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return bad('ring_not_closed', where, `${where} is not closed: it starts at [${first[0]}, ${first[1]}] and ends at [${last[0]}, ${last[1]}]`);
    }
  }
  return { valid: true };
}

/** Positions of a GeoJSON line: at least two, all finite WGS84 positions. */
export function checkLine(positions: readonly Position[], path = 'coordinates'): ShapeCheck {
  if (positions.length > MAX_VERTICES) return bad('too_many_vertices', path, `${path} has ${positions.length} vertices (at most ${MAX_VERTICES})`);
  const checked = checkPositions(positions, path);
  if (!checked.valid) return checked;
  if (positions.length < 2) return bad('line_too_short', path, `${path} has ${positions.length} position; a line needs at least 2`);
  return { valid: true };
}
