// Last resort for cells the chains could not bring into range: take the cell with the cells
// around it and partition that small region again from scratch, several times, keeping the
// best. Packing whole compounds is a bin-packing problem that single moves cannot always
// untangle, but a fresh partition of a few cells usually can, sometimes with one cell more or
// one fewer than before.
import { type AttemptSettings, type Outcome, evaluate, isBetter, runAttempt } from './attempt';
import { inducedSubgraph } from './graph';
import { Layout, violation } from './layout';
import { deriveSeed } from '../random';

const LOCAL_ATTEMPTS = 12;
const MAX_RINGS = 2;
const MAX_ROUNDS = 3;

/** Re-solves the neighbourhood of each out-of-range cell; returns the improved outcome. */
export function resolveNeighbourhoods(outcome: Outcome, settings: AttemptSettings, seed: number): Outcome {
  let { layout } = outcome;
  const { bounds } = settings;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let progress = false;
    for (let cell = 0; cell < layout.cellCount; cell++) {
      if (violation(layout.weight[cell], bounds) === 0) continue;
      const region = new Set([cell]);
      for (let ring = 1; ring <= MAX_RINGS; ring++) {
        for (const c of [...region]) for (const n of layout.neighbourCells(c)) region.add(n);
        const next = resolveRegion(layout, [...region], settings, deriveSeed(seed, 7919 * (round + 1) + cell));
        if (next) {
          layout = next;
          progress = true;
          break;
        }
      }
    }
    if (!progress) break;
  }
  return evaluate(layout, settings);
}

/**
 * Partitions the union of `cells` again, into as many cells or one more or fewer when the
 * region's households allow; returns the new layout if fewer households end out of range.
 */
function resolveRegion(layout: Layout, cells: number[], settings: AttemptSettings, seed: number): Layout | null {
  const { bounds } = settings;
  const nodes: number[] = [];
  for (const c of cells) nodes.push(...layout.members[c]);
  nodes.sort((a, b) => a - b);
  const sub = inducedSubgraph(layout.graph, nodes);
  const localCell = new Map(cells.map((c, i) => [c, i]));
  const currentPart = Int32Array.from(nodes, (v) => localCell.get(layout.part[v]) ?? 0);
  const current = evaluate(new Layout(sub.graph, currentPart, cells.length), settings);
  const households = cells.reduce((sum, c) => sum + layout.weight[c], 0);
  const counts = [cells.length, cells.length + 1, cells.length - 1].filter(
    (k) => k >= 1 && k <= nodes.length && households / k >= bounds.min && households / k <= bounds.max,
  );
  let best: Outcome | null = null;
  for (const k of counts) {
    for (let index = 0; index < LOCAL_ATTEMPTS; index++) {
      const candidate = runAttempt(sub.graph, k, deriveSeed(seed, k * LOCAL_ATTEMPTS + index), settings, index > 0);
      if (!best || isBetter(candidate, best)) best = candidate;
    }
    if (best && best.violation === 0) break;
  }
  if (!best || best.violation >= current.violation) return null;

  // Region cells reuse the old ids; an extra cell gets a new id, a dropped one disappears.
  const ids = [...cells, layout.cellCount];
  const part = Int32Array.from(layout.part);
  sub.global.forEach((v, local) => (part[v] = ids[best.layout.part[local]]));
  const used = new Int32Array(layout.cellCount + 1).fill(-1);
  let count = 0;
  for (let v = 0; v < part.length; v++) {
    if (used[part[v]] < 0) used[part[v]] = count++;
    part[v] = used[part[v]];
  }
  return new Layout(layout.graph, part, count);
}
