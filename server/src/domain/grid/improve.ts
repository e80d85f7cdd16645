// Local search: move single boundary nodes to a neighbouring cell while that lowers the
// objective (range violation first, then cut cost plus a balance penalty). Moves never empty a
// cell or disconnect the cell they leave, so contiguity holds throughout.
import { PartSearch } from './graph';
import { type Bounds, type Layout, deviationSquared, violation } from './layout';

/** Range violations dominate: no saving in cut length may buy a household out of range. */
export const VIOLATION_WEIGHT = 1e7;

export interface ImproveOptions {
  bounds: Bounds;
  /** Cut-cost equivalent of one unit of summed squared relative deviation. */
  balanceWeight: number;
  /** Nodes that must stay where they are. */
  pinned?: Uint8Array;
  maxPasses: number;
}

/** The objective local search minimises; lower is better. */
export function objective(layout: Layout, options: ImproveOptions): number {
  return (
    VIOLATION_WEIGHT * layout.totalViolation(options.bounds) + layout.cutCost() + options.balanceWeight * layout.imbalance(options.bounds)
  );
}

/** Runs improving passes until none helps or `maxPasses` is reached; returns the moves made. */
export function improve(layout: Layout, options: ImproveOptions): number {
  const { graph: g, part, weight } = layout;
  const { bounds, balanceWeight, pinned } = options;
  const search = new PartSearch(g);
  const connection = new Float64Array(layout.cellCount);
  const touched: number[] = [];
  const cellPenalty = (w: number) => VIOLATION_WEIGHT * violation(w, bounds) + balanceWeight * deviationSquared(w, bounds);
  let moves = 0;
  for (let pass = 0; pass < options.maxPasses; pass++) {
    let movedThisPass = 0;
    for (let v = 0; v < g.size; v++) {
      const p = part[v];
      if (p < 0 || (pinned && pinned[v]) || layout.members[p].size <= 1) continue;
      touched.length = 0;
      for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
        const c = part[g.targets[i]];
        if (c < 0) continue;
        if (connection[c] === 0) touched.push(c);
        connection[c] += g.cost[i] + 1e-12;
      }
      const internal = connection[p];
      const wv = g.weight[v];
      const leaveDelta = cellPenalty(weight[p] - wv) - cellPenalty(weight[p]);
      let best = -1;
      let bestDelta = -1e-9;
      for (const q of touched) {
        if (q === p) continue;
        const delta = leaveDelta + cellPenalty(weight[q] + wv) - cellPenalty(weight[q]) + internal - connection[q];
        if (delta < bestDelta) {
          bestDelta = delta;
          best = q;
        }
      }
      for (const c of touched) connection[c] = 0;
      if (best >= 0 && search.staysConnected(part, v)) {
        layout.assign(v, best);
        movedThisPass++;
      }
    }
    moves += movedThisPass;
    if (movedThisPass === 0) break;
  }
  return moves;
}
