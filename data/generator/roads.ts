// The road network is a jittered lattice: grid lines bend a little between jittered
// crossings. Every lattice edge is one polyline shared by the two blocks on either side, so
// blocks (and the communities made of them) meet along identical vertices: no gaps, no
// overlaps, by construction.
import type { Prng } from './prng';
import { lerp, toLngLat, type Quad, type XY } from './geo';
import { EAST_WEST_ROADS, NORTH_SOUTH_ROADS, gridRoadName } from './names';
import type { DemoRoad, RoadKind } from './types';

/** Interior points per lattice edge; odd, so every edge has a middle vertex for lanes to meet. */
const EDGE_INTERIOR_POINTS = 5;

export interface Lattice {
  cols: number;
  rows: number;
  /** vertices[i][j]: crossing of north–south line i and east–west line j (j = 0 is south). */
  vertices: XY[][];
  /** east–west edges: horizontal[i][j] runs from vertices[i][j] to vertices[i + 1][j]. */
  horizontal: XY[][][];
  /** north–south edges: vertical[i][j] runs from vertices[i][j] to vertices[i][j + 1]. */
  vertical: XY[][][];
  northSouthNames: string[];
  eastWestNames: string[];
  northSouthKinds: RoadKind[];
  eastWestKinds: RoadKind[];
}

/** Grid lines on the outside and every other line inside are arterials; the rest secondary. */
function lineKind(index: number, count: number): RoadKind {
  return index === 0 || index === count || index % 2 === 1 ? 'arterial' : 'secondary';
}

function bentEdge(rng: Prng, from: XY, to: XY, kind: RoadKind): XY[] {
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  const nx = -(to.y - from.y) / length;
  const ny = (to.x - from.x) / length;
  // Arterials are straighter than secondary roads; the sine keeps the ends on the crossings.
  const amplitude = rng.float(-1, 1) * (kind === 'arterial' ? 10 : 25);
  const out: XY[] = [from];
  for (let k = 1; k <= EDGE_INTERIOR_POINTS; k++) {
    const t = k / (EDGE_INTERIOR_POINTS + 1);
    const offset = amplitude * Math.sin(Math.PI * t) + rng.float(-3, 3);
    const p = lerp(from, to, t);
    out.push({ x: p.x + nx * offset, y: p.y + ny * offset });
  }
  out.push(to);
  return out;
}

/** Lattice of `cols` × `rows` blocks of about 1.0–1.4 km, centred on the town seat. */
export function buildLattice(rng: Prng, cols: number, rows: number): Lattice {
  const widths = Array.from({ length: cols }, () => rng.float(1000, 1400));
  const heights = Array.from({ length: rows }, () => rng.float(950, 1300));
  const xs = [0];
  widths.forEach((w) => xs.push(xs[xs.length - 1] + w));
  const ys = [0];
  heights.forEach((h) => ys.push(ys[ys.length - 1] + h));
  const x0 = xs[cols] / 2;
  const y0 = ys[rows] / 2;
  const vertices: XY[][] = [];
  for (let i = 0; i <= cols; i++) {
    vertices.push([]);
    for (let j = 0; j <= rows; j++) vertices[i].push({ x: xs[i] - x0 + rng.float(-70, 70), y: ys[j] - y0 + rng.float(-70, 70) });
  }
  const northSouthKinds = Array.from({ length: cols + 1 }, (_, i) => lineKind(i, cols));
  const eastWestKinds = Array.from({ length: rows + 1 }, (_, j) => lineKind(j, rows));
  const horizontal: XY[][][] = [];
  for (let i = 0; i < cols; i++) {
    horizontal.push([]);
    for (let j = 0; j <= rows; j++) horizontal[i].push(bentEdge(rng, vertices[i][j], vertices[i + 1][j], eastWestKinds[j]));
  }
  const vertical: XY[][][] = [];
  for (let i = 0; i <= cols; i++) {
    vertical.push([]);
    for (let j = 0; j < rows; j++) vertical[i].push(bentEdge(rng, vertices[i][j], vertices[i][j + 1], northSouthKinds[i]));
  }
  return {
    cols,
    rows,
    vertices,
    horizontal,
    vertical,
    northSouthNames: Array.from({ length: cols + 1 }, (_, i) => gridRoadName(NORTH_SOUTH_ROADS, i, '经')),
    // East–west names run north to south so the best-known names sit in the middle rows too.
    eastWestNames: Array.from({ length: rows + 1 }, (_, j) => gridRoadName(EAST_WEST_ROADS, rows - j, '纬')),
    northSouthKinds,
    eastWestKinds,
  };
}

export function blockQuad(l: Lattice, i: number, j: number): Quad {
  const v = l.vertices;
  return { p00: v[i][j], p10: v[i + 1][j], p01: v[i][j + 1], p11: v[i + 1][j + 1] };
}

/** Names of the four roads around block (i, j): west, east, south, north. */
export function blockRoadNames(l: Lattice, i: number, j: number): string[] {
  return [l.northSouthNames[i], l.northSouthNames[i + 1], l.eastWestNames[j], l.eastWestNames[j + 1]];
}

/** Open ring (counter-clockwise) along the exact shared edges around blocks i0..i1 of row j. */
export function blockRowRing(l: Lattice, i0: number, i1: number, j: number): XY[] {
  const ring: XY[] = [];
  const add = (edge: XY[]) => ring.push(...edge.slice(0, -1));
  for (let i = i0; i <= i1; i++) add(l.horizontal[i][j]);
  add(l.vertical[i1 + 1][j]);
  for (let i = i1; i >= i0; i--) add(l.horizontal[i][j + 1].slice().reverse());
  add(l.vertical[i0][j].slice().reverse());
  return ring;
}

/** Open ring around the whole town. */
export function townRing(l: Lattice): XY[] {
  const ring: XY[] = [];
  const add = (edge: XY[]) => ring.push(...edge.slice(0, -1));
  for (let i = 0; i < l.cols; i++) add(l.horizontal[i][0]);
  for (let j = 0; j < l.rows; j++) add(l.vertical[l.cols][j]);
  for (let i = l.cols - 1; i >= 0; i--) add(l.horizontal[i][l.rows].slice().reverse());
  for (let j = l.rows - 1; j >= 0; j--) add(l.vertical[0][j].slice().reverse());
  return ring;
}

/** Middle vertex of the north–south edge on line i of row j: where an east–west lane meets it. */
export function verticalEdgeMiddle(l: Lattice, i: number, j: number): XY {
  return l.vertical[i][j][(EDGE_INTERIOR_POINTS + 1) / 2];
}

/** One road row per lattice edge, named after its grid line. */
export function latticeRoads(l: Lattice): DemoRoad[] {
  const line = (points: XY[]) => ({ type: 'LineString' as const, coordinates: points.map(toLngLat) });
  const roads: DemoRoad[] = [];
  for (let j = 0; j <= l.rows; j++)
    for (let i = 0; i < l.cols; i++) roads.push({ name: l.eastWestNames[j], kind: l.eastWestKinds[j], geometry: line(l.horizontal[i][j]) });
  for (let i = 0; i <= l.cols; i++)
    for (let j = 0; j < l.rows; j++)
      roads.push({ name: l.northSouthNames[i], kind: l.northSouthKinds[i], geometry: line(l.vertical[i][j]) });
  return roads;
}
