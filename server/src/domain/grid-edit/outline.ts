// Structural checks of a drawn outline or split line, before PostGIS sees it. PostGIS accepts
// unclosed rings and two-point polygons from GeoJSON, so these rules are ours; self-intersection
// and other topology problems are left to ST_IsValidDetail, which also says where they are.
import type { MessageParams } from '../../contract/messages';

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

/** A shape's first problem, named (message code `grid.shape.<reason>`), with where it is and its figures. */
export type ShapeCheck = { valid: true } | { valid: false; reason: ShapeProblem; where: string; params: MessageParams };

const bad = (reason: ShapeProblem, where: string, params: MessageParams = {}): ShapeCheck => ({
  valid: false,
  reason,
  where,
  params: { field: where, ...params },
});

function checkPositions(positions: readonly Position[], path: string): ShapeCheck {
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    const where = `${path}[${i}]`;
    if (p.length < 2 || p.length > 3) return bad('not_a_position', where);
    if (!p.every((v) => Number.isFinite(v))) return bad('not_finite', where);
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      return bad('out_of_range', where, { position: [p[0], p[1]] });
    }
  }
  return { valid: true };
}

/** Rings of a GeoJSON polygon: at least one, each closed with at least 4 positions. */
export function checkPolygonRings(rings: readonly (readonly Position[])[], path = 'coordinates'): ShapeCheck {
  if (rings.length === 0) return bad('too_few_rings', path);
  const vertices = rings.reduce((n, ring) => n + ring.length, 0);
  if (vertices > MAX_VERTICES) return bad('too_many_vertices', path, { vertices, max: MAX_VERTICES });
  for (let r = 0; r < rings.length; r++) {
    const ring = checkRing(rings[r], `${path}[${r}]`);
    if (!ring.valid) return ring;
  }
  return { valid: true };
}

/** One ring of a polygon: finite WGS84 positions, closed, at least 4 of them (no limit on their number). */
export function checkRing(ring: readonly Position[], where: string): ShapeCheck {
  const positions = checkPositions(ring, where);
  if (!positions.valid) return positions;
  if (ring.length < 4) return bad('ring_too_short', where, { positions: ring.length });
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return bad('ring_not_closed', where, { start: [first[0], first[1]], end: [last[0], last[1]] });
  }
  return { valid: true };
}

/** Positions of a GeoJSON line: at least two, all finite WGS84 positions. */
export function checkLine(positions: readonly Position[], path = 'coordinates'): ShapeCheck {
  if (positions.length > MAX_VERTICES) return bad('too_many_vertices', path, { vertices: positions.length, max: MAX_VERTICES });
  const checked = checkPositions(positions, path);
  if (!checked.valid) return checked;
  if (positions.length < 2) return bad('line_too_short', path, { positions: positions.length });
  return { valid: true };
}
