// Whether a node can be in any cell within the range at all: a cell is a connected group, so a
// node whose every connected group of at most the maximum stays under the minimum (a small
// compound hemmed in by big ones) can never be in range, whatever the other cells do.
import type { NodeGraph } from './graph';
import type { Bounds } from './layout';

/** Groups tried before giving up: a proof is a convenience, never worth a slow answer. */
const GROUP_BUDGET = 20_000;

/**
 * True when no connected group of nodes containing `start` (and only nodes `allowed` accepts)
 * holds between min and max households; false when one does; null when the budget ran out.
 */
export function cannotReachRange(g: NodeGraph, start: number, bounds: Bounds, allowed: (v: number) => boolean): boolean | null {
  if (g.weight[start] > bounds.max) return true;
  // Each connected group is visited once: a node passed over at one level is barred below it.
  const barred = new Uint8Array(g.size);
  let budget = GROUP_BUDGET;
  barred[start] = 1;
  /** Bars and returns the neighbours of v not yet barred: the candidates v brings in. */
  const expose = (v: number): number[] => {
    const fresh: number[] = [];
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
      const w = g.targets[k];
      if (!barred[w] && allowed(w)) {
        barred[w] = 1;
        fresh.push(w);
      }
    }
    return fresh;
  };
  const grow = (households: number, candidates: number[]): boolean | null => {
    if (households >= bounds.min) return false;
    if (--budget < 0) return null;
    let result: boolean | null = true;
    for (let i = 0; i < candidates.length && result === true; i++) {
      const u = candidates[i];
      if (households + g.weight[u] <= bounds.max) {
        const fresh = expose(u);
        result = grow(households + g.weight[u], [...candidates.slice(i + 1), ...fresh]);
        for (const w of fresh) barred[w] = 0;
      }
    }
    return result;
  };
  return grow(g.weight[start], expose(start));
}
