// Pulls the extreme cells towards the target: the household range is narrowed step by step
// around the target and the chain repair asked to meet it, until it cannot or the comfort band
// is reached. Local search then works inside the narrowed range, so it can recover compactness
// without undoing the balance. Planners read the worst cell first, so the maximum deviation is
// what this minimises, not an average.
import { type Bounds, type Layout, violation } from './layout';
import { repairRange } from './repair';

/** No point trading compactness for balance once every cell is within this share of the target. */
const COMFORT_SHARE = 0.1;
const MAX_STEPS = 40;

/** Largest distance from the target among cells inside the real range. */
function maxDeviation(layout: Layout, bounds: Bounds): number {
  let worst = 0;
  for (let c = 0; c < layout.cellCount; c++) {
    if (violation(layout.weight[c], bounds) === 0) worst = Math.max(worst, Math.abs(layout.weight[c] - bounds.target));
  }
  return worst;
}

/** Narrows `bounds` as far as chain repair can follow; returns the range the layout now meets. */
export function tightenRange(layout: Layout, bounds: Bounds, pinned?: Uint8Array): Bounds {
  const { target } = bounds;
  const floor = COMFORT_SHARE * target;
  const step = Math.max(1, 0.01 * target);
  let current = bounds;
  let deviation = maxDeviation(layout, bounds);
  // Cells already out of the real range (a compound that fits nowhere) must not block the rest.
  const settled = layout.totalViolation(bounds);
  for (let i = 0; i < MAX_STEPS && deviation > floor; i++) {
    const goal = Math.max(floor, deviation - step);
    const tight = { min: Math.max(bounds.min, target - goal), max: Math.min(bounds.max, target + goal), target };
    const before = Int32Array.from(layout.part);
    repairRange(layout, { bounds: tight, pinned, maxSweeps: 4, maxAttempts: 6, maxDepth: 5 });
    if (!holds(layout, tight, bounds, settled)) {
      for (let v = 0; v < before.length; v++) if (layout.part[v] !== before[v]) layout.assign(v, before[v]);
      break;
    }
    current = tight;
    deviation = maxDeviation(layout, bounds);
  }
  return current;
}

/** Every cell inside the real range is inside the narrowed one, and the rest got no worse. */
function holds(layout: Layout, tight: Bounds, bounds: Bounds, settled: number): boolean {
  for (let c = 0; c < layout.cellCount; c++) {
    if (violation(layout.weight[c], bounds) === 0 && violation(layout.weight[c], tight) > 0) return false;
  }
  return layout.totalViolation(bounds) <= settled;
}
