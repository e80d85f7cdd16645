// Range repair by chains of moves: an over-full cell passes boundary nodes to a neighbour,
// which passes some on, until a cell with room absorbs the surplus (and the mirror image for an
// under-full cell). The shortest chain is tried first, so cells far from the problem are left
// alone, which is what a planner rebalancing a hand-made plan expects.
import { PartSearch } from './graph';
import { type Bounds, type Layout, violation } from './layout';

export interface RepairOptions {
  bounds: Bounds;
  pinned?: Uint8Array;
  /** Cells (by index) that neither give nor receive: locked cells stay exactly as they are. */
  frozenCells?: Uint8Array;
  /** Units per node; when given, chains prefer moving fewer units (rebalance counts units). */
  unitCount?: Int32Array;
  /** Longest chain, in cells. */
  maxDepth?: number;
  /** Chains tried per violating cell before giving up on it for this sweep. */
  maxAttempts?: number;
  maxSweeps?: number;
}

/** Repairs out-of-range cells where a chain of moves can; returns the number of node moves. */
export function repairRange(layout: Layout, options: RepairOptions): number {
  const search = new PartSearch(layout.graph);
  const maxSweeps = options.maxSweeps ?? 20;
  let moves = 0;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let progress = false;
    const order = Array.from({ length: layout.cellCount }, (_, c) => c)
      .filter((c) => !options.frozenCells?.[c] && violation(layout.weight[c], options.bounds) > 0)
      .sort((a, b) => violation(layout.weight[b], options.bounds) - violation(layout.weight[a], options.bounds) || a - b);
    for (const cell of order) {
      if (violation(layout.weight[cell], options.bounds) === 0) continue;
      const made = fixCell(layout, cell, options, search);
      if (made > 0) {
        moves += made;
        progress = true;
      }
    }
    if (!progress) break;
  }
  return moves;
}

function fixCell(layout: Layout, cell: number, options: RepairOptions, search: PartSearch): number {
  const { bounds } = options;
  const over = layout.weight[cell] > bounds.max;
  const maxDepth = options.maxDepth ?? 8;
  let attempts = options.maxAttempts ?? 12;
  // Breadth-first over the cell adjacency: each reached cell is a candidate end of a chain.
  const parent = new Map<number, number>([[cell, -1]]);
  let frontier = [cell];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0 && attempts > 0; depth++) {
    const next: number[] = [];
    for (const c of frontier) {
      for (const n of layout.neighbourCells(c)) {
        if (parent.has(n) || options.frozenCells?.[n]) continue;
        parent.set(n, c);
        next.push(n);
      }
    }
    for (const end of next) {
      const hasSlack = over ? layout.weight[end] < bounds.max : layout.weight[end] > bounds.min;
      if (!hasSlack) continue;
      const path = [end];
      for (let c = parent.get(end) ?? -1; c >= 0; c = parent.get(c) ?? -1) path.push(c);
      path.reverse();
      const made = tryChain(layout, path, over, options, search);
      if (made > 0) return made;
      if (--attempts === 0) break;
    }
    frontier = next;
  }
  return 0;
}

/** Executes the chain along `path` (path[0] is the violating cell); reverts it unless it helps. */
function tryChain(layout: Layout, path: number[], over: boolean, options: RepairOptions, search: PartSearch): number {
  const { bounds } = options;
  const before = path.reduce((sum, c) => sum + violation(layout.weight[c], bounds), 0);
  const log: { node: number; from: number }[] = [];
  let complete = true;
  for (let i = 0; i + 1 < path.length && complete; i++) {
    // Over-full chains push surplus outwards; under-full chains pull households inwards.
    const [giver, receiver] = over ? [path[i], path[i + 1]] : [path[i + 1], path[i]];
    const chainEnd = i + 2 === path.length;
    const settle = { giver: over || chainEnd, receiver: !over || chainEnd };
    // A hop may take several nodes: one building is often too small to carry a compound's worth.
    let moved = 0;
    for (let step = 0; step < MAX_NODES_PER_HOP; step++) {
      const current = settledViolation(layout, giver, receiver, settle, 0, bounds);
      if (moved > 0 && current === 0) break;
      const pick = pickNode(layout, giver, receiver, settle, options, search);
      if (pick.node < 0 || (moved > 0 && pick.violation >= current)) break;
      log.push({ node: pick.node, from: giver });
      layout.assign(pick.node, receiver);
      moved++;
    }
    complete = moved > 0;
  }
  const after = path.reduce((sum, c) => sum + violation(layout.weight[c], bounds), 0);
  if (complete && after < before) return log.length;
  for (let i = log.length - 1; i >= 0; i--) layout.assign(log[i].node, log[i].from);
  return 0;
}

const MAX_NODES_PER_HOP = 6;

function settledViolation(
  layout: Layout,
  giver: number,
  receiver: number,
  settle: { giver: boolean; receiver: boolean },
  households: number,
  bounds: Bounds,
): number {
  return (
    (settle.giver ? violation(layout.weight[giver] - households, bounds) : 0) +
    (settle.receiver ? violation(layout.weight[receiver] + households, bounds) : 0)
  );
}

/**
 * The boundary node of `giver` next to `receiver` whose move leaves the fewest households out of
 * range in the cells `settle` names: the cell nearer the chain's origin must end in range, and at
 * the far end of the chain both cells count.
 */
function pickNode(
  layout: Layout,
  giver: number,
  receiver: number,
  settle: { giver: boolean; receiver: boolean },
  options: RepairOptions,
  search: PartSearch,
): { node: number; violation: number } {
  const { graph: g, part } = layout;
  const { bounds, pinned, unitCount } = options;
  if (layout.members[giver].size <= 1) return { node: -1, violation: Infinity };
  let best = -1;
  let bestScore = Infinity;
  let bestViolation = Infinity;
  for (const v of layout.members[giver]) {
    if (pinned && pinned[v]) continue;
    let towards = 0;
    let within = 0;
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
      const c = part[g.targets[i]];
      if (c === receiver) towards += g.cost[i] + 1e-12;
      else if (c === giver) within += g.cost[i];
    }
    if (towards === 0) continue;
    const wv = g.weight[v];
    const local = settledViolation(layout, giver, receiver, settle, wv, bounds);
    const units = unitCount ? unitCount[v] : 0;
    const score = local * 1e9 + units * 1e6 + within - towards;
    if (score < bestScore && search.staysConnected(part, v)) {
      bestScore = score;
      best = v;
      bestViolation = local;
    }
  }
  return { node: best, violation: bestViolation };
}
