// Geometry of the generator is done in a local plane in metres (x east, y north) centred on
// the town seat, and projected to WGS84 only on output: layout rules (spacing, footprints,
// margins) are naturally stated in metres, and at town scale an equirectangular projection
// is accurate to well under a metre.

/** A point in the local plane, metres east / north of the town centre. */
export interface XY {
  x: number;
  y: number;
}

/** A quadrilateral given by its corners; the bilinear map sends the unit square onto it. */
export interface Quad {
  p00: XY; // south-west
  p10: XY; // south-east
  p01: XY; // north-west
  p11: XY; // north-east
}

export const ORIGIN_LNG = 119.55;
export const ORIGIN_LAT = 32.43;

const latRad = (ORIGIN_LAT * Math.PI) / 180;
// Lengths of one degree on the WGS84 ellipsoid at the origin latitude.
const METRES_PER_DEGREE_LAT = 111132.92 - 559.82 * Math.cos(2 * latRad) + 1.175 * Math.cos(4 * latRad);
const METRES_PER_DEGREE_LNG = 111412.84 * Math.cos(latRad) - 93.5 * Math.cos(3 * latRad);

/** 7 decimals of a degree is about 1 cm: enough precision, stable text. */
const round7 = (value: number): number => Math.round(value * 1e7) / 1e7;

export function toLngLat(p: XY): [number, number] {
  return [round7(ORIGIN_LNG + p.x / METRES_PER_DEGREE_LNG), round7(ORIGIN_LAT + p.y / METRES_PER_DEGREE_LAT)];
}

export function fromLngLat(lng: number, lat: number): XY {
  return { x: (lng - ORIGIN_LNG) * METRES_PER_DEGREE_LNG, y: (lat - ORIGIN_LAT) * METRES_PER_DEGREE_LAT };
}

/** A closed GeoJSON ring in lng/lat from an open ring in metres. */
export function ringToLngLat(ring: readonly XY[]): [number, number][] {
  const out = ring.map(toLngLat);
  out.push(out[0]);
  return out;
}

export function lerp(a: XY, b: XY, t: number): XY {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

export function distance(a: XY, b: XY): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function bilinear(q: Quad, u: number, v: number): XY {
  return lerp(lerp(q.p00, q.p10, u), lerp(q.p01, q.p11, u), v);
}

/** The image of the sub-rectangle [u0,u1]×[v0,v1] of the unit square: again a quadrilateral. */
export function subQuad(q: Quad, u0: number, u1: number, v0: number, v1: number): Quad {
  return { p00: bilinear(q, u0, v0), p10: bilinear(q, u1, v0), p01: bilinear(q, u0, v1), p11: bilinear(q, u1, v1) };
}

/** Counter-clockwise open ring of a quad. */
export function quadRing(q: Quad): XY[] {
  return [q.p00, q.p10, q.p11, q.p01];
}

/** Direction (radians from east) of the quad's u axis at (u, v). */
export function quadAngle(q: Quad, v: number): number {
  const a = bilinear(q, 0, v);
  const b = bilinear(q, 1, v);
  return Math.atan2(b.y - a.y, b.x - a.x);
}

/** Corners (counter-clockwise) of a rectangle `lengthM` along `angle` and `depthM` across it. */
export function rectangle(centre: XY, lengthM: number, depthM: number, angle: number): XY[] {
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const hl = lengthM / 2;
  const hd = depthM / 2;
  return [
    { x: centre.x - ux * hl + uy * hd, y: centre.y - uy * hl - ux * hd },
    { x: centre.x + ux * hl + uy * hd, y: centre.y + uy * hl - ux * hd },
    { x: centre.x + ux * hl - uy * hd, y: centre.y + uy * hl + ux * hd },
    { x: centre.x - ux * hl - uy * hd, y: centre.y - uy * hl + ux * hd },
  ];
}

export function pointInRing(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Signed area (positive when counter-clockwise) of an open ring, square metres. */
export function ringAreaSquareMetres(ring: readonly XY[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += (ring[j].x + ring[i].x) * (ring[j].y - ring[i].y);
  return -twice / 2;
}

export function centroidOf(points: readonly XY[]): XY {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/**
 * True when two convex polygons come closer than `clearanceM` (separating-axis test):
 * footprints need a gap between them, not just no overlap.
 */
export function convexPolygonsTooClose(a: readonly XY[], b: readonly XY[], clearanceM: number): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i];
      const q = poly[(i + 1) % poly.length];
      const len = Math.hypot(q.x - p.x, q.y - p.y);
      const nx = -(q.y - p.y) / len;
      const ny = (q.x - p.x) / len;
      let minA = Infinity;
      let maxA = -Infinity;
      for (const v of a) {
        const d = v.x * nx + v.y * ny;
        minA = Math.min(minA, d);
        maxA = Math.max(maxA, d);
      }
      let minB = Infinity;
      let maxB = -Infinity;
      for (const v of b) {
        const d = v.x * nx + v.y * ny;
        minB = Math.min(minB, d);
        maxB = Math.max(maxB, d);
      }
      if (minB - maxA >= clearanceM || minA - maxB >= clearanceM) return false;
    }
  }
  return true;
}
