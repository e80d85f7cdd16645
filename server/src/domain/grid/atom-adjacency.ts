/**
 * Which atoms of a community border each other, along how many metres of shared boundary, and
 * whether the walk between their buildings crosses a road.
 *
 * Atoms tile their community and meet along identical edges (their vertices are snapped to one
 * fine grid, see db/atoms.ts), so a shared boundary is made of collinear, overlapping boundary
 * segments of the two atoms; where one side has a vertex the other lacks, the other side's
 * segment runs through it. Comparing segments directly replaces a polygon overlay per pair, which
 * was most of the time an import spent on atoms.
 *
 * Lengths are on the WGS84 ellipsoid: each segment is measured with the meridian and parallel
 * scales at its mid-latitude, which for segments of a few hundred metres agrees with a geodesic
 * length to well under a millimetre.
 */

/** One atom: its building's code and its outline as GeoJSON MultiPolygon (or Polygon) coordinates, in degrees. */
export interface AtomOutline {
  code: string;
  coordinates: number[][][][] | number[][][];
}

export interface SharedBoundary {
  /** The pair's codes in code order: a < b. */
  a: string;
  b: string;
  metres: number;
}

const SEMI_MAJOR = 6378137;
const FLATTENING = 1 / 298.257223563;
const E2 = FLATTENING * (2 - FLATTENING);
const RADIANS = Math.PI / 180;

/** Metres per degree of longitude and of latitude at a latitude (WGS84). */
function metresPerDegree(latitude: number): { x: number; y: number } {
  const sin = Math.sin(latitude * RADIANS);
  const w = 1 - E2 * sin * sin;
  const meridian = (SEMI_MAJOR * (1 - E2)) / (w * Math.sqrt(w));
  const normal = SEMI_MAJOR / Math.sqrt(w);
  return { x: normal * Math.cos(latitude * RADIANS) * RADIANS, y: meridian * RADIANS };
}

/**
 * Two segments lying within this distance of each other's line count as one edge (metres). The
 * snapping grid is about 0.1 mm; edges of different atoms that are not shared are never this close
 * along their length, since atoms do not overlap.
 */
const COLLINEAR_METRES = 0.001;

/** An atom's boundary segments in local metres (x1, y1, x2, y2, length on the ellipsoid per segment) and its box. */
interface Segments {
  code: string;
  xy: Float64Array;
  metres: Float64Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function polygonsOf(atom: AtomOutline): number[][][][] {
  return (typeof atom.coordinates[0]?.[0]?.[0] === 'number' ? [atom.coordinates] : atom.coordinates) as number[][][][];
}

function firstPoint(atom: AtomOutline): number[] {
  return polygonsOf(atom)[0][0][0];
}

function segmentsOf(atom: AtomOutline, origin: { lon: number; lat: number; scale: { x: number; y: number } }): Segments {
  const polygons = polygonsOf(atom);
  let count = 0;
  for (const polygon of polygons) for (const ring of polygon) count += Math.max(0, ring.length - 1);
  const xy = new Float64Array(count * 4);
  const metres = new Float64Array(count);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let k = 0;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (let i = 0; i + 1 < ring.length; i++, k++) {
        const [lon1, lat1] = ring[i];
        const [lon2, lat2] = ring[i + 1];
        const x1 = (lon1 - origin.lon) * origin.scale.x;
        const y1 = (lat1 - origin.lat) * origin.scale.y;
        const x2 = (lon2 - origin.lon) * origin.scale.x;
        const y2 = (lat2 - origin.lat) * origin.scale.y;
        xy.set([x1, y1, x2, y2], k * 4);
        const own = metresPerDegree((lat1 + lat2) / 2);
        metres[k] = Math.hypot((lon2 - lon1) * own.x, (lat2 - lat1) * own.y);
        minX = Math.min(minX, x1, x2);
        maxX = Math.max(maxX, x1, x2);
        minY = Math.min(minY, y1, y2);
        maxY = Math.max(maxY, y1, y2);
      }
  return { code: atom.code, xy, metres, minX, minY, maxX, maxY };
}

/**
 * Whether segments (ax, ay)→(bx, by) and (cx, cy)→(dx, dy) lie on one line: the shorter one's ends
 * are within COLLINEAR_METRES of the longer one's line (measured from the longer, because a short
 * segment's direction is less sure: extended along a long neighbour, a 0.1 mm snap at its ends
 * would miss by millimetres).
 */
function collinear(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const longer = (bx - ax) ** 2 + (by - ay) ** 2 >= (dx - cx) ** 2 + (dy - cy) ** 2;
  return longer ? endsOnLine(ax, ay, bx, by, cx, cy, dx, dy) : endsOnLine(cx, cy, dx, dy, ax, ay, bx, by);
}

/** Whether (px, py) and (qx, qy) are within COLLINEAR_METRES of the line through (ax, ay) and (bx, by). */
function endsOnLine(ax: number, ay: number, bx: number, by: number, px: number, py: number, qx: number, qy: number): boolean {
  const ux = bx - ax;
  const uy = by - ay;
  const tolerance = COLLINEAR_METRES * Math.sqrt(ux * ux + uy * uy);
  return Math.abs(ux * (py - ay) - uy * (px - ax)) <= tolerance && Math.abs(ux * (qy - ay) - uy * (qx - ax)) <= tolerance;
}

/** Metres of `p`'s boundary that lie along `q`'s. */
function sharedMetres(p: Segments, q: Segments): number {
  let total = 0;
  for (let i = 0; i < p.metres.length; i++) {
    const ax = p.xy[i * 4];
    const ay = p.xy[i * 4 + 1];
    const bx = p.xy[i * 4 + 2];
    const by = p.xy[i * 4 + 3];
    const dx = bx - ax;
    const dy = by - ay;
    const squared = dx * dx + dy * dy;
    if (squared === 0) continue;
    let along = 0;
    for (let j = 0; j < q.metres.length; j++) {
      const cx = q.xy[j * 4];
      const cy = q.xy[j * 4 + 1];
      const ex = q.xy[j * 4 + 2];
      const ey = q.xy[j * 4 + 3];
      if (!collinear(ax, ay, bx, by, cx, cy, ex, ey)) continue;
      // Where q's segment's ends fall along p's, as fractions of it.
      const t0 = ((cx - ax) * dx + (cy - ay) * dy) / squared;
      const t1 = ((ex - ax) * dx + (ey - ay) * dy) / squared;
      const overlap = Math.min(1, Math.max(t0, t1)) - Math.max(0, Math.min(t0, t1));
      if (overlap > 0) along += overlap;
    }
    total += Math.min(1, along) * p.metres[i];
  }
  return total;
}

/**
 * Every pair of `atoms` (one community's) whose boundaries share more than `minMetres`, in code
 * order of a then b.
 */
export function sharedBoundaries(atoms: readonly AtomOutline[], minMetres: number): SharedBoundary[] {
  if (atoms.length < 2) return [];
  const [lon, lat] = firstPoint(atoms[0]);
  const origin = { lon, lat, scale: metresPerDegree(lat) };
  const slack = COLLINEAR_METRES;
  const items = atoms.map((atom) => segmentsOf(atom, origin)).sort((p, q) => p.minX - q.minX);
  const pairs: SharedBoundary[] = [];
  for (let i = 0; i < items.length; i++) {
    const p = items[i];
    for (let j = i + 1; j < items.length && items[j].minX <= p.maxX + slack; j++) {
      const q = items[j];
      if (q.minY > p.maxY + slack || q.maxY < p.minY - slack) continue;
      const metres = sharedMetres(p, q);
      if (metres > minMetres) pairs.push(p.code < q.code ? { a: p.code, b: q.code, metres } : { a: q.code, b: p.code, metres });
    }
  }
  return pairs.sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}

/** Road segments in a bucket grid, for asking whether a short straight walk crosses a road. */
export class RoadCrossings {
  /** Bucket size in degrees (about 100 m): walks between neighbouring buildings span one or two. */
  private static readonly BUCKET = 0.001;
  private readonly segments: number[] = [];
  private readonly buckets = new Map<string, number[]>();

  /** `lines`: GeoJSON LineString or MultiLineString coordinates, in degrees. */
  constructor(lines: readonly (number[][] | number[][][])[]) {
    for (const line of lines) {
      const parts = (typeof line[0]?.[0] === 'number' ? [line] : line) as number[][][];
      for (const part of parts)
        for (let i = 0; i + 1 < part.length; i++) {
          const k = this.segments.length / 4;
          this.segments.push(part[i][0], part[i][1], part[i + 1][0], part[i + 1][1]);
          for (const key of this.keys(part[i][0], part[i][1], part[i + 1][0], part[i + 1][1])) {
            const list = this.buckets.get(key);
            if (list) list.push(k);
            else this.buckets.set(key, [k]);
          }
        }
    }
  }

  private *keys(x1: number, y1: number, x2: number, y2: number): Generator<string> {
    const b = RoadCrossings.BUCKET;
    for (let i = Math.floor(Math.min(x1, x2) / b); i <= Math.floor(Math.max(x1, x2) / b); i++)
      for (let j = Math.floor(Math.min(y1, y2) / b); j <= Math.floor(Math.max(y1, y2) / b); j++) yield `${i}:${j}`;
  }

  /** Whether the segment from (x1, y1) to (x2, y2) meets (crosses or touches) any road. */
  crosses(x1: number, y1: number, x2: number, y2: number): boolean {
    const seen = new Set<number>();
    for (const key of this.keys(x1, y1, x2, y2))
      for (const k of this.buckets.get(key) ?? []) {
        if (seen.has(k)) continue;
        seen.add(k);
        const s = this.segments;
        if (segmentsMeet(x1, y1, x2, y2, s[k * 4], s[k * 4 + 1], s[k * 4 + 2], s[k * 4 + 3])) return true;
      }
    return false;
  }
}

/** The sign of the turn a → b → c: positive left, negative right, 0 straight on. */
function turn(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

function within(a: number, b: number, c: number): boolean {
  return Math.min(a, b) <= c && c <= Math.max(a, b);
}

/** Whether segments ab and cd have a point in common. */
function segmentsMeet(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const d1 = turn(cx, cy, dx, dy, ax, ay);
  const d2 = turn(cx, cy, dx, dy, bx, by);
  const d3 = turn(ax, ay, bx, by, cx, cy);
  const d4 = turn(ax, ay, bx, by, dx, dy);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && within(cx, dx, ax) && within(cy, dy, ay)) ||
    (d2 === 0 && within(cx, dx, bx) && within(cy, dy, by)) ||
    (d3 === 0 && within(ax, bx, cx) && within(ay, by, cy)) ||
    (d4 === 0 && within(ax, bx, dx) && within(ay, by, dy))
  );
}
