// The mutable state shared by region growing, repair and local search: which cell each node
// is in, with per-cell totals kept up to date so every move is evaluated in constant time.
import type { NodeGraph } from './graph';

/** Household range of a cell and the balance target (the midpoint of the range). */
export interface Bounds {
  min: number;
  max: number;
  target: number;
}

/** Households outside the range; zero for an in-range cell. */
export function violation(households: number, bounds: Bounds): number {
  if (households < bounds.min) return bounds.min - households;
  if (households > bounds.max) return households - bounds.max;
  return 0;
}

export class Layout {
  readonly weight: Float64Array;
  readonly members: Set<number>[];

  constructor(
    readonly graph: NodeGraph,
    /** Cell per node; -1 while unassigned. */
    readonly part: Int32Array,
    readonly cellCount: number,
  ) {
    this.weight = new Float64Array(cellCount);
    this.members = Array.from({ length: cellCount }, () => new Set<number>());
    for (let v = 0; v < graph.size; v++) {
      const c = part[v];
      if (c < 0) continue;
      this.weight[c] += graph.weight[v];
      this.members[c].add(v);
    }
  }

  assign(v: number, cell: number): void {
    const from = this.part[v];
    if (from >= 0) {
      this.weight[from] -= this.graph.weight[v];
      this.members[from].delete(v);
    }
    this.part[v] = cell;
    this.weight[cell] += this.graph.weight[v];
    this.members[cell].add(v);
  }

  /** Cells that share at least one edge with `cell`, in first-seen order. */
  neighbourCells(cell: number): number[] {
    const { offsets, targets } = this.graph;
    const seen = new Set<number>();
    for (const v of this.members[cell]) {
      for (let i = offsets[v]; i < offsets[v + 1]; i++) {
        const c = this.part[targets[i]];
        if (c >= 0 && c !== cell) seen.add(c);
      }
    }
    return [...seen];
  }

  totalViolation(bounds: Bounds): number {
    let sum = 0;
    for (let c = 0; c < this.cellCount; c++) sum += violation(this.weight[c], bounds);
    return sum;
  }

  /** Sum of the cost of edges whose ends lie in different cells. */
  cutCost(): number {
    const { offsets, targets, cost } = this.graph;
    let sum = 0;
    for (let v = 0; v < this.graph.size; v++) {
      for (let i = offsets[v]; i < offsets[v + 1]; i++) {
        const u = targets[i];
        if (u > v && this.part[u] !== this.part[v]) sum += cost[i];
      }
    }
    return sum;
  }

  /** Balance penalty: squared relative deviation from the target, summed over cells. */
  imbalance(bounds: Bounds): number {
    let sum = 0;
    for (let c = 0; c < this.cellCount; c++) sum += deviationSquared(this.weight[c], bounds);
    return sum;
  }
}

/** Squared relative deviation from the target: the balance term of the local search. */
export function deviationSquared(households: number, bounds: Bounds): number {
  const d = (households - bounds.target) / bounds.target;
  return d * d;
}
