// Proofs that a connected group cannot be cut into cells within the range, whatever their
// shapes. Ignoring contiguity only makes cutting easier, so a group that fails here fails for
// every partition: its households admit no cell count, or its whole compounds cannot be packed
// into cells (the buildings outside compounds are treated as sand that fills any gap, which
// again only makes packing easier). Anything that passes is the search's job.
import type { Bounds } from './layout';

/** Why a group cannot be cut into cells of the range; null when no proof is found. */
export type Impossibility =
  | { kind: 'no_count'; households: number; fewer: number; fewerHold: number; more: number; moreNeed: number }
  | { kind: 'no_packing'; households: number; items: number[]; cells: number[] };

/** Search nodes per proof attempt: a proof is a convenience, never worth a slow answer. */
const NODE_BUDGET = 50_000;
/** Items counted exactly, largest first; below this share of the range's width they are sand. */
const EXACT_SHARES = [1 / 2, 1 / 4, 1 / 10];
const MAX_EXACT_ITEMS = 40;

/** Cell counts k with k·min ≤ households ≤ k·max. */
export function cellCounts(households: number, bounds: Bounds): { low: number; high: number } {
  return { low: Math.max(1, Math.ceil(households / bounds.max)), high: Math.floor(households / bounds.min) };
}

/**
 * Proves that `weights` (the households of items that may not be split) cannot be grouped into
 * cells of the range. Returns the proof, naming the items it needed by index.
 */
export function impossibility(weights: readonly number[], bounds: Bounds): Impossibility | null {
  const households = weights.reduce((sum, w) => sum + w, 0);
  if (households < bounds.min) return null;
  const { low, high } = cellCounts(households, bounds);
  if (low > high) {
    const more = Math.ceil(households / bounds.max);
    return { kind: 'no_count', households, fewer: more - 1, fewerHold: (more - 1) * bounds.max, more, moreNeed: more * bounds.min };
  }
  const order = weights.map((_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b);
  let tried = -1;
  for (const share of EXACT_SHARES) {
    const cut = share * (bounds.max - bounds.min);
    let count = 0;
    while (count < order.length && count < MAX_EXACT_ITEMS && weights[order[count]] > cut) count++;
    if (count === tried || count === 0) continue;
    tried = count;
    const exact = order.slice(0, count);
    const sizes = exact.map((i) => weights[i]);
    const sand = households - sizes.reduce((sum, w) => sum + w, 0);
    let proven = true;
    for (let k = low; k <= high && proven; k++) {
      const packed = packs(sizes, sand, k, bounds);
      // An exhausted budget proves nothing.
      if (packed !== false) proven = false;
    }
    if (proven) return { kind: 'no_packing', households, items: exact, cells: range(low, high) };
  }
  return null;
}

function range(low: number, high: number): number[] {
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/**
 * Depth-first search for an assignment of `sizes` (descending) to k cells so that no cell
 * exceeds the maximum and `sand` can top every cell up to the minimum. True when found, false
 * when none exists, null when the budget ran out.
 */
function packs(sizes: readonly number[], sand: number, k: number, bounds: Bounds): boolean | null {
  const load = new Float64Array(k);
  const rest = new Float64Array(sizes.length + 1);
  for (let i = sizes.length - 1; i >= 0; i--) rest[i] = rest[i + 1] + sizes[i];
  let budget = NODE_BUDGET;
  const shortfall = () => {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.max(0, bounds.min - load[c]);
    return sum;
  };
  const place = (i: number): boolean | null => {
    if (--budget < 0) return null;
    if (shortfall() > sand + rest[i]) return false;
    if (i === sizes.length) return true;
    const tried = new Set<number>();
    for (let c = 0; c < k; c++) {
      // Cells with equal loads are interchangeable: trying one of them is enough.
      if (tried.has(load[c]) || load[c] + sizes[i] > bounds.max) continue;
      tried.add(load[c]);
      load[c] += sizes[i];
      const found = place(i + 1);
      load[c] -= sizes[i];
      if (found !== false) return found;
    }
    return false;
  };
  return place(0);
}
