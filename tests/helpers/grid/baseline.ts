// The benchmark baseline the partitioner must beat: capacitated k-means. Centres come from
// k-means on building positions; buildings then go to the nearest centre with room left; pieces
// cut off from their cell are handed to the neighbouring cell they touch most. It ignores
// compounds and roads, as a quick spreadsheet-and-map approach would.
import { unitGraph } from '../../../server/src/domain/grid/contract';
import { type NodeGraph, components } from '../../../server/src/domain/grid/graph';
import { mulberry32 } from '../../../server/src/domain/random';
import { chooseCellCount } from '../../../server/src/domain/grid/solve';
import type { Edge, PartitionOptions, Unit } from '../../../server/src/domain/grid/types';

const LLOYD_ITERATIONS = 10;
const CANDIDATE_CENTRES = 8;

/** Unit indices per cell, by capacitated k-means with naive contiguity repair. */
export function baselinePartition(units: readonly Unit[], edges: readonly Edge[], options: PartitionOptions): number[][] {
  if (units.length === 0) return [];
  const households = units.reduce((sum, u) => sum + u.households, 0);
  const k = Math.min(units.length, chooseCellCount(households, options.minHouseholds, options.maxHouseholds));
  const centres = kMeans(units, k, mulberry32(options.seed ?? 1));
  const cellOf = assignWithCapacity(units, centres, options.maxHouseholds);
  repairContiguity(units, edges, cellOf);
  const cells = new Map<number, number[]>();
  cellOf.forEach((c, i) => {
    const list = cells.get(c);
    if (list) list.push(i);
    else cells.set(c, [i]);
  });
  return [...cells.values()];
}

function kMeans(units: readonly Unit[], k: number, rng: () => number): { x: number; y: number }[] {
  // k-means++ seeding: each new centre is drawn with probability proportional to squared distance.
  const first = units[Math.floor(rng() * units.length)];
  const centres = [{ x: first.x, y: first.y }];
  const nearest = units.map((u) => (u.x - first.x) ** 2 + (u.y - first.y) ** 2);
  while (centres.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0);
    let pick = rng() * total;
    let chosen = 0;
    while (chosen < units.length - 1 && pick >= nearest[chosen]) pick -= nearest[chosen++];
    const c = { x: units[chosen].x, y: units[chosen].y };
    centres.push(c);
    units.forEach((u, i) => (nearest[i] = Math.min(nearest[i], (u.x - c.x) ** 2 + (u.y - c.y) ** 2)));
  }
  for (let iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const n = new Float64Array(k);
    for (const u of units) {
      const c = nearestCentres(u, centres, 1)[0];
      sx[c] += u.x;
      sy[c] += u.y;
      n[c]++;
    }
    centres.forEach((c, j) => {
      if (n[j] > 0) {
        c.x = sx[j] / n[j];
        c.y = sy[j] / n[j];
      }
    });
  }
  return centres;
}

function nearestCentres(u: Unit, centres: readonly { x: number; y: number }[], count: number): number[] {
  const best: { c: number; d: number }[] = [];
  centres.forEach((centre, c) => {
    const d = (u.x - centre.x) ** 2 + (u.y - centre.y) ** 2;
    if (best.length === count && d >= best[count - 1].d) return;
    best.push({ c, d });
    best.sort((a, b) => a.d - b.d);
    if (best.length > count) best.pop();
  });
  return best.map((b) => b.c);
}

function assignWithCapacity(units: readonly Unit[], centres: readonly { x: number; y: number }[], capacity: number): number[] {
  const candidates = units.map((u) => nearestCentres(u, centres, Math.min(CANDIDATE_CENTRES, centres.length)));
  const distance = (i: number, c: number) => (units[i].x - centres[c].x) ** 2 + (units[i].y - centres[c].y) ** 2;
  const order = units.map((_, i) => i).sort((a, b) => distance(a, candidates[a][0]) - distance(b, candidates[b][0]) || a - b);
  const load = new Float64Array(centres.length);
  const cellOf = new Array<number>(units.length).fill(0);
  for (const i of order) {
    const c = candidates[i].find((j) => load[j] + units[i].households <= capacity) ?? candidates[i][0];
    cellOf[i] = c;
    load[c] += units[i].households;
  }
  return cellOf;
}

/** Keeps each cell's largest piece; every other piece joins the neighbour cell it shares most with. */
function repairContiguity(units: readonly Unit[], edges: readonly Edge[], cellOf: number[]): void {
  const g = unitGraph(units, edges);
  let nextCell = Math.max(...cellOf) + 1;
  for (let round = 0; round < 20; round++) {
    const pieces = components(g, () => true).flatMap((component) => splitByCell(g, component, cellOf));
    const largest = new Map<number, number[]>();
    for (const piece of pieces) {
      const c = cellOf[piece[0]];
      const current = largest.get(c);
      if (!current || piece.length > current.length) largest.set(c, piece);
    }
    let changed = false;
    for (const piece of pieces) {
      const own = cellOf[piece[0]];
      if (largest.get(own) === piece) continue;
      const shared = new Map<number, number>();
      for (const v of piece) {
        for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
          const c = cellOf[g.targets[i]];
          if (c !== own) shared.set(c, (shared.get(c) ?? 0) + g.length[i]);
        }
      }
      const target = [...shared.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? nextCell++;
      for (const v of piece) cellOf[v] = target;
      changed = true;
    }
    if (!changed) break;
  }
}

/** The same-cell connected pieces of one component. */
function splitByCell(g: NodeGraph, component: readonly number[], cellOf: readonly number[]): number[][] {
  const seen = new Set<number>();
  const pieces: number[][] = [];
  for (const start of component) {
    if (seen.has(start)) continue;
    seen.add(start);
    const piece = [start];
    for (let head = 0; head < piece.length; head++) {
      const v = piece[head];
      for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
        const u = g.targets[i];
        if (!seen.has(u) && cellOf[u] === cellOf[start]) {
          seen.add(u);
          piece.push(u);
        }
      }
    }
    pieces.push(piece);
  }
  return pieces;
}
